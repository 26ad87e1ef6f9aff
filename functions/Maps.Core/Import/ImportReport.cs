namespace Maps.Core.Import;

/// <summary>Why one source feature was not written.</summary>
public sealed record Rejection(string File, int Index, string? FeatureId, string Reason)
{
    public override string ToString() =>
        $"{File}: feature #{Index}{(FeatureId is null ? "" : $" ('{FeatureId}')")}: {Reason}";
}

/// <summary>Counts of one layer's import: features read, written and rejected, with each rejection, in the order the features were read.</summary>
public sealed class LayerReport(string layerId)
{
    private readonly List<Rejection> _rejections = [];
    private readonly List<string> _files = [];
    private readonly SortedDictionary<string, int> _fixes = new(StringComparer.Ordinal);

    public string LayerId { get; } = layerId;
    public int Read { get; set; }
    public int Written { get; set; }
    public int Rejected => _rejections.Count;
    public IReadOnlyList<Rejection> Rejections => _rejections;

    /// <summary>What was fixed in written features rather than rejected, with how many times (coordinates clamped, say).</summary>
    public IReadOnlyDictionary<string, int> Fixes => _fixes;

    public void Reject(Rejection rejection) => _rejections.Add(rejection);

    public void Fix(string what, int count = 1) => _fixes[what] = _fixes.GetValueOrDefault(what) + count;

    /// <summary>Remembers the order files are read in, for <see cref="RejectDuplicates"/>.</summary>
    public void NoteFile(string file)
    {
        if (_files.Count == 0 || _files[^1] != file && !_files.Contains(file))
            _files.Add(file);
    }

    /// <summary>
    /// Features the layer file's writer left out because an earlier one had their id: each one
    /// written no more, and rejected in its place among the others (by file, then index).
    /// </summary>
    public void RejectDuplicates(IEnumerable<Layers.DuplicateFeature> duplicates)
    {
        bool any = false;
        foreach (var duplicate in duplicates)
        {
            Written--;
            _rejections.Add(new Rejection(duplicate.Source.File, duplicate.Source.Index, duplicate.Id,
                $"duplicate id '{duplicate.Id}' (first used by feature #{duplicate.FirstIndex})"));
            any = true;
        }
        if (any)
        {
            var ordered = _rejections.OrderBy(r => _files.IndexOf(r.File) is int rank and >= 0 ? rank : int.MaxValue).ThenBy(r => r.Index).ToList();
            _rejections.Clear();
            _rejections.AddRange(ordered);
        }
    }

    public override string ToString() =>
        $"{LayerId}: read {Read}, written {Written}, rejected {Rejected}{string.Concat(_fixes.Select(f => $"; fixed {f.Value}: {f.Key}"))}";
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
