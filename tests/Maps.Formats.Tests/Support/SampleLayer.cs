using NetTopologySuite.Geometries;

namespace Maps.Formats.Tests.Support;

/// <summary>A feature as a test writes it with an independent writer and expects it back.</summary>
public sealed record SampleFeature(string Id, Geometry Geometry, string Name, long Count, double Value);

/// <summary>Random points and lines with properties, reproducible from a seed.</summary>
public static class SampleLayer
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private static readonly string[] Names = ["Lagos PoP", "Nairobi, \"IXP\"", "Dakar\nlanding", "Ségou relais", "Mombasa;CLS", "a\u00e9\u4e2d"];

    public static List<SampleFeature> Generate(int count, int seed, bool points = true, bool lines = true, double lonRange = 179, double latRange = 85)
    {
        var random = new Random(seed);
        double Lon() => (random.NextDouble() * 2 - 1) * lonRange;
        double Lat() => (random.NextDouble() * 2 - 1) * latRange;
        var features = new List<SampleFeature>(count);
        for (int i = 0; i < count; i++)
        {
            bool point = points && (!lines || random.Next(2) == 0);
            Geometry geometry = point
                ? Factory.CreatePoint(new Coordinate(Lon(), Lat()))
                : Factory.CreateLineString(Enumerable.Range(0, 2 + random.Next(5)).Select(_ => new Coordinate(Lon(), Lat())).ToArray());
            features.Add(new SampleFeature($"f{i + 1}", geometry, Names[random.Next(Names.Length)] + " " + i, random.NextInt64(-1_000_000, 1_000_000), Math.Round(random.NextDouble() * 1000, 3)));
        }
        return features;
    }

    /// <summary>Every coordinate of <paramref name="actual"/> within <paramref name="tolerance"/> of <paramref name="expected"/>'s.</summary>
    public static void AssertSameCoordinates(Geometry expected, Geometry? actual, double tolerance)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GeometryType, actual.GeometryType);
        var e = expected.Coordinates;
        var a = actual.Coordinates;
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(Math.Abs(e[i].X - a[i].X) <= tolerance, $"x {a[i].X} is not {e[i].X}");
            Assert.True(Math.Abs(e[i].Y - a[i].Y) <= tolerance, $"y {a[i].Y} is not {e[i].Y}");
        }
    }
}
