using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// Writes layers in the on-disk form <see cref="LayerFileReader"/> loads, byte-for-byte reproducibly:
/// features sorted by id (ordinal), one feature per line, properties in the given order, coordinates
/// rounded to 7 decimals and printed in the shortest round-trip form (invariant culture), LF line ends,
/// no trailing whitespace. Every file is first written to a temporary file in the target directory and
/// only renamed over the real name once all files of all layers in the call are complete, so a failure
/// never leaves a half-written layer (the previous files stay as they were).
/// </summary>
public static class LayerFileWriter
{
    private static readonly JsonWriterOptions FeatureWriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    private static readonly JsonSerializerOptions MetadataOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes one layer (both files) atomically per file, see the class summary.</summary>
    public static void Write(string directory, CollectionMetadata metadata, IEnumerable<OutputFeature> features) =>
        WriteAll(directory, [(metadata, features)]);

    /// <summary>
    /// Writes several layers: all temporary files first, then all renames. If anything fails before the
    /// renames, the temporary files are deleted and no existing file is touched.
    /// </summary>
    public static void WriteAll(string directory, IEnumerable<(CollectionMetadata Metadata, IEnumerable<OutputFeature> Features)> layers)
    {
        Directory.CreateDirectory(directory);
        var moves = new List<(string Temp, string Final)>();
        try
        {
            foreach (var (metadata, features) in layers)
            {
                string basePath = Path.Combine(directory, metadata.Id);
                string featuresPath = basePath + LayerFileReader.FeaturesSuffix;
                string metadataPath = basePath + LayerFileReader.MetadataSuffix;
                moves.Add((WriteTemp(featuresPath, stream => WriteFeatures(stream, features)), featuresPath));
                moves.Add((WriteTemp(metadataPath, stream => WriteMetadata(stream, metadata)), metadataPath));
            }
        }
        catch
        {
            foreach (var (temp, _) in moves)
                File.Delete(temp);
            throw;
        }
        foreach (var (temp, final) in moves)
            File.Move(temp, final, overwrite: true);
    }

