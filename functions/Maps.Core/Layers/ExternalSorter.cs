using System.Runtime.InteropServices;

namespace Maps.Core.Layers;

/// <summary>
/// Sorts fixed-size records with bounded memory: up to <see cref="RunSize"/> are sorted in memory
/// at a time and written to a temporary run file, then the runs are merged (a k-way merge on a
/// priority queue), reading each run through a small buffer. So a layer of millions of features
/// sorts its keys on disk. Not thread-safe; deletes its files when disposed.
/// </summary>
internal sealed class ExternalSorter<T>(string directory, string name, IComparer<T> comparer, int runSize = 1 << 20) : IDisposable
    where T : unmanaged
{
    private T[] _run = new T[Math.Min(runSize, 1024)];
    private int _count;
    private readonly List<string> _runFiles = [];

    public int RunSize { get; } = runSize;

    public long Count { get; private set; }

    public void Add(in T record)
    {
        if (_count == _run.Length)
        {
            if (_count >= RunSize)
                Spill();
            else
                Array.Resize(ref _run, Math.Min(RunSize, _run.Length * 2));
        }
        _run[_count++] = record;
        Count++;
    }

    /// <summary>Every record, sorted (stable for equal records only by chance: make the comparer total).</summary>
    public IEnumerable<T> Sorted()
    {
        if (_runFiles.Count == 0)
        {
            Array.Sort(_run, 0, _count, comparer);
            for (int i = 0; i < _count; i++)
                yield return _run[i];
            yield break;
        }
        if (_count > 0)
            Spill();
        _run = [];
        var readers = _runFiles.Select(f => new RunReader(f)).ToList();
        try
        {
            var queue = new PriorityQueue<int, T>(comparer);
            for (int r = 0; r < readers.Count; r++)
                if (readers[r].TryRead(out var head))
                    queue.Enqueue(r, head);
            while (queue.TryDequeue(out int r, out var record))
            {
                yield return record;
                if (readers[r].TryRead(out var next))
                    queue.Enqueue(r, next);
            }
        }
        finally
        {
            foreach (var reader in readers)
                reader.Dispose();
        }
    }

    private void Spill()
    {
        Array.Sort(_run, 0, _count, comparer);
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"{name}-{_runFiles.Count:D5}.run");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            file.Write(MemoryMarshal.AsBytes(_run.AsSpan(0, _count)));
        _runFiles.Add(path);
        _count = 0;
    }

    public void Dispose()
    {
        foreach (var file in _runFiles)
            File.Delete(file);
        _runFiles.Clear();
        _run = [];
    }

    /// <summary>Reads one run back a buffer of records at a time.</summary>
    private sealed class RunReader(string path) : IDisposable
    {
        private readonly FileStream _file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        private readonly T[] _buffer = new T[Math.Max(1, (1 << 16) / Marshal.SizeOf<T>())];
        private int _next, _filled;

        public bool TryRead(out T record)
        {
            if (_next == _filled)
            {
                int bytes = _file.ReadAtLeast(MemoryMarshal.AsBytes(_buffer.AsSpan()), MemoryMarshal.AsBytes(_buffer.AsSpan()).Length, throwOnEndOfStream: false);
                _filled = bytes / Marshal.SizeOf<T>();
                _next = 0;
                if (_filled == 0)
                {
                    record = default;
                    return false;
                }
            }
            record = _buffer[_next++];
            return true;
        }

        public void Dispose() => _file.Dispose();
    }
}
