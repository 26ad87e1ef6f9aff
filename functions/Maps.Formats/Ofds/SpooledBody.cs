namespace Maps.Formats.Ofds;

/// <summary>
/// The upload as a stream that can be read more than once (both passes, or a zip's directory): the body
/// itself when it can seek, else a copy in the temp directory, deleted when this is disposed.
/// </summary>
internal sealed class SpooledBody : IAsyncDisposable
{
    private readonly long _origin;
    private readonly bool _owned;

    private SpooledBody(Stream stream, long origin, bool owned)
    {
        Stream = stream;
        _origin = origin;
        _owned = owned;
    }

    public Stream Stream { get; }

    public static async Task<SpooledBody> OpenAsync(Stream body, string tempDirectory, CancellationToken cancellationToken)
    {
        if (body.CanSeek)
            return new SpooledBody(body, body.Position, owned: false);
        Directory.CreateDirectory(tempDirectory);
        string path = Path.Combine(tempDirectory, $"ofds-{Guid.NewGuid():N}.upload");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await body.CopyToAsync(file, cancellationToken);
            return new SpooledBody(file, 0, owned: true);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>The stream, positioned at the start of the upload.</summary>
    public Stream Rewound()
    {
        Stream.Position = _origin;
        return Stream;
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned)
            await Stream.DisposeAsync();
    }
}
