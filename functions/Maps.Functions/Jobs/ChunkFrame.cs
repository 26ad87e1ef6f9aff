using System.Buffers;
using System.Text;

namespace Maps.Functions.Jobs;

/// <summary>
/// What a chunk's answer has besides its rows, kept beside them so that the chunks' rows can be
/// joined into one answer: the text before the rows (the CSV header; the GeoJSON up to the features
/// array; a summary document's query; or a whole answer without rows, coverage's), the text after
/// them up to the summary, the summary's typed counts (merged over chunks), and the end.
/// </summary>
public sealed record ChunkFrame(string Head, string Close, string End, string? ContentType, string? Notes, string? SummaryKind, string? Summary)
{
    public bool IsGeoJson => ContentType?.StartsWith(GeoJsonBatch.ContentType, StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>
/// The engine's answer for one chunk, its parts kept apart (<see cref="BatchPart"/>): the rows to
/// their own file, the rest to the chunk's <see cref="ChunkFrame"/>. The summary's own bytes are not
/// kept: the result writes the merged summary in their place.
/// </summary>
public sealed class ChunkSink : BatchSink
{
    private readonly ArrayBufferWriter<byte> _head = new(), _rows = new(1 << 20), _close = new(), _summary = new(), _end = new();
    private readonly Forward _output;
    private ArrayBufferWriter<byte> _current;

    public ChunkSink()
    {
        _current = _head;
        _output = new Forward(this);
    }

    /// <summary>One writer for the whole answer (the batch's writers keep theirs), writing to the current part.</summary>
    public override IBufferWriter<byte> Output => _output;

    public ReadOnlyMemory<byte> Rows => _rows.WrittenMemory;

    public override void Begin(BatchPart part) => _current = part switch
    {
        BatchPart.Head => _head,
        BatchPart.Rows => _rows,
        BatchPart.Close => _close,
        BatchPart.Summary => _summary,
        _ => _end,
    };

    public ChunkFrame Frame(string? notes, IBatchSummary? summary)
    {
        var (kind, state) = summary is null ? (null, null) : BatchSummaries.Save(summary);
        return new ChunkFrame(Text(_head), Text(_close), Text(_end), ContentType, notes, _summary.WrittenCount > 0 ? kind : null, _summary.WrittenCount > 0 ? state : null);
    }

    private static string Text(ArrayBufferWriter<byte> part) => Encoding.UTF8.GetString(part.WrittenSpan);

    /// <summary>The batch flushes its writers before a part begins, so no span outlives the part it was taken from.</summary>
    private sealed class Forward(ChunkSink sink) : IBufferWriter<byte>
    {
        public void Advance(int count) => sink._current.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0) => sink._current.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => sink._current.GetSpan(sizeHint);
    }
}
