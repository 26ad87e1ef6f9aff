namespace Maps.Functions.Analysis;

/// <summary>Settings under <c>Maps:Analysis</c> (environment: <c>Maps__Analysis__MaxBodyBytes</c>, ...).</summary>
public sealed class AnalysisOptions
{
    public const string Section = "Maps:Analysis";

    /// <summary>
    /// The Functions host's own cap (docs/architecture.md §3.5): larger bodies are answered 413 by Maps
    /// standalone; behind the host, a body over the host's cap never reaches Maps (the host answers 500).
    /// </summary>
    public const long DefaultMaxBodyBytes = 100L * 1024 * 1024;

    /// <summary>Largest request body of the POST analyses, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>
    /// Read the whole body to a temporary file before answering (see <see cref="RequestBodySpool"/>).
    /// Off: read and answer at the same time, which only clients that read while they send survive.
    /// </summary>
    public bool SpoolRequestBody { get; set; } = true;

    /// <summary>
    /// Most rows (CSV, header not counted) or features (GeoJSON) one batch request may hold. The
    /// next row ends the answer like a body over <see cref="MaxBodyBytes"/>: 413 problem+json when
    /// no answer has been written yet, else the rows so far are answered and the answer closes with
    /// an error row (CSV) or a top-level <c>error</c> member (GeoJSON).
    /// </summary>
    public long MaxRows { get; set; } = DefaultMaxRows;

    public const long DefaultMaxRows = 2_000_000;

    /// <summary>Rows (CSV) or features (GeoJSON) read, answered and written per step of a streamed batch (the profile: four times as many, <see cref="BatchQuery.ProfileChunkFactor"/>).</summary>
    public int ChunkRows { get; set; } = 8_192;
}
