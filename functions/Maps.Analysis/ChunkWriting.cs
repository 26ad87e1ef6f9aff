namespace Maps.Analysis;

/// <summary>
/// Writes an answered chunk's rows on the thread pool while the batch reads the next chunk, one
/// write at a time: reading and writing are each one core's work, and the answer between them uses
/// all cores, so overlapping the two keeps both cores busy through a long batch. The batch waits
/// for the last write before it answers the next chunk (the answer replaces what the write reads)
/// and before anything else touches its sink. Not thread-safe: one batch's reading thread calls it.
/// </summary>
internal sealed class ChunkWriting(BatchTimings timings)
{
    private Task _writing = Task.CompletedTask;

    /// <summary>Waits for the chunk being written; a write's failure (the client gone) is thrown here.</summary>
    public async ValueTask WaitAsync()
    {
        timings.Wait.Start();
        try
        {
            await _writing;
        }
        finally
        {
            timings.Wait.Stop();
        }
    }

    /// <summary>Starts writing an answered chunk, after <see cref="WaitAsync"/>.</summary>
    public void Start(Func<Task> write)
    {
        if (!_writing.IsCompleted)
            throw new InvalidOperationException("A chunk is still being written.");
        _writing = Task.Run(write);
    }

    /// <summary>On the way out after a failure: waits for the write in flight, whose own failure the first one outranks.</summary>
    public async ValueTask DrainAsync()
    {
        try
        {
            await _writing;
        }
        catch (Exception)
        {
            // The batch is already failing with the exception that stopped its reading.
        }
    }
}
