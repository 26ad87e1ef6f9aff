namespace Maps.Storage.Local;

/// <summary>Writes that a crash cannot leave half done: to a temporary file beside the target, flushed to disk, then renamed over it (rename is atomic).</summary>
internal static class LocalFiles
{
    public static Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(path, (file, token) => file.WriteAsync(bytes, token), flushToDisk: true, cancellationToken);

    /// <summary>
    /// The stream's bytes, written the same way; <paramref name="flushToDisk"/> false for files that
    /// can be written again (a job's chunks), where a power cut may lose them but never half-write them.
    /// </summary>
    public static Task WriteAtomicallyAsync(string path, Stream content, bool flushToDisk, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(path, (file, token) => new ValueTask(content.CopyToAsync(file, token)), flushToDisk, cancellationToken);

    private static async Task WriteAtomicallyAsync(string path, Func<FileStream, CancellationToken, ValueTask> write, bool flushToDisk, CancellationToken cancellationToken)
    {
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken);
                if (flushToDisk)
                    stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>Removes a directory tree by first renaming it aside, so that no reader ever sees it half deleted.</summary>
    public static void DeleteDirectory(string path, string trash)
    {
        if (!Directory.Exists(path))
            return;
        Directory.CreateDirectory(trash);
        string aside = Path.Combine(trash, Guid.NewGuid().ToString("N"));
        try
        {
            Directory.Move(path, aside);
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }
        Directory.Delete(aside, recursive: true);
    }
}
