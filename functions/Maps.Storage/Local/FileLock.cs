namespace Maps.Storage.Local;

/// <summary>
/// An exclusive lock on a file, between processes and within one: .NET takes an advisory <c>flock</c> for
/// <see cref="FileShare.None"/> on Unix (and a share lock on Windows), and the operating system drops it
/// when the process dies, so a lock that can be taken has no live holder.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>The lock, or null at once when another holder has it.</summary>
    public static FileLock? TryTake(string path)
    {
        try
        {
            return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>Waits for the lock, polling, for at most <paramref name="timeout"/>; then storage counts as unavailable.</summary>
    public static async Task<FileLock> TakeAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        for (int delay = 5; ; delay = Math.Min(delay * 2, 100))
        {
            if (TryTake(path) is { } taken)
                return taken;
            if (DateTime.UtcNow > deadline)
                throw new StorageUnavailableException($"The local store is locked by another writer ({path}) for more than {timeout.TotalSeconds:0} s.");
            await Task.Delay(delay, cancellationToken);
        }
    }

    public void Dispose() => _stream.Dispose();
}
