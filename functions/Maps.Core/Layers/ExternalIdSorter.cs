using System.Text;

namespace Maps.Core.Layers;

/// <summary>One feature's id, the order it was added in, and where it came from (for a duplicate's report).</summary>
internal readonly record struct IdEntry(string Id, int Input, int File, int Source);

/// <summary>
/// Sorts ids (ordinal, then the order they were added in) with bounded memory: up to
/// <see cref="RunSize"/> are sorted in memory at a time and written to a temporary run file, then
/// the runs are merged (a k-way merge on a priority queue). So a layer of millions of features
/// sorts its ids on disk, holding one run and one entry per run at most; equal ids come out next
/// to each other, first added first, which is how duplicates are found. Not thread-safe; deletes
/// its files when disposed.
/// </summary>
internal sealed class ExternalIdSorter(string directory, int runSize = ExternalIdSorter.DefaultRunSize) : IDisposable
{
    public const int DefaultRunSize = 262_144;

    private readonly List<IdEntry> _run = [];
    private readonly List<string> _runFiles = [];

    public int RunSize { get; } = runSize;

    public int Count { get; private set; }

    public void Add(in IdEntry entry)
    {
        _run.Add(entry);
        Count++;
        if (_run.Count >= RunSize)
            Spill();
    }

    /// <summary>Every pair, sorted; the sorter cannot be added to afterwards.</summary>
    public IEnumerable<IdEntry> Sorted()
    {
        SortRun();
        if (_runFiles.Count == 0)
        {
            foreach (var pair in _run)
                yield return pair;
            yield break;
        }
        if (_run.Count > 0)
            Spill();
        var readers = _runFiles.Select(f => new BinaryReader(new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), Encoding.UTF8)).ToList();
        try
        {
            var queue = new PriorityQueue<int, IdEntry>(Comparer);
            var heads = new IdEntry[readers.Count];
            for (int r = 0; r < readers.Count; r++)
                if (TryRead(readers[r], out heads[r]))
                    queue.Enqueue(r, heads[r]);
            while (queue.TryDequeue(out int r, out var pair))
            {
                yield return pair;
                if (TryRead(readers[r], out heads[r]))
                    queue.Enqueue(r, heads[r]);
            }
        }
        finally
        {
            foreach (var reader in readers)
                reader.Dispose();
        }
    }

    private static readonly Comparer<IdEntry> Comparer = Comparer<IdEntry>.Create((a, b) =>
    {
        int c = string.CompareOrdinal(a.Id, b.Id);
        return c != 0 ? c : a.Input.CompareTo(b.Input);
    });

    private void SortRun() => _run.Sort(Comparer);

    private void Spill()
    {
        SortRun();
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"ids-{_runFiles.Count:D5}.run");
        using (var writer = new BinaryWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8))
        {
            foreach (var entry in _run)
            {
                writer.Write(entry.Id);
                writer.Write(entry.Input);
                writer.Write(entry.File);
                writer.Write(entry.Source);
            }
        }
        _runFiles.Add(path);
        _run.Clear();
    }

    private static bool TryRead(BinaryReader reader, out IdEntry entry)
    {
        if (reader.BaseStream.Position >= reader.BaseStream.Length)
        {
            entry = default;
            return false;
        }
        entry = new IdEntry(reader.ReadString(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        return true;
    }

    public void Dispose()
    {
        foreach (var file in _runFiles)
            File.Delete(file);
        _runFiles.Clear();
        _run.Clear();
    }
}
