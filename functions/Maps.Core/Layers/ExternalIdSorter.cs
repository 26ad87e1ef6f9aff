using System.Text;

namespace Maps.Core.Layers;

/// <summary>
/// Sorts (id, index) pairs by id (ordinal, then index) with bounded memory: up to
/// <see cref="RunSize"/> pairs are sorted in memory at a time and written to a temporary run file,
/// then the runs are merged (a k-way merge on a priority queue). So a layer of millions of features
/// sorts its ids on disk, holding one run and one pair per run at most. Not thread-safe; deletes its
/// files when disposed.
/// </summary>
internal sealed class ExternalIdSorter(string directory, int runSize = ExternalIdSorter.DefaultRunSize) : IDisposable
{
    public const int DefaultRunSize = 262_144;

    private readonly List<(string Id, int Index)> _run = [];
    private readonly List<string> _runFiles = [];

    public int RunSize { get; } = runSize;

    public int Count { get; private set; }

    public void Add(string id, int index)
    {
        _run.Add((id, index));
        Count++;
        if (_run.Count >= RunSize)
            Spill();
    }

    /// <summary>Every pair, sorted; the sorter cannot be added to afterwards.</summary>
    public IEnumerable<(string Id, int Index)> Sorted()
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
            var queue = new PriorityQueue<int, (string Id, int Index)>(Comparer);
            var heads = new (string Id, int Index)[readers.Count];
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

    private static readonly Comparer<(string Id, int Index)> Comparer = Comparer<(string Id, int Index)>.Create((a, b) =>
    {
        int c = string.CompareOrdinal(a.Id, b.Id);
        return c != 0 ? c : a.Index.CompareTo(b.Index);
    });

    private void SortRun() => _run.Sort(Comparer);

    private void Spill()
    {
        SortRun();
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"ids-{_runFiles.Count:D5}.run");
        using (var writer = new BinaryWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8))
        {
            foreach (var (id, index) in _run)
            {
                writer.Write(id);
                writer.Write(index);
            }
        }
        _runFiles.Add(path);
        _run.Clear();
    }

    private static bool TryRead(BinaryReader reader, out (string Id, int Index) pair)
    {
        if (reader.BaseStream.Position >= reader.BaseStream.Length)
        {
            pair = default;
            return false;
        }
        pair = (reader.ReadString(), reader.ReadInt32());
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
