namespace Maps.Core.Import;

/// <summary>Why one source feature was not written.</summary>
public sealed record Rejection(string File, int Index, string? FeatureId, string Reason)
{
    public override string ToString() =>
        $"{File}: feature #{Index}{(FeatureId is null ? "" : $" ('{FeatureId}')")}: {Reason}";
}

/// <summary>Counts of one layer's import: features read, written and rejected, with each rejection.</summary>
public sealed class LayerReport(string layerId)
{
    private readonly List<Rejection> _rejections = [];

    public string LayerId { get; } = layerId;
    public int Read { get; set; }
    public int Written { get; set; }
    public int Rejected => _rejections.Count;
    public IReadOnlyList<Rejection> Rejections => _rejections;

    public void Reject(Rejection rejection) => _rejections.Add(rejection);

    public override string ToString() => $"{LayerId}: read {Read}, written {Written}, rejected {Rejected}";
}

/// <summary>
/// A whole source file cannot be used (unreadable or truncated JSON, not a FeatureCollection, an
/// unsupported CRS). The message names the file and, where there is one, the position or feature.
/// Nothing is written when this is thrown.
/// </summary>
public sealed class ImportFileException(string file, string message, Exception? inner = null)
    : Exception($"{file}: {message}", inner)
{
    public string File { get; } = file;
}
