using System.Text;
using System.Threading.Channels;
using Maps.Storage.Local;

namespace Maps.Storage.Jobs;

/// <summary>
/// Jobs of one process (the embedded default): records as <c>records/{id}.json</c> and files under
/// <c>files/</c> in <see cref="Directory"/>, written atomically; the queue in memory. The ETag is a
/// revision number kept in the record file, checked and bumped under one lock, which is enough
/// because only this process writes here. Work queued but not done when the process stops is found
/// again by the sweeper (every unfinished job's missing chunks), since the queue does not survive it.
/// </summary>
public sealed class LocalJobStore(string directory) : IJobStore
{
    private readonly SemaphoreSlim _records = new(1, 1);
    private readonly Channel<ReceivedJobMessage> _queue = Channel.CreateUnbounded<ReceivedJobMessage>();

    public string Directory { get; } = directory;

    public string Kind => "local";

    private string RecordsDirectory => Path.Combine(Directory, "records");

    private string FilesDirectory => Path.Combine(Directory, "files");

    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        System.IO.Directory.CreateDirectory(RecordsDirectory);
        System.IO.Directory.CreateDirectory(FilesDirectory);
        return Task.CompletedTask;
    }

    public async Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        await _records.WaitAsync(cancellationToken);
        try
        {
            System.IO.Directory.CreateDirectory(RecordsDirectory);
            if (File.Exists(RecordPath(job.Id)))
                throw new PublishConflictException($"Job '{job.Id}' exists.");
            return await WriteAsync(job, 1, cancellationToken);
        }
        finally
        {
            _records.Release();
        }
    }

    public async Task<JobRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsSafeName(id))
            return null;
        try
        {
            var (record, _) = Parse(await File.ReadAllTextAsync(RecordPath(id), cancellationToken));
            return record;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<JobRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var jobs = new List<JobRecord>();
        if (!System.IO.Directory.Exists(RecordsDirectory))
            return jobs;
        foreach (string path in System.IO.Directory.EnumerateFiles(RecordsDirectory, "*.json"))
        {
            if (await GetAsync(Path.GetFileNameWithoutExtension(path), cancellationToken) is { } job)
                jobs.Add(job);
        }
        return jobs;
    }

    public async Task<JobRecord?> TryReplaceAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        await _records.WaitAsync(cancellationToken);
        try
        {
            var current = await GetAsync(job.Id, cancellationToken);
            if (current is null || current.ETag != job.ETag)
                return null;
            return await WriteAsync(job, long.Parse(job.ETag) + 1, cancellationToken);
        }
        finally
        {
            _records.Release();
        }
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await _records.WaitAsync(cancellationToken);
        try
        {
            File.Delete(RecordPath(id));
        }
        finally
        {
            _records.Release();
        }
    }

    public Task WriteFileAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        string path = FilePath(name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return LocalFiles.WriteAtomicallyAsync(path, content, flushToDisk: false, cancellationToken);
    }

    public Task<Stream?> OpenFileAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult<Stream?>(new FileStream(FilePath(name), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<int> DeleteFilesAsync(string prefix, CancellationToken cancellationToken = default)
    {
        int deleted = 0;
        foreach (var file in Matching(prefix))
        {
            file.Delete();
            deleted++;
        }
        // Job prefixes are directories: remove what is left of them.
        string directory = FilePath(prefix.TrimEnd('/'));
        if (prefix.EndsWith('/') && System.IO.Directory.Exists(directory))
            LocalFiles.DeleteDirectory(directory, Path.Combine(Directory, "trash"));
        return Task.FromResult(deleted);
    }

    public Task<(int Files, long Bytes)> MeasureFilesAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var files = Matching(prefix).ToArray();
        return Task.FromResult((files.Length, files.Sum(f => f.Length)));
    }

    public Task SendAsync(JobMessage message, CancellationToken cancellationToken = default)
    {
        _queue.Writer.TryWrite(new ReceivedJobMessage(message, DequeueCount: 1, Receipt: new object()));
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<ReceivedJobMessage>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        var first = await _queue.Reader.ReadAsync(cancellationToken);
        var messages = new List<ReceivedJobMessage> { first };
        while (messages.Count < max && _queue.Reader.TryRead(out var next))
            messages.Add(next);
        return messages;
    }

    public Task CompleteAsync(ReceivedJobMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>The same message again after the delay, its delivery counted (each message counts its own, as a queue's do).</summary>
    public Task RetryAsync(ReceivedJobMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        _ = Task.Delay(delay, CancellationToken.None).ContinueWith(
            _ => _queue.Writer.TryWrite(message with { DequeueCount = message.DequeueCount + 1 }), TaskScheduler.Default);
        return Task.CompletedTask;
    }

    private IEnumerable<FileInfo> Matching(string prefix)
    {
        // Names start with the job's directory: only that is walked, not every job's files.
        string top = prefix.Split('/')[0];
        var root = new DirectoryInfo(prefix.Contains('/') ? Path.Combine(FilesDirectory, top) : FilesDirectory);
        try
        {
            return root.Exists
                ? root.EnumerateFiles("*", SearchOption.AllDirectories)
                    .Where(f => !f.Name.EndsWith(".tmp", StringComparison.Ordinal))
                    .Where(f => Path.GetRelativePath(FilesDirectory, f.FullName).Replace(Path.DirectorySeparatorChar, '/').StartsWith(prefix, StringComparison.Ordinal))
                    .ToArray()
                : [];
        }
        catch (DirectoryNotFoundException)
        {
            return []; // deleted while it was walked: nothing left there
        }
    }

    private async Task<JobRecord> WriteAsync(JobRecord job, long revision, CancellationToken cancellationToken)
    {
        string json = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" + JobStoreSerializer.ToJson(job);
        await LocalFiles.WriteAtomicallyAsync(RecordPath(job.Id), Encoding.UTF8.GetBytes(json), cancellationToken);
        return job with { ETag = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    private static (JobRecord Record, long Revision) Parse(string text)
    {
        int newline = text.IndexOf('\n');
        string revision = text[..newline];
        return (JobStoreSerializer.FromJson(text[(newline + 1)..], revision), long.Parse(revision));
    }

    private string RecordPath(string id) => Path.Combine(RecordsDirectory, id + ".json");

    private string FilePath(string name)
    {
        if (name.Split('/').Any(part => part is "" or "." or ".."))
            throw new ArgumentException($"'{name}' is not a job file name.", nameof(name));
        return Path.Combine(FilesDirectory, name.Replace('/', Path.DirectorySeparatorChar));
    }

    private static bool IsSafeName(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
