using System.Buffers;
using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Functions.Analysis;

/// <summary>
/// Reads the features of a GeoJSON FeatureCollection from a stream one at a time, with a
/// <see cref="Utf8JsonReader"/> over a refilled buffer (its state carried across refills), and
/// parses only one feature at a time into a <see cref="JsonDocument"/>. Memory: one buffer, grown
/// only for a feature larger than it. Top-level members other than <c>type</c> and <c>features</c>
/// are skipped. Errors (not an object, a <c>type</c> other than FeatureCollection, invalid or
/// truncated JSON, nesting deeper than <see cref="MaxDepth"/>) are <see cref="MalformedBodyException"/>s. Not thread-safe.
/// </summary>
public sealed class GeoJsonFeatureReader(Stream stream) : IDisposable
{
    /// <summary>
    /// Deepest nesting accepted (the FeatureCollection is level 1, a Point's coordinates level 5);
    /// deeper bodies are refused with a 400 that names the limit, before they cost stack or memory.
    /// </summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth };

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start, _end;
    private bool _eof, _sawFeatures, _bomChecked;
    private JsonReaderState _state = new(Options);
    private Phase _phase = Phase.BeforeRoot;
    private long _consumedBefore;

    private enum Phase { BeforeRoot, InRoot, InFeatures, Done }

    /// <summary>The next feature (the caller disposes it), or null after the last one and the end of the collection.</summary>
    public async ValueTask<JsonDocument?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!_bomChecked)
        {
            // A UTF-8 BOM before the root is skipped: wait for three bytes however the body arrives.
            while (!_eof && _end - _start < 3)
                await FillAsync(cancellationToken);
            _bomChecked = true;
            if (_end - _start >= 3 && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF)
                _start += 3;
        }
        while (true)
        {
            if (_phase == Phase.Done)
                return null;
            if (TryStep(out var feature))
            {
                if (feature is not null)
                    return feature;
                continue;
            }
            if (_eof)
                throw new MalformedBodyException($"The GeoJSON body ends at byte {_consumedBefore + _end - _start} before the FeatureCollection is complete.");
            await FillAsync(cancellationToken);
        }
    }

    /// <summary>One unit of progress; false when more bytes are needed (nothing consumed).</summary>
    private bool TryStep(out JsonDocument? feature)
    {
        feature = null;
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
        var probe = reader;
        try
        {
            switch (_phase)
            {
                case Phase.BeforeRoot:
                    if (!reader.Read())
                        return false;
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new MalformedBodyException("The body is not a GeoJSON FeatureCollection (a JSON object).");
                    _phase = Phase.InRoot;
                    break;
                case Phase.InRoot:
                    if (!reader.Read())
                        return false;
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        if (!_sawFeatures)
                            throw new MalformedBodyException("The GeoJSON body has no 'features' array; send a FeatureCollection of Points.");
                        _phase = Phase.Done;
                        break;
                    }
                    // ValueTextEquals, not GetString: a name with a lone surrogate ("\ud800") is valid JSON but no string.
                    if (reader.ValueTextEquals("features"u8))
                    {
                        if (!reader.Read())
                            return false;
                        if (reader.TokenType != JsonTokenType.StartArray)
                            throw new MalformedBodyException("'features' is not an array.");
                        _sawFeatures = true;
                        _phase = Phase.InFeatures;
                    }
                    else if (reader.ValueTextEquals("type"u8))
                    {
                        if (!reader.Read())
                            return false;
                        if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("FeatureCollection"u8))
                            throw new MalformedBodyException("The body's 'type' is not 'FeatureCollection'; send a FeatureCollection of Points.");
                    }
                    else if (!reader.TrySkip())
                    {
                        return false;
                    }
                    break;
                case Phase.InFeatures:
                    if (!reader.Read())
                        return false;
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        _phase = Phase.InRoot;
                        break;
                    }
                    probe = reader;
                    if (!probe.TrySkip())
                        return false;
                    feature = JsonDocument.ParseValue(ref reader);
                    break;
            }
        }
        catch (JsonException) when (Math.Max(reader.CurrentDepth, probe.CurrentDepth) >= MaxDepth - 1)
        {
            throw new MalformedBodyException($"The GeoJSON body nests arrays or objects deeper than {MaxDepth} levels (the limit) near byte {_consumedBefore + reader.BytesConsumed}.");
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to compare or decode a lone surrogate escape ("\ud800"), valid JSON as it is.
            throw new MalformedBodyException($"The GeoJSON body has a string that is not valid text (a lone UTF-16 surrogate escape) near byte {_consumedBefore + reader.BytesConsumed}.");
        }
        catch (JsonException e)
        {
            throw new MalformedBodyException($"The GeoJSON body is not valid JSON near byte {_consumedBefore + reader.BytesConsumed}: {e.Message}");
        }
        _start += (int)reader.BytesConsumed;
        _consumedBefore += reader.BytesConsumed;
        _state = reader.CurrentState;
        return true;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        ReadWindow.MakeRoom(ref _buffer, ref _start, ref _end);
        int read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
            _eof = true;
        _end += read;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
