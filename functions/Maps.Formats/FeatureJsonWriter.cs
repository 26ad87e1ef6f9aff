using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Formats;

/// <summary>
/// Builds one GeoJSON Feature at a time (<c>{"type":"Feature","id":..,"geometry":..,"properties":{..}}</c>) into a
/// reused buffer, for the readers of formats that are not GeoJSON. Coordinates are written at full double
/// precision (the publisher rounds after validating). A geometry that cannot be written as GeoJSON (a NaN or
/// infinite coordinate) becomes null, so the publisher rejects that feature alone. Not thread-safe.
/// </summary>
internal sealed class FeatureJsonWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private readonly ArrayBufferWriter<byte> _feature = new(4096);
    private readonly ArrayBufferWriter<byte> _geometry = new(4096);
    private readonly Utf8JsonWriter _writer;
    private readonly Utf8JsonWriter _geometryWriter;

    public FeatureJsonWriter()
    {
        _writer = new Utf8JsonWriter(_feature, Options);
        _geometryWriter = new Utf8JsonWriter(_geometry, Options);
    }

    /// <summary>Starts a feature with a string id (none when null) and its geometry, and opens <c>properties</c>.</summary>
    public void Begin(string? id, Geometry? geometry)
    {
        StartFeature();
        if (id is not null)
            _writer.WriteString("id", id);
        WriteGeometry(geometry);
    }

    /// <summary>Starts a feature with a numeric id and its geometry, and opens <c>properties</c>.</summary>
    public void Begin(long id, Geometry? geometry)
    {
        StartFeature();
        _writer.WriteNumber("id", id);
        WriteGeometry(geometry);
    }

    /// <summary>A property from a database or DBF value: numbers stay numbers (NaN and infinities become null), dates become ISO 8601 text.</summary>
    public void Property(string name, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                _writer.WriteNull(name);
                break;
            case string s:
                _writer.WriteString(name, s);
                break;
            case bool b:
                _writer.WriteBoolean(name, b);
                break;
            case double d:
                WriteDouble(name, d);
                break;
            case float f:
                WriteDouble(name, f);
                break;
            case decimal m:
                _writer.WriteNumber(name, m);
                break;
            case long or int or short or sbyte or byte or ushort or uint:
                _writer.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                _writer.WriteNumber(name, u);
                break;
            case DateTime t:
                _writer.WriteString(name, t.TimeOfDay == TimeSpan.Zero
                    ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : t.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateOnly date:
                _writer.WriteString(name, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case byte[] bytes:
                _writer.WriteBase64String(name, bytes);
                break;
            default:
                _writer.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>A property whose value is already valid JSON (a number checked by the caller).</summary>
    public void RawProperty(string name, ReadOnlySpan<char> json)
    {
        _writer.WritePropertyName(name);
        _writer.WriteRawValue(json, skipInputValidation: true);
    }

    /// <summary>Closes the feature; the bytes are valid until the next <see cref="Begin(string?, Geometry?)"/>.</summary>
    public ReadOnlySpan<byte> End()
    {
        _writer.WriteEndObject();
        _writer.WriteEndObject();
        _writer.Flush();
        return _feature.WrittenSpan;
    }

    private void StartFeature()
    {
        _feature.ResetWrittenCount();
        _writer.Reset(_feature);
        _writer.WriteStartObject();
        _writer.WriteString("type", "Feature");
    }

    private void WriteGeometry(Geometry? geometry)
    {
        _writer.WritePropertyName("geometry");
        if (geometry is null || !TryWriteGeometry(geometry))
            _writer.WriteNullValue();
        else
            _writer.WriteRawValue(_geometry.WrittenSpan, skipInputValidation: true);
        _writer.WriteStartObject("properties");
    }

    /// <summary>Writes the geometry to its own buffer first, so one that cannot be written leaves the feature intact.</summary>
    private bool TryWriteGeometry(Geometry geometry)
    {
        _geometry.ResetWrittenCount();
        _geometryWriter.Reset(_geometry);
        try
        {
            JsonSerializer.Serialize(_geometryWriter, geometry, GeoJsonOptions.Geometry);
            _geometryWriter.Flush();
            return _geometry.WrittenCount > 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or JsonException)
        {
            return false;
        }
    }

    private void WriteDouble(string name, double value)
    {
        if (double.IsFinite(value))
            _writer.WriteNumber(name, value);
        else
            _writer.WriteNull(name);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _geometryWriter.Dispose();
    }
}
