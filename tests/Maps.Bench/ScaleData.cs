using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Maps.Core.Layers;

namespace Maps.Bench;

/// <summary>
/// Giga-size inputs for the scale benchmark, generated from the shipped layers with a fixed seed:
/// schools in Giga's schema (the shipped <c>giga-schools</c> rows repeated, each copy moved by up to
/// 0.1° and given its own id, as the issue measured) and population points (the shipped
/// <c>population</c> places repeated, moved by up to 0.5°, with a population of 50 to 5,000). Each
/// set is written as a gzip CSV (what a steward publishes) and as a GeoJSON layer file of the kind
/// the GeoJSON path served (what the baseline loads), streamed, so memory stays flat.
/// </summary>
internal sealed class ScaleData
{
    public static readonly string[] SchoolColumns = ["giga_id_school", "school_name", "education_level", "school_data_source", "country", "country_name"];
    public static readonly string[] PopulationColumns = ["name", "country", "country_name", "feature_code"];

    private readonly List<(double Lon, double Lat, string Id, string?[] Values)> _schools;
    private readonly List<(double Lon, double Lat, string?[] Values)> _places;

    private ScaleData(List<(double, double, string, string?[])> schools, List<(double, double, string?[])> places)
    {
        _schools = schools;
        _places = places;
    }

    /// <summary>The templates: every shipped school and populated place.</summary>
    public static ScaleData FromShipped(string layersDirectory)
    {
        var schools = Layer.Open(Path.Combine(layersDirectory, "giga-schools.fgb")).All()
            .Select(f => (Point(f).Lon, Point(f).Lat, f.Id, SchoolColumns.Select(c => f.Value(c).AsString).ToArray())).ToList();
        var places = Layer.Open(Path.Combine(layersDirectory, "population.fgb")).All()
            .Select(f => (Point(f).Lon, Point(f).Lat, PopulationColumns.Select(c => f.Value(c).AsString).ToArray())).ToList();
        return new ScaleData(schools, places);
    }

    private static (double Lon, double Lat) Point(LayerFeature feature) => (feature.Geometry.Coordinate.X, feature.Geometry.Coordinate.Y);

    /// <summary>The i-th generated school: its id, position and Giga columns.</summary>
    public IEnumerable<(string Id, double Lon, double Lat, string?[] Values)> Schools(int count)
    {
        var random = new Random(24);
        for (int i = 0; i < count; i++)
        {
            var (lon, lat, id, values) = _schools[i % _schools.Count];
            string copy = $"{id}-{i / _schools.Count}";
            var row = (string?[])values.Clone();
            row[0] = copy;
            yield return (copy, Jitter(lon, 0.1, random, 180), Jitter(lat, 0.1, random, 85), row);
        }
    }

    /// <summary>The i-th generated population point: its id, position, columns and population.</summary>
    public IEnumerable<(string Id, double Lon, double Lat, string?[] Values, int Population)> Population(int count)
    {
        var random = new Random(5);
        for (int i = 0; i < count; i++)
        {
            var (lon, lat, values) = _places[i % _places.Count];
            yield return ($"pop-{i:D7}", Jitter(lon, 0.5, random, 180), Jitter(lat, 0.5, random, 85), values, random.Next(50, 5001));
        }
    }

    private static double Jitter(double value, double by, Random random, double limit) =>
        Math.Round(Math.Clamp(value + (random.NextDouble() * 2 - 1) * by, -limit, limit), 6);

    /// <summary>The schools as a gzip CSV for a publish: <c>id</c>, the Giga columns, <c>latitude</c>, <c>longitude</c>.</summary>
    public void WriteSchoolsCsv(string path, int count) =>
        WriteCsv(path, ["id", .. SchoolColumns, "latitude", "longitude"],
            Schools(count).Select(s => (IReadOnlyList<string?>)[s.Id, .. s.Values, F(s.Lat), F(s.Lon)]));

    public void WritePopulationCsv(string path, int count) =>
        WriteCsv(path, ["id", .. PopulationColumns, "population", "latitude", "longitude"],
            Population(count).Select(p => (IReadOnlyList<string?>)[p.Id, .. p.Values, p.Population.ToString(CultureInfo.InvariantCulture), F(p.Lat), F(p.Lon)]));

    /// <summary>The schools as the GeoJSON path's layer file (a FeatureCollection).</summary>
    public void WriteSchoolsGeoJson(string path, int count) =>
        WriteGeoJson(path, Schools(count).Select(s => (s.Id, s.Lon, s.Lat, SchoolColumns.Zip(s.Values).Select(p => (p.First, (object?)p.Second)))));

    public void WritePopulationGeoJson(string path, int count) =>
        WriteGeoJson(path, Population(count).Select(p => (p.Id, p.Lon, p.Lat,
            PopulationColumns.Zip(p.Values).Select(c => (c.First, (object?)c.Second)).Append(("population", (object?)p.Population)))));

    private static void WriteCsv(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16);
        writer.Write(string.Join(',', header));
        writer.Write('\n');
        foreach (var row in rows)
        {
            for (int i = 0; i < row.Count; i++)
            {
                if (i > 0)
                    writer.Write(',');
                writer.Write(Quote(row[i]));
            }
            writer.Write('\n');
        }
    }

    private static string Quote(string? value) => value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private static void WriteGeoJson(string path, IEnumerable<(string Id, double Lon, double Lat, IEnumerable<(string Name, object? Value)> Properties)> features)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var json = new Utf8JsonWriter(file);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        foreach (var (id, lon, lat, properties) in features)
        {
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteString("id", id);
            json.WriteStartObject("geometry");
            json.WriteString("type", "Point");
            json.WriteStartArray("coordinates");
            json.WriteNumberValue(lon);
            json.WriteNumberValue(lat);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("properties");
            foreach (var (name, value) in properties)
            {
                switch (value)
                {
                    case null: json.WriteNull(name); break;
                    case int number: json.WriteNumber(name, number); break;
                    default: json.WriteString(name, value.ToString()); break;
                }
            }
            json.WriteEndObject();
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16)
                json.Flush();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
