using System.Globalization;
using System.Text;
using System.Text.Json;
using Maps.Import.Sources;

namespace Maps.Import;

/// <summary>
/// The planner samples in <c>data/samples</c>. Writes the ready planner input <c>kenya-schools.csv</c> (id, name, lat, lon, level,
/// county, country) from the imported <c>schools</c> layer, so that the CSV a planner posts to
/// <c>/api/analysis/nearest</c> is the same data the API serves. Deterministic; written to a
/// temporary file and renamed, so a failure never leaves half a file. Copies Giga's school CSVs unchanged
/// (<see cref="CopyGigaSchools"/>).
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

    /// <summary>
    /// Copies Giga's school CSVs byte for byte to <c>giga-schools-{KEN,ZAF,BIH}.csv</c> in
    /// <paramref name="samplesDirectory"/>: Giga's own format is what the analysis endpoints must accept
    /// unchanged, so the sample is the source file itself. Each copy goes to a temporary file first.
    /// </summary>
    /// <returns>The paths written, in <see cref="GigaSchools.Files"/> order.</returns>
    public static IReadOnlyList<string> CopyGigaSchools(string sourcesDirectory, string samplesDirectory)
    {
        Directory.CreateDirectory(samplesDirectory);
        var written = new List<string>();
        foreach (string file in GigaSchools.Files)
        {
            string source = Path.Combine(sourcesDirectory, file);
            if (!File.Exists(source))
                throw new ImportFileException(file, "file not found.");
            string target = Path.Combine(samplesDirectory, GigaSchools.SampleName(file));
            File.Copy(source, target + ".tmp", overwrite: true);
            File.Move(target + ".tmp", target, overwrite: true);
            written.Add(target);
        }
        return written;
    }

    /// <summary>RFC 4180: quote a field only when it holds a comma, quote or line break.</summary>
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
