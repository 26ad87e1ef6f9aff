using System.Buffers;
using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Formats;

/// <summary>
/// Reads a GeoJSON FeatureCollection from a stream one feature at a time with
/// <see cref="Utf8JsonReader"/>, so an upload of any size needs memory for one feature plus one read
/// block, never the whole body. Each element of <c>features</c> is handed to the callback as its raw
/// UTF-8 bytes, with the CRS declared so far (<see cref="GeoJsonSourceReader.ParseCrs"/>: CRS84/4326 or
/// EPSG:3857, anything else throws). Whole-body problems — invalid or truncated JSON, not a
/// FeatureCollection, an unsupported CRS, a non-lon/lat <c>crs</c> member after the features (which
/// have then been read already) — throw <see cref="ImportFileException"/>. Not thread-safe.
/// </summary>
public sealed class FeatureCollectionReader
{
    private const int InitialBufferBytes = 64 * 1024;

    private enum Mode { BeforeRoot, InRoot, InFeatures, Done }

    private readonly string _name;
    private readonly FeatureHandler _onFeature;
    private Mode _mode;
    private SourceCrs _crs = SourceCrs.LonLat;
    private bool _typeSeen;
    private bool _featuresSeen;
    private int _index;

    private FeatureCollectionReader(string name, FeatureHandler onFeature)
    {
        _name = name;
        _onFeature = onFeature;
    }

    /// <summary>
    /// Reads the whole stream, calling <paramref name="onFeature"/> for every feature in order and
    /// <paramref name="afterBlock"/> after each block read (where the caller may await its writes).
    /// </summary>
    /// <returns>The number of elements of the <c>features</c> array.</returns>
    public static async Task<int> ReadAsync(Stream stream, string name, FeatureHandler onFeature,
        Func<CancellationToken, ValueTask> afterBlock, CancellationToken cancellationToken = default)
    {
        var reader = new FeatureCollectionReader(name, onFeature);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        int start = 0, end = 0;
        long offset = 0;
        var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader._mode != Mode.Done)
            {
                // Drop what was consumed; grow the buffer when one value fills it (a long cable may be megabytes).
                ReadWindow.MakeRoom(ref buffer, ref start, ref end);
                // Fill the whole buffer before scanning: the unfinished element at its start is scanned
                // again on each step, and a full (doubling) buffer keeps that linear for a huge feature.
                (end, bool final) = await ReadWindow.FillAsync(stream, buffer, end, cancellationToken);
                int consumed;
                try
                {
                    consumed = reader.Step(buffer.AsSpan(start, end - start), final, ref state);
                }
                catch (JsonException e)
                {
                    throw new ImportFileException(name,
                        $"not valid JSON, truncated or corrupt (near byte {offset + start + (e.BytePositionInLine ?? 0) + 1}): {e.Message}", e);
                }
                start += consumed;
                offset += consumed;
                await afterBlock(cancellationToken);
                if (final && reader._mode != Mode.Done)
                    throw new ImportFileException(name, "the body ends before the FeatureCollection does (truncated JSON).");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (!reader._typeSeen || !reader._featuresSeen)
            throw NotAFeatureCollection(name);
        return reader._index;
    }

    private int Step(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state)
    {
        var reader = new Utf8JsonReader(data, final, state);
        int checkpoint = 0;
        var checkpointState = state;
        while (_mode != Mode.Done && TryAdvance(ref reader, data))
        {
            checkpoint = (int)reader.BytesConsumed;
            checkpointState = reader.CurrentState;
        }
        state = checkpointState;
        return checkpoint;
    }

    /// <summary>Moves over one whole top-level step; false (and nothing changed) when the data ends inside it.</summary>
    private bool TryAdvance(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        switch (_mode)
        {
            case Mode.BeforeRoot:
                if (!reader.Read())
                    return false;
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw NotAFeatureCollection(_name);
                _mode = Mode.InRoot;
                return true;

            case Mode.InRoot:
                if (!reader.Read())
                    return false;
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    _mode = Mode.Done;
                    return true;
                }
                bool isType = reader.ValueTextEquals("type"u8), isFeatures = reader.ValueTextEquals("features"u8), isCrs = reader.ValueTextEquals("crs"u8);
                if (!reader.Read())
                    return false;
                if (isType)
                {
                    if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("FeatureCollection"u8))
                        throw NotAFeatureCollection(_name);
                    _typeSeen = true;
                    return true;
                }
                if (isFeatures)
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                        throw NotAFeatureCollection(_name);
                    _featuresSeen = true;
                    _mode = Mode.InFeatures;
                    return true;
                }
                long valueStart = reader.TokenStartIndex;
                if (!reader.TrySkip())
                    return false;
                if (isCrs)
                    SetCrs(data[(int)valueStart..(int)reader.BytesConsumed]);
                return true;

            case Mode.InFeatures:
                if (!reader.Read())
                    return false;
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _mode = Mode.InRoot;
                    return true;
                }
                long featureStart = reader.TokenStartIndex;
                if (!reader.TrySkip())
                    return false;
                _onFeature(data[(int)featureStart..(int)reader.BytesConsumed], _index, _crs);
                _index++;
                return true;

            default:
                return false;
        }
    }

    private void SetCrs(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var crs = GeoJsonSourceReader.ParseCrs(document.RootElement, _name);
        if (_featuresSeen && crs != _crs)
            throw new ImportFileException(_name, "the 'crs' member must come before 'features' in an upload (the features were read as lon/lat).");
        _crs = crs;
    }

    private static ImportFileException NotAFeatureCollection(string name) =>
        new(name, "not a GeoJSON FeatureCollection (needs \"type\": \"FeatureCollection\" and a \"features\" array).");
}
