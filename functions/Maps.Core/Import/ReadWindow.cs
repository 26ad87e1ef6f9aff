using System.Buffers;

namespace Maps.Core.Import;

/// <summary>The buffer housekeeping of the streamed readers (analysis bodies, uploads): room for the next read, nothing more.</summary>
public static class ReadWindow
{
    /// <summary>
    /// Moves the unread bytes [start, end) to the front of the buffer and, when it is then still
    /// full (one record longer than the buffer), swaps it for a pooled one twice as large.
    /// Returns how many consumed bytes were dropped from the front.
    /// </summary>
    public static int MakeRoom(ref byte[] buffer, ref int start, ref int end)
    {
        int dropped = start;
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            Buffer.BlockCopy(buffer, 0, larger, 0, end);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
        return dropped;
    }

    /// <summary>
    /// Reads into <paramref name="buffer"/> from <paramref name="end"/> until it is full or the stream ends
    /// (a full buffer keeps rescanning an unfinished value at its start linear in that value's size).
    /// </summary>
    /// <returns>The new end, and whether the stream has ended.</returns>
    public static async ValueTask<(int End, bool Final)> FillAsync(Stream stream, byte[] buffer, int end, CancellationToken cancellationToken)
    {
        while (end < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
                return (end, true);
            end += read;
        }
        return (end, false);
    }
}
