using Maps.Core.Layers;
using Maps.Core.Spatial;
using NetTopologySuite.Geometries;

namespace Maps.Core.Tests.Spatial;

/// <summary>Small builders for test geometries and features.</summary>
internal static class Geo
{
    public static Point Point(double lon, double lat) => GeoJsonOptions.Factory.CreatePoint(new Coordinate(lon, lat));

    public static LineString Line(params (double Lon, double Lat)[] vertices) =>
        GeoJsonOptions.Factory.CreateLineString(vertices.Select(v => new Coordinate(v.Lon, v.Lat)).ToArray());

    public static IndexedFeature Feature(string id, Geometry geometry, string collection = "fibre-links") => new(collection, id, geometry);

    /// <summary>
    /// Random features with a fixed seed: polylines of 1–12 vertices taking steps of up to
    /// <paramref name="maxStepDegrees"/>, and some points, anywhere in the given latitude band.
    /// </summary>
    public static List<IndexedFeature> RandomFeatures(int seed, int count, double minLat, double maxLat, double maxStepDegrees)
    {
        var random = new Random(seed);
        var features = new List<IndexedFeature>(count);
        for (int i = 0; i < count; i++)
        {
            double lon = random.NextDouble() * 360 - 180;
            double lat = minLat + random.NextDouble() * (maxLat - minLat);
            string id = $"f{i:D5}";
            if (random.Next(5) == 0)
            {
                features.Add(Feature(id, Point(lon, lat), "transmission-nodes"));
                continue;
            }
            int vertices = 2 + random.Next(11);
            var line = new (double, double)[vertices];
            for (int v = 0; v < vertices; v++)
            {
                line[v] = (lon, lat);
                lon = Wrap(lon + (random.NextDouble() * 2 - 1) * maxStepDegrees);
                lat = Math.Clamp(lat + (random.NextDouble() * 2 - 1) * maxStepDegrees, -90, 90);
                if (random.Next(10) == 0 && v + 1 < vertices)
                    line[++v] = line[v - 1]; // a zero-length edge
            }
            features.Add(Feature(id, Line(line)));
        }
        return features;
    }

    public static double Wrap(double lon) => lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
}
