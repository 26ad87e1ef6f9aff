namespace Maps.Functions.Analysis;

/// <summary>Settings under <c>Maps:Analysis</c> (environment: <c>Maps__Analysis__MaxBodyBytes</c>, ...).</summary>
public sealed class AnalysisOptions
{
    public const string Section = "Maps:Analysis";

    /// <summary>The Functions host's own cap (DESIGN §3); larger bodies are answered 413.</summary>
    public const long DefaultMaxBodyBytes = 100L * 1024 * 1024;

    /// <summary>Largest request body of the POST analyses, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>Rows (CSV) or features (GeoJSON) read, answered and written per step of a streamed batch.</summary>
    public int ChunkRows { get; set; } = 8_192;
}
