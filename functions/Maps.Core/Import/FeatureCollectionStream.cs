using System.Buffers;
using System.Text.Json;

namespace Maps.Core.Import;

/// <summary>
/// The one streaming reader of a GeoJSON FeatureCollection, for uploads and for the analyses' request bodies:
/// a <see cref="Utf8JsonReader"/> over a refilled buffer (its state carried across refills) hands out the
/// features one at a time as their raw UTF-8 bytes (<see cref="Current"/>), so a body of any size needs memory
/// for one feature plus one read block. A UTF-8 BOM before the root is skipped, and comments are. Top-level
/// members other than <c>type</c>, <c>features</c> and <c>crs</c> are skipped; <c>crs</c> is read when the
/// caller asks (<see cref="GeoJsonSourceReader.ParseCrs"/>: CRS84/4326 or EPSG:3857, and it must come before the
/// features). Whole-body problems (not a FeatureCollection, invalid or truncated JSON, nesting deeper than
/// <see cref="MaxDepth"/>, a lone surrogate escape where a name is compared) are the caller's exception,
/// from a message that reads after the body's name. Not thread-safe.
/// </summary>
public sealed class FeatureCollectionStream : IDisposable
{
    /// <summary>
    /// Deepest nesting accepted (the FeatureCollection is level 1, a Point's coordinates level 5); deeper bodies
    /// are refused with a message that names the limit, before they cost stack or memory.
    /// </summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth };

    private readonly Stream _stream;
    private readonly Func<string, Exception> _malformed;
    private readonly string? _crsFile;
    private readonly bool _requireType;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start, _end, _currentStart, _currentLength;
    private bool _eof, _bomChecked, _typeSeen, _featuresSeen;
    private JsonReaderState _state = new(Options);
    private Phase _phase = Phase.BeforeRoot;
    private long _consumedBefore;

    private enum Phase { BeforeRoot, InRoot, InFeatures, Done }

    /// <param name="stream">The body.</param>
    /// <param name="malformed">The exception for a body that is not a FeatureCollection, from a message.</param>
    /// <param name="requireType">True to require <c>"type": "FeatureCollection"</c> (uploads); the analyses take a bare <c>features</c> array's object.</param>
    /// <param name="crsFile">The file name a <c>crs</c> member's errors name, to read it (uploads); null ignores it.</param>
    public FeatureCollectionStream(Stream stream, Func<string, Exception> malformed, bool requireType = true, string? crsFile = null)
    {
        _stream = stream;
        _malformed = malformed;
        _requireType = requireType;
        _crsFile = crsFile;
    }

    /// <summary>The current feature's bytes; valid until the next read.</summary>
    public ReadOnlySpan<byte> Current => _buffer.AsSpan(_currentStart, _currentLength);

    /// <summary>The current feature's position in <c>features</c>, from 0.</summary>
    public int Index { get; private set; } = -1;

    /// <summary>The CRS the <c>crs</c> member declared (lon/lat when none, or when not read).</summary>
    public SourceCrs Crs { get; private set; } = SourceCrs.LonLat;

    /// <summary>The current feature parsed on its own (copied out of the buffer; the caller disposes it).</summary>
    public JsonDocument ParseCurrent()
    {
        var reader = new Utf8JsonReader(Current, Options);
        return JsonDocument.ParseValue(ref reader);
    }

    /// <summary>The next feature parsed on its own (the caller disposes it), or null after the last one.</summary>
    public async ValueTask<JsonDocument?> ReadDocumentAsync(CancellationToken cancellationToken) =>
        await ReadAsync(cancellationToken) ? ParseCurrent() : null;

