namespace Maps.Formats;

/// <summary>
/// An upload body spooled to a file of its own under the reader's temp directory, for the formats whose
/// libraries need to seek (SQLite, zip). Deleted on dispose, whatever happened.
/// </summary>
internal sealed class TempFile : IDisposable
{
    private TempFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>Copies <paramref name="body"/> to a new file named with <paramref name="extension"/>.</summary>
    public static async Task<TempFile> SpoolAsync(Stream body, string directory, string extension, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var file = new TempFile(System.IO.Path.Combine(directory, $"upload-{Guid.NewGuid():N}{extension}"));
        try
        {
            await using var output = new FileStream(file.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await body.CopyToAsync(output, 81920, cancellationToken);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return file;
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Still open elsewhere: the temp directory's own clean-up takes it.
        }
    }
}
