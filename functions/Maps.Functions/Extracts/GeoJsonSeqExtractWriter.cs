using System.Buffers;
using System.Text.Json;
using Maps.Functions.Http;
using Maps.Functions.Ogc;

namespace Maps.Functions.Extracts;

/// <summary>
/// <c>application/geo+json-seq</c> (RFC 8142): each feature is a record, RS (0x1E) before and LF
/// after. There is deliberately no metadata record — readers such as GDAL would take it for a
/// feature — so licence, attribution and version travel in the response headers (see
/// <see cref="ExtractsApi"/>). Records are gathered in a buffer written out every
/// <see cref="GeoJsonExtractWriter.FlushBytes"/>; memory is constant.
/// </summary>
public sealed class GeoJsonSeqExtractWriter : IExtractWriter
{
    private const byte RecordSeparator = 0x1E;
    private const byte LineFeed = (byte)'\n';

    public string Format => "geojsonseq";

    public string MediaType => "application/geo+json-seq";

    public string Title => "GeoJSON text sequence";

    /// <summary><c>.geojsons</c>: the extension GDAL's GeoJSONSeq driver reads as RS-delimited.</summary>
    public string Extension => "geojsons";

    public async Task WriteAsync(Extract extract, Stream output, Action<long>? lengthKnown = null, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>(GeoJsonExtractWriter.FlushBytes * 2);
        using var json = new Utf8JsonWriter(buffer, JsonDefaults.Writer);
        foreach (var feature in extract.Features)
        {
            buffer.Write([RecordSeparator]);
            if (extract.Properties is null)
            {
                buffer.Write(feature.GeoJson.Span);
            }
            else
            {
                json.Reset(buffer);
                FeatureJsonWriter.Write(json, feature, extract.Properties);
                json.Flush();
            }
            buffer.Write([LineFeed]);
            if (buffer.WrittenCount >= GeoJsonExtractWriter.FlushBytes)
            {
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }
        if (buffer.WrittenCount > 0)
            await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }
}
