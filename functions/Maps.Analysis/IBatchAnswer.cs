using System.Text.Json;

namespace Maps.Analysis;

/// <summary>
/// The analysis side of a streamed batch, which <see cref="BatchRunner"/> (through <see cref="CsvBatch"/>
/// and <see cref="GeoJsonBatch"/>) drives a chunk at a time: queue the chunk's valid positions, answer them together, then write
/// each row's added columns. POST nearest and gaps (<see cref="BatchAnalysis"/>) and the school
/// profile (<see cref="ProfileAnalysis"/>) implement it. One instance per request, called by one
/// thread at a time, with one overlap: the next chunk's <see cref="Add"/> calls run beside the
/// answered chunk's <see cref="Keep"/> and writes (<see cref="ChunkWriting"/>), so an implementation keeps the
/// queued points apart from the answers. <see cref="Run"/> overlaps nothing. <see cref="Keep"/> is called in
/// row order from one thread; <see cref="WriteCsvFields"/> then runs on several threads at once for
/// different rows of a CSV chunk, so what it memoises is thread-safe.
/// </summary>
public interface IBatchAnswer
{
    /// <summary>Names of the columns (CSV) or properties (GeoJSON) added to every row, in order, <c>error</c> last.</summary>
    IReadOnlyList<string> AddedColumns { get; }

    /// <summary>Whether rows carry a country for the answer's summary (read from a country column or property).</summary>
    bool UsesCountry { get; }

    /// <summary>Queues a valid point of the current chunk; returns its slot.</summary>
    int Add(double lon, double lat);

    /// <summary>Answers every queued point of the chunk.</summary>
    void Run(CancellationToken cancellationToken);

    /// <summary>Whether the row goes into the answer, counting it for any summary; <paramref name="slot"/> is -1 for a row with an error.</summary>
    bool Keep(int slot, string? country);

    /// <summary>The added fields of a row but <c>error</c>, separated by the delimiter, without a leading or trailing one (all empty for slot -1).</summary>
    void WriteCsvFields(CsvOutput output, int slot);

    /// <summary>The added properties of a row but <c>error</c> (all null for slot -1).</summary>
    void WriteJsonProperties(Utf8JsonWriter writer, int slot);

    /// <summary>The members of the answer's <c>query</c> object (GeoJSON).</summary>
    void WriteQuery(Utf8JsonWriter writer);

    /// <summary>What the answer counts besides its rows (after the GeoJSON features, or alone for <c>summary=only</c>); null when nothing.</summary>
    IBatchSummary? Summary { get; }

    /// <summary>The members of a summary document before the summary's own (its query).</summary>
    void WriteSummaryHead(Utf8JsonWriter writer);
}
