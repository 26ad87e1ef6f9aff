using Microsoft.Win32.SafeHandles;

namespace Maps.Core.Layers;

/// <summary>
/// The bytes of one layer file, read by ranges: a file on disk (positional reads, no shared file
/// pointer, so any number of threads read at once) or a byte array (layers made in memory). Reads
/// go through the operating system's page cache, not the process heap, so a layer's bytes count
/// against memory only for what a request holds at the moment.
/// </summary>
public abstract class LayerSource : IDisposable
{
    public abstract long Length { get; }

    /// <summary>Where the bytes come from, for messages.</summary>
    public abstract string Name { get; }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; a range past the end throws <see cref="InvalidDataException"/>.</summary>
    public abstract void Read(long offset, Span<byte> destination);

    public byte[] Read(long offset, int length)
    {
        var bytes = new byte[length];
        Read(offset, bytes);
        return bytes;
    }

    public static LayerSource OpenFile(string path) => new FileSource(path);

    public static LayerSource FromBytes(byte[] bytes, string name = "memory") => new MemorySource(bytes, name);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private sealed class FileSource : LayerSource
    {
        private readonly SafeFileHandle _handle;

        public FileSource(string path)
        {
            Name = path;
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess);
            Length = RandomAccess.GetLength(_handle);
        }

        public override long Length { get; }

        public override string Name { get; }

        public override void Read(long offset, Span<byte> destination)
        {
            if (offset < 0 || offset > Length - destination.Length)
                throw new InvalidDataException($"{Name}: a read of {destination.Length} bytes at {offset} is past the end ({Length} bytes).");
            while (destination.Length > 0)
            {
                int read = RandomAccess.Read(_handle, destination, offset);
                if (read <= 0)
                    throw new InvalidDataException($"{Name}: the file ended at {offset}, before its recorded length.");
                destination = destination[read..];
                offset += read;
            }
        }

        public override void Dispose()
        {
            _handle.Dispose();
            base.Dispose();
        }
    }

    private sealed class MemorySource(byte[] bytes, string name) : LayerSource
    {
        public override long Length => bytes.Length;

        public override string Name => name;

        public override void Read(long offset, Span<byte> destination)
        {
            if (offset < 0 || offset > bytes.Length - destination.Length)
                throw new InvalidDataException($"{Name}: a read of {destination.Length} bytes at {offset} is past the end ({bytes.Length} bytes).");
            bytes.AsSpan((int)offset, destination.Length).CopyTo(destination);
        }
    }
}
