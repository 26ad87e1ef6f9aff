using System.Globalization;
using System.Text;
using System.Text.Json;
using Maps.Import.Sources;

namespace Maps.Import;

/// <summary>
/// The planner samples in <c>data/samples</c>. Writes the ready planner inputs <c>kenya-schools.csv</c> (id, name, lat, lon,
/// level, county, country) from the imported <c>schools</c> layer and <c>mali-schools.csv</c> (id, name, lat, lon, level,
/// region, country) from <c>mali-schools</c> (<see cref="FromLayers"/>), so that the CSV a planner posts to
/// <c>/api/analysis/nearest</c> is the same data the API serves. Deterministic; written to a temporary file and renamed, so
/// a failure never leaves half a file. Copies Giga's school CSVs unchanged (<see cref="CopyGigaSchools"/>).
/// </summary>
internal static class PlannerSample
{
    /// <summary>
    /// A sample written from a layer: one row per feature in the layer file's order, with <paramref name="Columns"/>:
    /// <c>id</c> is the feature id, <c>lat</c> and <c>lon</c> its point, any other name the property of that name
    /// (text as it is, a number in its JSON form, empty when null or absent).
    /// </summary>
    public sealed record LayerSample(string Layer, string FileName, IReadOnlyList<string> Columns);

    public static LayerSample Kenya { get; } = new("schools", "kenya-schools.csv", ["id", "name", "lat", "lon", "level", "county", "country"]);

    public static LayerSample Mali { get; } = new("mali-schools", "mali-schools.csv", ["id", "name", "lat", "lon", "level", "region", "country"]);

    /// <summary>The samples the import writes from its layers, in this order.</summary>
    public static IReadOnlyList<LayerSample> FromLayers { get; } = [Kenya, Mali];

    /// <summary>Writes every sample of <see cref="FromLayers"/>; returns the paths written, in that order.</summary>
    public static IReadOnlyList<string> WriteAll(string layersDirectory, string samplesDirectory) =>
        FromLayers.Select(sample => Write(layersDirectory, samplesDirectory, sample)).ToList();

    /// <summary>Writes <paramref name="sample"/> from the layer file in <paramref name="layersDirectory"/>; returns its path.</summary>
    public static string Write(string layersDirectory, string samplesDirectory, LayerSample sample)
    {
        Directory.CreateDirectory(samplesDirectory);
        string target = Path.Combine(samplesDirectory, sample.FileName);
        string temp = target + ".tmp";
        var layer = Layer.Open(LayerFileWriter.PathOf(layersDirectory, sample.Layer));
        using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" })
        {
            writer.WriteLine(string.Join(",", sample.Columns));
            var fields = new string[sample.Columns.Count];
            foreach (var feature in layer.Features(layer.IdOrder))
            {
                var point = (NetTopologySuite.Geometries.Point)feature.Geometry;
                for (int i = 0; i < fields.Length; i++)
                    fields[i] = sample.Columns[i] switch
                    {
                        "id" => Quote(feature.Id),
                        "lat" => point.Y.ToString("R", CultureInfo.InvariantCulture),
                        "lon" => point.X.ToString("R", CultureInfo.InvariantCulture),
                        var name => Quote(Field(feature.Value(name))),
                    };
                writer.WriteLine(string.Join(",", fields));
            }
        }
        File.Move(temp, target, overwrite: true);
        return target;
    }

    private static string Field(PropertyValue value) => value.Kind switch
    {
        PropertyKind.String => value.Text,
        PropertyKind.Integer or PropertyKind.Number => LayerSchema.JsonTextOf(value),
        _ => "",
    };

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
