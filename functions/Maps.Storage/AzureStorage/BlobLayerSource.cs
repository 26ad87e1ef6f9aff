using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Maps.Core.Layers;
using Microsoft.Extensions.Logging;

namespace Maps.Storage.AzureStorage;

/// <summary>
/// A version's layer file read from its blob while this instance fetches it into its local cache:
/// until the fetch has finished, reads are ranged reads of the blob (in aligned windows of a
/// megabyte, the last few kept, so the block checks and the reads that follow them share one
/// request); once it has, reads go to the cached file. So a layer opens in a few small reads,
/// answers at once, and is on local disk a little later, whatever its size. Integrity is the layer
/// file's own: every block a read touches is checked against the file's block table, wherever it
/// was read from. A blob that cannot be reached is a <see cref="StorageUnavailableException"/>.
/// </summary>
internal sealed class BlobLayerSource : LayerSource
{
    private const int WindowBytes = 1 << 20;
    private const int KeptWindows = 16;

    private readonly BlobClient _blob;
    private readonly ILogger _logger;
    private readonly LinkedList<(long Index, byte[] Bytes)> _windows = new();
    private volatile LayerSource? _local;
    private bool _disposed;

    private BlobLayerSource(BlobClient blob, long length, ILogger logger)
    {
        _blob = blob;
        Length = length;
        _logger = logger;
    }

    public override long Length { get; }

    public override string Name => _blob.Name;

    /// <summary>Reads from the blob and starts fetching it to <paramref name="cachePath"/>; <paramref name="isWhole"/> says whether a fetched file is this version's.</summary>
    public static BlobLayerSource Start(BlobClient blob, long length, string cachePath, Func<string, bool> isWhole, ILogger logger)
    {
        var source = new BlobLayerSource(blob, length, logger);
        source.Fetched = Task.Run(() => source.FetchAsync(cachePath, isWhole));
        return source;
    }

    /// <summary>Completes when the file is in the cache and reads go there (true), or the fetch failed and reads stay on the blob (false).</summary>
    public Task<bool> Fetched { get; private set; } = Task.FromResult(false);

    public override void Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > Length - destination.Length)
            throw new InvalidDataException($"{Name}: a read of {destination.Length} bytes at {offset} is past the end ({Length} bytes).");
        if (_local is { } local)
        {
            local.Read(offset, destination);
            return;
        }
        if (destination.Length > WindowBytes)
        {
            Download(offset, destination);
            return;
        }
        while (destination.Length > 0)
        {
            long index = offset / WindowBytes;
            var window = Window(index);
            int from = (int)(offset - index * WindowBytes);
            int take = Math.Min(destination.Length, window.Length - from);
            if (take <= 0)
                throw new InvalidDataException($"{Name}: the blob ended at {offset}, before its recorded length.");
            window.AsSpan(from, take).CopyTo(destination);
            destination = destination[take..];
            offset += take;
        }
    }

    private byte[] Window(long index)
    {
        lock (_windows)
        {
            for (var node = _windows.First; node is not null; node = node.Next)
            {
                if (node.Value.Index == index)
                {
                    _windows.Remove(node);
                    _windows.AddFirst(node);
                    return node.Value.Bytes;
                }
            }
        }
        long start = index * WindowBytes;
        var bytes = new byte[(int)Math.Min(WindowBytes, Length - start)];
        Download(start, bytes);
        lock (_windows)
        {
            _windows.AddFirst((index, bytes));
            while (_windows.Count > KeptWindows)
                _windows.RemoveLast();
        }
        return bytes;
    }

    /// <summary>One ranged read of the blob into <paramref name="destination"/>.</summary>
    private void Download(long offset, Span<byte> destination)
    {
        try
        {
            using var result = _blob.DownloadStreaming(new BlobDownloadOptions { Range = new HttpRange(offset, destination.Length) }).Value;
            var content = result.Content;
            while (destination.Length > 0)
            {
                int read = content.Read(destination);
                if (read <= 0)
                    throw new InvalidDataException($"{Name}: the blob ended at {offset}, before its recorded length.");
                destination = destination[read..];
                offset += read;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404 || e.Status == 416)
        {
            throw new InvalidDataException($"{Name}: the blob is missing or shorter than recorded ({e.Status}).", e);
        }
        catch (Exception e) when (e is not InvalidDataException && StoreErrors.IsUnavailable(e))
        {
            throw new StorageUnavailableException($"The blob {Name} cannot be read: {e.Message}", e);
        }
    }

    private async Task<bool> FetchAsync(string path, Func<string, bool> isWhole)
    {
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await _blob.DownloadToAsync(temporary, new BlobDownloadToOptions
            {
                TransferOptions = new StorageTransferOptions { MaximumConcurrency = 4, InitialTransferSize = 8 << 20, MaximumTransferSize = 8 << 20 },
            });
            if (!isWhole(temporary))
                throw new InvalidDataException($"The fetched blob {Name} is not the version recorded.");
            File.Move(temporary, path, overwrite: true);
            var local = OpenFile(path);
            lock (_windows)
            {
                if (_disposed)
                {
                    local.Dispose();
                    return false;
                }
                _local = local;
                _windows.Clear();
            }
            return true;
        }
        catch (Exception e)
        {
            // Reads stay on the blob; the next instance (or the next load of this version) fetches again.
            _logger.LogWarning("Fetching the blob {Blob} into the cache failed: {Reason}", Name, e.Message);
            return false;
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    public override void Dispose()
    {
        lock (_windows)
        {
            _disposed = true;
            _local?.Dispose();
        }
        base.Dispose();
    }
}
