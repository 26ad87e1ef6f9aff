using System.Collections.Concurrent;
using System.Diagnostics;
using Maps.Core.Geodesy;
using Maps.Core.Layers;
using Maps.Core.Spatial;

namespace Maps.Bench;

/// <summary>
/// The baseline of <c>http-profile</c>: the profile of one point the way a script without an index
/// computes it, every primitive of each role measured (<see cref="BruteForceNearest"/>), every
/// population feature and every request school measured for the range columns, on all cores.
/// </summary>
internal static class ProfileBruteForce
{
    public static double PointsPerSecond(string dataDirectory, int schoolCount, int sample, Func<Random, (double Lon, double Lat)> point)
    {
        var layers = new LayerSet(DirectoryLayerCatalog.ReadDirectory(dataDirectory));
        BruteForceNearest Role(string[] collections, PropertyMatch match) => BruteForceNearest.Build(IndexedFeature.FromLayers(
            collections.Select(layers.Find).OfType<Layer>(), new IndexSelection(collections, ["operational"], match)));
        var roles = new[]
        {
            Role(["fibre-links", "transmission-nodes"], new PropertyMatch("infrastructure", "fibre", KeepMissing: true)),
            Role(["microwave-links", "transmission-nodes"], new PropertyMatch("infrastructure", "microwave", KeepMissing: true)),
        };
        var population = BruteForceNearest.Build(IndexedFeature.FromLayers(
            [layers.Find("population")!], new IndexSelection(["population"], weightProperty: "population")));
        var random = new Random(3); // the seed of the full http run's rows
        var schools = Enumerable.Range(0, schoolCount).Select(_ => { var (lon, lat) = point(random); return new LonLat(lon, lat); }).ToArray();
        var requestSchools = BruteForceNearest.FromPoints(schools);
        double[] radii = [1, 2, 3, 10];
        var queries = schools[..sample];

        var watch = Stopwatch.StartNew();
        Parallel.ForEach(Partitioner.Create(0, queries.Length, 8), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
            {
                foreach (var role in roles)
                    role.Nearest(queries[i].Lon, queries[i].Lat);
                foreach (double radius in radii)
                {
                    population.Within(queries[i].Lon, queries[i].Lat, radius);
                    requestSchools.Within(queries[i].Lon, queries[i].Lat, radius);
                }
            }
        });
        return queries.Length / watch.Elapsed.TotalSeconds;
    }
}
