using System.Globalization;
using System.Text;
using System.Text.Json;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.ExtractBench;

/// <summary>A seeded backbone-like layer built in memory through the one layer file writer: 70% nodes (points), 30% links (8-vertex lines).</summary>
public static class SyntheticLayer
{
    private static readonly string[] Statuses = ["operational", "planned", "under-construction", "unknown"];
    private static readonly string[] Countries = ["NGA", "GHA", "KEN", "BRA", "IND", "FJI"];
    private static readonly string[] Operators = ["MTN", "Orange", "Airtel", "Glo, Ltd.", "Moov \"Africa\""];

    public static Layer Build(int count, int seed)
    {
        var random = new Random(seed);
        var factory = GeoJsonOptions.Factory;
        var json = new StringBuilder(1 << 20).Append("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < count; i++)
        {
            string id = $"f-{i:D7}";
            double lon = random.NextDouble() * 340 - 170, lat = random.NextDouble() * 140 - 70;
            Geometry geometry;
            json.Append(i == 0 ? "" : ",").Append("{\"type\":\"Feature\",\"id\":\"").Append(id).Append("\",\"geometry\":");
            if (i % 10 < 7)
            {
                geometry = factory.CreatePoint(new Coordinate(Math.Round(lon, 6), Math.Round(lat, 6)));
                json.Append("{\"type\":\"Point\",\"coordinates\":[").Append(N(geometry.Coordinate.X)).Append(',').Append(N(geometry.Coordinate.Y)).Append("]}");
            }
            else
            {
                var coordinates = new Coordinate[8];
                for (int j = 0; j < coordinates.Length; j++)
                    coordinates[j] = new Coordinate(Math.Round(lon += random.NextDouble() * 0.5, 6), Math.Round(lat += random.NextDouble() * 0.5 - 0.25, 6));
                geometry = factory.CreateLineString(coordinates);
                json.Append("{\"type\":\"LineString\",\"coordinates\":[")
                    .AppendJoin(',', coordinates.Select(c => $"[{N(c.X)},{N(c.Y)}]")).Append("]}");
            }
            int year = 1990 + random.Next(35);
            string properties = $$"""{"name":"Site {{i}}","operator":{{JsonSerializer.Serialize(Operators[i % Operators.Length])}},"status":"{{Statuses[i % 4]}}","country":"{{Countries[i % 6]}}","data_year":{{year}},"capacity_mbps":{{random.Next(1, 400_000)}},"length_km":{{N(Math.Round(random.NextDouble() * 900, 3))}}}""";
            json.Append(",\"properties\":").Append(properties).Append('}');
        }
        var metadata = new CollectionMetadata
        {
            Id = "backbone",
            Title = "Synthetic backbone",
            Description = $"{count:N0} seeded features (seed {seed}).",
            License = "CC0-1.0",
            Attribution = "Maps bench",
            Source = "generated",
            GeometryType = "Geometry",
            DateProperty = "data_year",
            Queryables = [new QueryableProperty { Name = "status", Type = "string" }, new QueryableProperty { Name = "country", Type = "string" }],
        };
        return Layer.FromGeoJson(metadata, Encoding.UTF8.GetBytes(json.Append("]}").ToString()), $"bench{seed:D11}");
    }

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
