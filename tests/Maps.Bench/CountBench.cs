using System.Diagnostics;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Maps.Bench;

/// <summary>
/// Counting the features in a box (numberMatched of a bbox page), four ways on the same boxes in the
/// same run: (a) brute force over every envelope, (b) NTS STRtree query + the exact test per
/// candidate (the way before the packed tree), (c) <see cref="PackedEnvelopeTree.Count(Envelope, Func{int, bool}?, IRangeCounter?)"/>
/// (whole nodes inside the box counted unvisited), (d) the same with a <see cref="PrefixCounter"/> for
/// "in the box AND a 1-in-5 property" (its baseline: brute force testing both). Data: random points
/// (<see cref="BenchData.QueryPoints"/>) and, when present, data/layers/schools.geojson, where (b) is
/// the real filter and also LayerQuery.Execute (numberMatched of a 10-feature page) is timed. Every
/// method's counts are compared with brute force on the sampled boxes; exit 1 on a difference.
/// </summary>
internal static class CountBench
{
    private const int Repetitions = 3;

    public static int Run(string? dataDirectory, int pointCount, int queryCount, int bruteSample)
    {
        int mismatches = 0;
        var points = BenchData.QueryPoints(pointCount);
        double[] x = points.Select(p => p.Lon).ToArray(), y = points.Select(p => p.Lat).ToArray();
        var envelopes = points.Select(p => new Envelope(p.Lon, p.Lon, p.Lat, p.Lat)).ToArray();
        Console.WriteLine($"random points: {pointCount:N0} (95 % over lon -26..16, lat 3..28), {queryCount} boxes per size centred on points, brute force on {bruteSample}, cores {Environment.ProcessorCount}");

        long before = GC.GetTotalMemory(true);
        var watch = Stopwatch.StartNew();
        var packed = PackedEnvelopeTree.FromPoints(x, y);
        double packedBuild = watch.Elapsed.TotalMilliseconds;
        long packedBytes = GC.GetTotalMemory(true) - before;
        GC.KeepAlive(packed);

        before = GC.GetTotalMemory(true);
        watch.Restart();
        var strtree = new STRtree<int>();
        for (int i = 0; i < envelopes.Length; i++)
            strtree.Insert(envelopes[i], i);
        strtree.Build();
        double strBuild = watch.Elapsed.TotalMilliseconds;
        long strBytes = GC.GetTotalMemory(true) - before;
        Console.WriteLine($"build: packed tree {packedBuild:F0} ms, {packedBytes / (double)pointCount:F1} bytes/point retained (arrays {packed.SizeInBytes / (double)pointCount:F1}), height {packed.Height}, {packed.NodeCount:N0} nodes;"
            + $" STRtree {strBuild:F0} ms, {strBytes / (double)pointCount:F1} bytes/point (beside the envelopes it indexes)");

        bool Property(int position) => (uint)(position * 2654435761u) % 5 == 0;
        var property = Enumerable.Range(0, pointCount).Select(Property).ToArray();
        watch.Restart();
        var counter = packed.CounterOf(p => property[p]);
        Console.WriteLine($"prefix counter (1 in 5): {watch.Elapsed.TotalMilliseconds:F0} ms, {counter.Total:N0} of {pointCount:N0}");

        var exact = (Func<int, bool>)(p => true); // points: never asked (their envelopes are inside or outside)
        var random = new Random(11);
        Header();
        foreach (var (name, width, height) in new[] { ("0.1°", 0.1, 0.1), ("1°", 1.0, 1.0), ("10°", 10.0, 10.0), ("country 8×9.7°", 8.0, 9.7) })
        {
            var boxes = Enumerable.Range(0, queryCount).Select(_ =>
            {
                var centre = points[random.Next(pointCount)];
                return new Envelope(centre.Lon - width / 2, centre.Lon + width / 2, centre.Lat - height / 2, centre.Lat + height / 2);
            }).ToArray();
            var sample = boxes[..Math.Min(bruteSample, boxes.Length)];
            mismatches += Row(name, boxes, sample,
                brute: box => BruteCount(x, y, box, null),
                bruteProperty: box => BruteCount(x, y, box, property),
                strtree: box => { int n = 0; foreach (int p in strtree.Query(box)) if (envelopes[p].Intersects(box)) n++; return n; },
                packedCount: box => packed.Count(box, exact),
                packedProperty: box => packed.Count(box, exact, counter));
        }

        string? schools = SchoolsPath(dataDirectory);
        if (schools is null)
        {
            Console.WriteLine("schools: data/layers/schools.fgb not found; skipped");
            return mismatches == 0 ? 0 : 1;
        }
        mismatches += Schools(schools, queryCount, random);
        Console.WriteLine($"exactness: {mismatches} mismatching counts");
        return mismatches == 0 ? 0 : 1;
    }

