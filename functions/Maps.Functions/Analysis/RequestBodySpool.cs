namespace Maps.Functions.Analysis;

/// <summary>
/// Copies the request body to a temporary file before the answer starts. The batch analyses
/// answer row by row; if they also read row by row, a client that sends its whole body before
/// reading (Python <c>requests</c>, .NET <c>HttpClient</c> over HTTP/1.1, some proxies) stalls once
/// both socket buffers fill, and so does the server. Spooling to disk keeps memory flat (the body
/// is at most <see cref="AnalysisOptions.MaxBodyBytes"/>) and works with every client; the cost is
/// one sequential write and read of the body. The file is deleted when the stream is disposed.
/// </summary>
public static class RequestBodySpool
{
    private const int BufferSize = 128 * 1024;

    public static async Task<Stream> SpoolAsync(Stream body, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), "maps-body-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            await body.CopyToAsync(file, BufferSize, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
