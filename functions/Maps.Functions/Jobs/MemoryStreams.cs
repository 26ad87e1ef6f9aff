using System.Runtime.InteropServices;

namespace Maps.Functions.Jobs;

public static class MemoryStreams
{
    /// <summary>A read-only stream over bytes already in memory, without copying them (a chunk is tens of MB).</summary>
    public static MemoryStream ReadOnly(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
}
