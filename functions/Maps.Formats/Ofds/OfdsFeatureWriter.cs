using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>
/// Writes an OFDS node or span as the GeoJSON Feature the publisher takes: the OFDS id as the feature id
/// (network-prefixed when the upload has several networks), the location or route as the geometry (null
/// when absent or not an object, so the validator rejects it with its index), and flat properties in the
/// shape of the shipped <c>transmission-nodes</c> and <c>fibre-links</c> layers (see
/// <see cref="OfdsNodeProperties"/> and <see cref="OfdsSpanProperties"/>). One buffer, reused; not thread-safe.
/// </summary>
internal sealed class OfdsFeatureWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 12);

    /// <summary>The node as a Feature; the span is valid until the next call.</summary>
    public ReadOnlySpan<byte> Node(JsonElement node, JsonElement geometry, OfdsNetwork network, bool prefixIds) =>
        Write(node, geometry, network, prefixIds, OfdsNodeProperties.Write);

    /// <summary>The span as a Feature; the span is valid until the next call.</summary>
    public ReadOnlySpan<byte> Span(JsonElement span, JsonElement geometry, OfdsNetwork network, bool prefixIds) =>
        Write(span, geometry, network, prefixIds, OfdsSpanProperties.Write);

    private ReadOnlySpan<byte> Write(JsonElement item, JsonElement geometry, OfdsNetwork network, bool prefixIds,
        Action<Utf8JsonWriter, JsonElement, OfdsNetwork> properties)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            if (network.FeatureId(OfdsJson.Text(item, "id"), prefixIds) is { } id)
                writer.WriteString("id", id);
            writer.WritePropertyName("geometry");
            if (geometry.ValueKind == JsonValueKind.Object)
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(geometry), skipInputValidation: true);
            else
                writer.WriteNullValue();
            writer.WritePropertyName("properties");
            writer.WriteStartObject();
            properties(writer, item, network);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return _buffer.WrittenSpan;
    }
}
