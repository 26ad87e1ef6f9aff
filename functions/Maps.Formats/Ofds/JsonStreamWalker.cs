using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>
/// Walks one JSON document from a stream with <see cref="Utf8JsonReader"/>, entering, capturing or skipping
/// each value as an <see cref="IJsonWalkVisitor"/> decides, so a network package of any size needs memory for
/// one node or span plus one read block, never the whole body. Each step (one token, or one whole captured
/// value) is atomic: when the block ends inside it, the step is retried from its start with more data.
/// Invalid, truncated or trailing JSON, and a captured value that is not UTF-8, throw <see cref="ImportFileException"/>.
/// Not thread-safe.
/// </summary>
internal sealed class JsonStreamWalker
{
    private const int InitialBufferBytes = 64 * 1024;

    /// <summary>The member name used in paths for a name that is not valid UTF-16 (an escaped lone surrogate).</summary>
    public const string UnreadableName = "\uFFFD";

    private readonly IJsonWalkVisitor _visitor;
    private readonly List<string> _path = [];
    private readonly Stack<bool> _containerIsArray = new();
    private bool _started;
    private bool _done;

    private JsonStreamWalker(IJsonWalkVisitor visitor) => _visitor = visitor;

    /// <summary>
    /// Walks the whole of <paramref name="stream"/>, awaiting <paramref name="onPause"/> whenever the visitor
    /// asks for a pause; <paramref name="name"/> is used in messages.
    /// </summary>
    public static async Task WalkAsync(Stream stream, string name, IJsonWalkVisitor visitor,
        Func<CancellationToken, ValueTask> onPause, CancellationToken cancellationToken)
    {
        var walker = new JsonStreamWalker(visitor);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        int start = 0, end = 0;
        long offset = 0;
        bool atStart = true;
        var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Drop what was consumed; grow the buffer when one value fills it (a long cable may be megabytes).
                ReadWindow.MakeRoom(ref buffer, ref start, ref end);
                (end, bool final) = await ReadWindow.FillAsync(stream, buffer, end, cancellationToken);
                if (atStart && (end >= 3 || final))
                {
                    atStart = false;
                    if (buffer.AsSpan(0, end).StartsWith("\xEF\xBB\xBF"u8))
                        start = 3;
                }
                if (atStart)
                    continue;
                int consumed;
                bool paused;
                try
                {
                    (consumed, paused) = walker.Step(buffer.AsSpan(start, end - start), final, ref state);
                }
                catch (JsonException e)
                {
                    throw new ImportFileException(name,
                        $"not valid JSON, truncated or corrupt (near byte {offset + start + (e.BytePositionInLine ?? 0) + 1}): {e.Message}", e);
                }
                start += consumed;
                offset += consumed;
                if (paused)
                {
                    await onPause(cancellationToken);
                    continue;
                }
                if (final)
                {
                    if (!walker._done)
                        throw new ImportFileException(name, walker._started
                            ? "the body ends before the JSON document does (truncated)."
                            : "the body is empty (no JSON document).");
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private (int Consumed, bool Paused) Step(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state)
    {
        var reader = new Utf8JsonReader(data, final, state);
        int checkpoint = 0;
        var checkpointState = state;
        bool paused = false;
        while (TryAdvance(ref reader, data))
        {
            checkpoint = (int)reader.BytesConsumed;
            checkpointState = reader.CurrentState;
            if (_visitor.WantsPause)
            {
                paused = true;
                break;
            }
        }
        state = checkpointState;
        return (checkpoint, paused);
    }

    /// <summary>One whole step; false (nothing changed) when the data ends inside it.</summary>
    private bool TryAdvance(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        if (_done)
        {
            // Only whitespace may follow the document; the reader throws on anything else.
            if (reader.Read())
                throw new JsonException("content after the end of the JSON document");
            return false;
        }
        if (!reader.Read())
            return false;
        var token = reader.TokenType;
        if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
        {
            _containerIsArray.Pop();
            _visitor.Exited(_path);
            if (_containerIsArray.Count == 0)
                _done = true;
            else
                _path.RemoveAt(_path.Count - 1);
            return true;
        }
        bool atRoot = _containerIsArray.Count == 0;
        if (!atRoot)
        {
            string segment = "[]";
            if (!_containerIsArray.Peek())
            {
                segment = NameOf(ref reader);
                if (!reader.Read())
                    return false;
                token = reader.TokenType;
            }
            _path.Add(segment);
        }
        var action = _visitor.Decide(_path, token);
        bool container = token is JsonTokenType.StartObject or JsonTokenType.StartArray;
        if (action == JsonWalkAction.Enter && container)
        {
            _containerIsArray.Push(token == JsonTokenType.StartArray);
            _started = true;
            _visitor.Entered(_path);
            return true;
        }
        long valueStart = reader.TokenStartIndex;
        bool complete = reader.TrySkip();
        if (complete && action == JsonWalkAction.Capture)
        {
            var value = data[(int)valueStart..(int)reader.BytesConsumed];
            // The reader does not check that names are UTF-8; what is captured is read as text, so it must be.
            if (!Utf8.IsValid(value))
                throw new JsonException("text that is not valid UTF-8");
            _visitor.Captured(_path, value);
        }
        if (!atRoot)
            _path.RemoveAt(_path.Count - 1);
        else if (complete)
        {
            _started = true;
            _done = true;
        }
        return complete;
    }

    private static string NameOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? UnreadableName;
        }
        catch (InvalidOperationException)
        {
            return UnreadableName;
        }
    }
}
