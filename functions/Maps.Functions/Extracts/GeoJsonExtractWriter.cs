using System.Text.Json;
using Maps.Functions.Http;
using Maps.Functions.Ogc;

namespace Maps.Functions.Extracts;

/// <summary>
/// <c>application/geo+json</c>: one RFC 7946 FeatureCollection whose foreign members carry the
/// provenance (<c>name</c>, <c>title</c>, <c>license</c>, <c>attribution</c>, <c>source</c>,
/// <c>version</c>, <c>generated_by</c>, ...). Features are copied from their stored bytes (or
/// rebuilt for a <c>properties=</c> selection) and flushed every <see cref="FlushBytes"/>, so
/// memory stays constant whatever the size.
/// </summary>
public sealed class GeoJsonExtractWriter : IExtractWriter
{
    public const int FlushBytes = 64 * 1024;

    public string Format => "geojson";

    public string MediaType => MediaTypes.GeoJson;

    public string Title => "GeoJSON";

    public string Extension => "geojson";

    public async Task WriteAsync(Extract extract, Stream output, Action<long>? lengthKnown = null, CancellationToken cancellationToken = default)
    {
        await using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        WriteProvenance(writer, extract);
        writer.WriteStartArray("features");
        foreach (var feature in extract.Features)
        {
            FeatureJsonWriter.Write(writer, feature, extract.Properties);
            if (writer.BytesPending >= FlushBytes)
                await writer.FlushAsync(cancellationToken);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The provenance members, shared with the CSVW and GeoPackage metadata documents.</summary>
    public static void WriteProvenance(Utf8JsonWriter writer, Extract extract)
    {
        var metadata = extract.Metadata;
        writer.WriteString("name", metadata.Id);
        writer.WriteString("title", metadata.Title);
        writer.WriteString("description", metadata.Description);
        writer.WriteString("license", metadata.License);
        if (metadata.LicenseUrl is not null)
            writer.WriteString("license_url", metadata.LicenseUrl);
        writer.WriteString("attribution", metadata.Attribution);
        writer.WriteString("source", metadata.Source);
        if (metadata.SourceUrl is not null)
            writer.WriteString("source_url", metadata.SourceUrl);
        if (metadata.Illustrative)
            writer.WriteBoolean("illustrative", true);
        writer.WriteString("version", extract.Layer.Version);
        writer.WriteString("query", extract.Query);
        writer.WriteString("generated_by", Extract.GeneratedBy);
    }
}