    private static int Schools(string metadataPath, int queryCount, Random random)
    {
        var layer = Layer.Open(metadataPath);
        var features = layer.All().ToArray();
        var envelopes = features.Select(f => f.Envelope).ToArray();
        double[] x = envelopes.Select(e => e.MinX).ToArray(), y = envelopes.Select(e => e.MinY).ToArray();
        var strtree = new STRtree<int>();
        for (int i = 0; i < envelopes.Length; i++)
            strtree.Insert(envelopes[i], i);
        strtree.Build();
        var packed = layer.EnvelopeIndex;
        bool Secondary(int p) => features[p].GetString("level") == "Secondary";
        var secondary = Enumerable.Range(0, features.Length).Select(Secondary).ToArray();
        var counter = packed.CounterOf(p => secondary[p]);
        Console.WriteLine();
        Console.WriteLine($"schools: {features.Length:N0} points ({Path.GetFileName(metadataPath)}), property level = Secondary ({counter.Total:N0}); (b) and (b') use the request's FeatureFilter");

        var filters = new Dictionary<Envelope, FeatureFilter>();
        FeatureFilter FilterOf(Envelope box) => filters.TryGetValue(box, out var f) ? f
            : filters[box] = FeatureFilter.For(layer, new FeatureQuery { Bbox = new BoundingBox(box.MinX, box.MinY, box.MaxX, box.MaxY) });

        int mismatches = 0;
        Header();
        var kenya = new Envelope(33.9, 41.9, -4.7, 5.0);
        foreach (var (name, width, height) in new[] { ("0.1°", 0.1, 0.1), ("1°", 1.0, 1.0), ("Kenya bbox", 0.0, 0.0) })
        {
            var boxes = width == 0 ? Enumerable.Repeat(kenya, queryCount).ToArray() : Enumerable.Range(0, queryCount).Select(_ =>
            {
                var centre = envelopes[random.Next(envelopes.Length)];
                return new Envelope(centre.MinX - width / 2, centre.MinX + width / 2, centre.MinY - height / 2, centre.MinY + height / 2);
            }).ToArray();
            foreach (var box in boxes)
                FilterOf(box);
            mismatches += Row(name, boxes, boxes,
                brute: box => BruteCount(x, y, box, null),
                bruteProperty: box => BruteCount(x, y, box, secondary),
                strtree: box =>
                {
                    var filter = filters[box];
                    int n = 0;
                    foreach (int p in strtree.Query(box))
                        if (filter.Matches(features[p]))
                            n++;
                    return n;
                },
                packedCount: box => { var filter = filters[box]; return layer.CountIntersecting(box, p => filter.Matches(features[p])); },
                packedProperty: box => { var filter = filters[box]; return layer.CountIntersecting(box, p => filter.Matches(features[p]), counter); },
                layerQuery: box => LayerQuery.Execute(layer, new FeatureQuery { Bbox = new BoundingBox(box.MinX, box.MinY, box.MaxX, box.MaxY), Limit = 10 }).NumberMatched);
        }
        return mismatches;
    }

    private static void Header()
    {
        Console.WriteLine($"{"boxes",-16} {"matched",9} | {"(a) brute",10} {"(b) STRtree",11} {"(c) packed",10} {"b/c",7} {"a/c",8} | {"(a') brute+p",12} {"(d) prefix",10} {"a'/d",8} | {"(b') LayerQuery",15}   (µs per query)");
    }

    private static int Row(string name, Envelope[] boxes, Envelope[] sample, Func<Envelope, int> brute, Func<Envelope, int> bruteProperty,
        Func<Envelope, int> strtree, Func<Envelope, int> packedCount, Func<Envelope, int> packedProperty, Func<Envelope, int>? layerQuery = null)
    {
        int mismatches = 0;
        var expected = sample.Select(brute).ToArray();
        var expectedProperty = sample.Select(bruteProperty).ToArray();
        foreach (var (method, truth) in new[] { (strtree, expected), (packedCount, expected), (packedProperty, expectedProperty) }
            .Concat(layerQuery is null ? [] : [(layerQuery, expected)]))
        {
            for (int i = 0; i < sample.Length; i++)
                if (method(sample[i]) != truth[i] && mismatches++ < 5)
                    Console.WriteLine($"  mismatch for {sample[i]}: {method(sample[i])} != {truth[i]}");
        }

        double a = PerQuery(sample, brute), b = PerQuery(boxes, strtree), c = PerQuery(boxes, packedCount);
        double aProperty = PerQuery(sample, bruteProperty), d = PerQuery(boxes, packedProperty);
        string layer = layerQuery is null ? "" : $"{PerQuery(boxes, layerQuery),15:F2}";
        Console.WriteLine($"{name,-16} {expected.Average(),9:F0} | {a,10:F2} {b,11:F2} {c,10:F2} {b / c,6:F1}x {a / c,7:F0}x | {aProperty,12:F2} {d,10:F2} {aProperty / d,7:F0}x | {layer}");
        return mismatches;
    }

    /// <summary>Best of <see cref="Repetitions"/> runs over all boxes (after one warm-up run), in µs per box.</summary>
    private static double PerQuery(Envelope[] boxes, Func<Envelope, int> method)
    {
        long sink = 0;
        foreach (var box in boxes.Take(20))
            sink += method(box);
        double best = double.MaxValue;
        for (int r = 0; r < Repetitions; r++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var box in boxes)
                sink += method(box);
            best = Math.Min(best, watch.Elapsed.TotalMicroseconds / boxes.Length);
        }
        GC.KeepAlive(sink);
        return best;
    }

    private static int BruteCount(double[] x, double[] y, Envelope box, bool[]? property)
    {
        double x0 = box.MinX, x1 = box.MaxX, y0 = box.MinY, y1 = box.MaxY;
        int n = 0;
        for (int i = 0; i < x.Length; i++)
            if (x[i] >= x0 && x[i] <= x1 && y[i] >= y0 && y[i] <= y1 && (property is null || property[i]))
                n++;
        return n;
    }

    private static string? SchoolsPath(string? dataDirectory)
    {
        if (dataDirectory is not null)
            return File.Exists(Path.Combine(dataDirectory, "schools.fgb")) ? Path.Combine(dataDirectory, "schools.fgb") : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "data", "layers", "schools.fgb");
            if (File.Exists(Path.Combine(dir.FullName, "Maps.sln")))
                return File.Exists(path) ? path : null;
        }
        return null;
    }
}