    /// <summary>Moves to the next feature; false after the last one and the end of the collection.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
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
            {
                if (!_featuresSeen || (_requireType && !_typeSeen))
                    throw NotAFeatureCollection();
                return false;
            }
            if (TryStep(out bool feature))
            {
                if (feature)
                {
                    Index++;
                    return true;
                }
                continue;
            }
            if (_eof)
                throw _malformed($"the body ends at byte {_consumedBefore + _end - _start} before the FeatureCollection does (truncated JSON).");
            await FillAsync(cancellationToken);
        }
    }

    /// <summary>One unit of progress; false when more bytes are needed (nothing consumed).</summary>
    private bool TryStep(out bool feature)
    {
        feature = false;
        var data = _buffer.AsSpan(_start, _end - _start);
        var reader = new Utf8JsonReader(data, _eof, _state);
        var probe = reader;
        try
        {
            switch (_phase)
            {
                case Phase.BeforeRoot:
                    if (!reader.Read())
                        return false;
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw NotAFeatureCollection();
                    _phase = Phase.InRoot;
                    break;
                case Phase.InRoot:
                    if (!reader.Read())
                        return false;
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        _phase = Phase.Done;
                        break;
                    }
                    // ValueTextEquals, not GetString: a name with a lone surrogate ("\ud800") is valid JSON but no string.
                    bool isType = reader.ValueTextEquals("type"u8), isFeatures = reader.ValueTextEquals("features"u8), isCrs = reader.ValueTextEquals("crs"u8);
                    if (!reader.Read())
                        return false;
                    if (isType)
                    {
                        if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("FeatureCollection"u8))
                            throw NotAFeatureCollection();
                        _typeSeen = true;
                    }
                    else if (isFeatures)
                    {
                        if (reader.TokenType != JsonTokenType.StartArray)
                            throw NotAFeatureCollection();
                        _featuresSeen = true;
                        _phase = Phase.InFeatures;
                    }
                    else
                    {
                        long valueStart = reader.TokenStartIndex;
                        if (!reader.TrySkip())
                            return false;
                        if (isCrs && _crsFile is not null)
                            SetCrs(data[(int)valueStart..(int)reader.BytesConsumed]);
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
                    long featureStart = reader.TokenStartIndex;
                    probe = reader;
                    if (!reader.TrySkip())
                        return false;
                    _currentStart = _start + (int)featureStart;
                    _currentLength = (int)(reader.BytesConsumed - featureStart);
                    feature = true;
                    break;
            }
        }
        catch (JsonException) when (Math.Max(reader.CurrentDepth, probe.CurrentDepth) >= MaxDepth - 1)
        {
            throw _malformed($"arrays or objects nest deeper than {MaxDepth} levels (the limit) near byte {_consumedBefore + reader.BytesConsumed}.");
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to compare or decode a lone surrogate escape ("\ud800"), valid JSON as it is.
            throw _malformed($"a string is not valid text (a lone UTF-16 surrogate escape) near byte {_consumedBefore + reader.BytesConsumed}.");
        }
        catch (JsonException e)
        {
            throw _malformed($"not valid JSON, truncated or corrupt (near byte {_consumedBefore + reader.BytesConsumed + 1}): {e.Message}");
        }
        _start += (int)reader.BytesConsumed;
        _consumedBefore += reader.BytesConsumed;
        _state = reader.CurrentState;
        return true;
    }

    private void SetCrs(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var crs = GeoJsonSourceReader.ParseCrs(document.RootElement, _crsFile!);
        if (_featuresSeen && crs != Crs)
            throw _malformed("the 'crs' member must come before 'features' (the features were read as lon/lat).");
        Crs = crs;
    }

    private Exception NotAFeatureCollection() =>
        _malformed("not a GeoJSON FeatureCollection (needs \"type\": \"FeatureCollection\" and a \"features\" array).");

    /// <summary>Drops what was consumed and fills the buffer (grown when one feature fills it: a long cable may be megabytes), so an unfinished feature is rescanned linearly in its size.</summary>
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        ReadWindow.MakeRoom(ref _buffer, ref _start, ref _end);
        (_end, _eof) = await ReadWindow.FillAsync(_stream, _buffer, _end, cancellationToken);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