    /// <summary>Serialises collection metadata as indented camelCase JSON with a final newline.</summary>
    public static void WriteMetadata(Stream stream, CollectionMetadata metadata)
    {
        JsonSerializer.Serialize(stream, metadata, MetadataOptions);
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Writes a FeatureCollection, one feature per line, sorted by id; throws on a duplicate or empty id.</summary>
    public static void WriteFeatures(Stream stream, IEnumerable<OutputFeature> features)
    {
        var sorted = features.ToList();
        sorted.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        for (int i = 0; i < sorted.Count; i++)
        {
            if (string.IsNullOrEmpty(sorted[i].Id))
                throw new InvalidDataException("A feature has no id.");
            if (i > 0 && sorted[i].Id == sorted[i - 1].Id)
                throw new InvalidDataException($"Duplicate feature id '{sorted[i].Id}'.");
        }

        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        stream.Write("{\"type\":\"FeatureCollection\",\"features\":[\n"u8);
        for (int i = 0; i < sorted.Count; i++)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, FeatureWriterOptions))
                WriteFeature(writer, sorted[i]);
            stream.Write(buffer.WrittenSpan);
            stream.Write(i + 1 < sorted.Count ? ",\n"u8 : "\n"u8);
        }
        stream.Write("]}\n"u8);
    }

    private static void WriteFeature(Utf8JsonWriter writer, OutputFeature feature)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", feature.Id);
        writer.WritePropertyName("geometry");
        WriteGeometry(writer, feature.Geometry);
        writer.WritePropertyName("properties");
        WriteProperties(writer, feature);
        writer.WriteEndObject();
    }

    /// <summary>A feature's properties object exactly as the features file holds it.</summary>
    public static void WriteProperties(Utf8JsonWriter writer, OutputFeature feature)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in feature.Properties)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value, feature.Id, name);
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// The queryables of a layer as its features file will hold them: each feature's properties written as
    /// <see cref="WriteProperties"/> writes them, then derived (<see cref="QueryableAccumulator"/>) with the
    /// metadata's hand-written queryables as the curated descriptions and enums.
    /// </summary>
    public static IReadOnlyList<QueryableProperty> DeriveQueryables(IEnumerable<OutputFeature> features, IReadOnlyList<QueryableProperty> curated)
    {
        var accumulator = new QueryableAccumulator();
        var buffer = new ArrayBufferWriter<byte>(1 << 12);
        foreach (var feature in features)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, FeatureWriterOptions))
                WriteProperties(writer, feature);
            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            accumulator.Add(document.RootElement);
        }
        return accumulator.Build(curated);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, string id, string name)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int n: writer.WriteNumberValue(n); break;
            case long n: writer.WriteNumberValue(n); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d == 0 ? 0.0 : d); break;
            case double: writer.WriteNullValue(); break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                    WriteValue(writer, item, id, name);
                writer.WriteEndArray();
                break;
            default:
                throw new InvalidDataException($"Feature '{id}': property '{name}' has unsupported type {value.GetType().Name}.");
        }
    }

    /// <summary>Writes a geometry as RFC 7946 GeoJSON with coordinates rounded to 7 decimals.</summary>
    public static void WriteGeometry(Utf8JsonWriter writer, Geometry geometry)
    {
        writer.WriteStartObject();
        writer.WriteString("type", geometry.GeometryType);
        if (geometry is GeometryCollection and not (MultiPoint or MultiLineString or MultiPolygon))
        {
            writer.WriteStartArray("geometries");
            for (int i = 0; i < geometry.NumGeometries; i++)
                WriteGeometry(writer, geometry.GetGeometryN(i));
            writer.WriteEndArray();
        }
        else
        {
            writer.WritePropertyName("coordinates");
            WriteCoordinates(writer, geometry);
        }
        writer.WriteEndObject();
    }

    private static void WriteCoordinates(Utf8JsonWriter writer, Geometry geometry)
    {
        switch (geometry)
        {
            case Point p:
                WritePosition(writer, p.X, p.Y);
                break;
            case LineString l:
                WriteSequence(writer, l.CoordinateSequence);
                break;
            case Polygon poly:
                writer.WriteStartArray();
                WriteSequence(writer, poly.ExteriorRing.CoordinateSequence);
                foreach (var hole in poly.InteriorRings)
                    WriteSequence(writer, hole.CoordinateSequence);
                writer.WriteEndArray();
                break;
            default: // MultiPoint, MultiLineString, MultiPolygon
                writer.WriteStartArray();
                for (int i = 0; i < geometry.NumGeometries; i++)
                    WriteCoordinates(writer, geometry.GetGeometryN(i));
                writer.WriteEndArray();
                break;
        }
    }

    private static void WriteSequence(Utf8JsonWriter writer, CoordinateSequence sequence)
    {
        writer.WriteStartArray();
        for (int i = 0; i < sequence.Count; i++)
            WritePosition(writer, sequence.GetX(i), sequence.GetY(i));
        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, double x, double y)
    {
        writer.WriteStartArray();
        writer.WriteRawValue(Format(x), skipInputValidation: true);
        writer.WriteRawValue(Format(y), skipInputValidation: true);
        writer.WriteEndArray();
    }

    /// <summary>A coordinate rounded to 7 decimals in its shortest round-trip invariant form ("-0" becomes "0").</summary>
    public static string Format(double value)
    {
        double rounded = CoordinateRounding.Round(value);
        if (rounded == 0)
            rounded = 0;
        if (!double.IsFinite(rounded))
            throw new InvalidDataException($"Coordinate {value} is not a finite number.");
        return rounded.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string WriteTemp(string finalPath, Action<Stream> write)
    {
        string temp = Path.Combine(Path.GetDirectoryName(finalPath)!, $".{Path.GetFileName(finalPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        return temp;
    }
}
