using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Maps.Import;

/// <summary>
/// Writes the ready planner input <c>data/samples/kenya-schools.csv</c> (id, name, lat, lon, level,
/// county, country) from the imported <c>schools</c> layer, so that the CSV a planner posts to
/// <c>/api/analysis/nearest</c> is the same data the API serves. Deterministic; written to a
/// temporary file and renamed, so a failure never leaves half a file.
/// </summary>
internal static class PlannerSample
{
    public const string FileName = "kenya-schools.csv";
    private static readonly string[] Columns = ["id", "name", "lat", "lon", "level", "county", "country"];

    public static string Write(string layersDirectory, string samplesDirectory)
    {
        Directory.CreateDirectory(samplesDirectory);
        string target = Path.Combine(samplesDirectory, FileName);
        string temp = target + ".tmp";
        using (var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layersDirectory, "schools.geojson"))))
        using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" })
        {
            writer.WriteLine(string.Join(",", Columns));
            foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
            {
                var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
                var properties = feature.GetProperty("properties");
                string Text(string name) => properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
                writer.WriteLine(string.Join(",",
                    Quote(feature.GetProperty("id").GetString()!), Quote(Text("name")),
                    coordinates[1].GetDouble().ToString("R", CultureInfo.InvariantCulture),
                    coordinates[0].GetDouble().ToString("R", CultureInfo.InvariantCulture),
                    Quote(Text("level")), Quote(Text("county")), Quote(Text("country"))));
            }
        }
        File.Move(temp, target, overwrite: true);
        return target;
    }

    /// <summary>RFC 4180: quote a field only when it holds a comma, quote or line break.</summary>
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
