using System.Text;
using Maps.Storage.Jobs;
using Maps.Storage.Tests.Support;

namespace Maps.Storage.Tests.Jobs;

/// <summary>
/// The job store's contract, the same for Azure Storage (a real Azurite: table, blobs, queue) and the
/// local directory: records replaced only with their ETag, so concurrent chunk completions all
/// count; files written whole, overwritten, measured and deleted by prefix; the queue's deliveries.
/// </summary>
public abstract class JobStoreTests
{
    protected abstract IJobStore NewStore();

    private static JobRecord Job(string id, int chunks = 0) => new()
    {
        Id = id, ProcessId = "nearest", Created = DateTimeOffset.UtcNow, Updated = DateTimeOffset.UtcNow, Chunks = chunks, Done = new byte[(chunks + 7) / 8],
        Parameters = new() { ["to"] = "fibre-links" }, Pins = new() { ["fibre-links"] = "v1" },
    };

    [Fact]
    public async Task A_record_is_replaced_only_with_the_etag_it_was_read_with()
    {
        var store = NewStore();
        await store.InitializeAsync();
        var created = await store.CreateAsync(Job("j" + Guid.NewGuid().ToString("N")));
        var read = (await store.GetAsync(created.Id))!;

        var first = await store.TryReplaceAsync(read with { Message = "first" });
        var stale = await store.TryReplaceAsync(read with { Message = "stale" });
        var listed = (await store.ListAsync()).Single(j => j.Id == created.Id);
        await store.DeleteAsync(created.Id);

        Assert.NotNull(first);
        Assert.NotEqual(read.ETag, first!.ETag);
        Assert.Null(stale);
        Assert.Equal("first", listed.Message);
        Assert.Equal("fibre-links", listed.Parameters["to"]);
        Assert.Equal("v1", listed.Pins["fibre-links"]);
        Assert.Null(await store.GetAsync(created.Id));
        Assert.Null(await store.TryReplaceAsync(first));
    }

    [Fact]
    public async Task Chunks_finished_at_once_by_many_workers_are_all_counted_once()
    {
        var store = NewStore();
        await store.InitializeAsync();
        const int chunks = 120;
        var job = await store.CreateAsync(Job("j" + Guid.NewGuid().ToString("N"), chunks));

        // Every chunk twice, as a message delivered again after a crash would be.
        await Parallel.ForEachAsync(Enumerable.Range(0, chunks).Concat(Enumerable.Range(0, chunks)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (chunk, ct) =>
        {
            while (true)
            {
                var current = (await store.GetAsync(job.Id, ct))!;
                if (current.IsDone(chunk) || await store.TryReplaceAsync(current.WithDone(chunk), ct) is not null)
                    return;
            }
        });
        var done = (await store.GetAsync(job.Id))!;

        Assert.Equal(chunks, done.DoneCount);
        Assert.All(Enumerable.Range(0, chunks), c => Assert.True(done.IsDone(c)));
        Assert.Equal(99, done.Progress);
    }

    [Fact]
    public async Task Files_are_written_whole_overwritten_measured_and_deleted_by_prefix()
    {
        var store = NewStore();
        await store.InitializeAsync();
        string job = "j" + Guid.NewGuid().ToString("N"), other = "k" + Guid.NewGuid().ToString("N");
        byte[] big = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("lat,lon\n12.5,-8.1\n", 200_000)));

        await store.WriteFileAsync(JobFiles.Input(job), new MemoryStream(big));
        await store.WriteFileAsync(JobFiles.ChunkOutput(job, 3), new MemoryStream("old"u8.ToArray()));
        await store.WriteFileAsync(JobFiles.ChunkOutput(job, 3), new MemoryStream("new rows"u8.ToArray()));
        await store.WriteFileAsync(JobFiles.Input(other), new MemoryStream("x"u8.ToArray()));
        var measured = await store.MeasureFilesAsync(JobFiles.Prefix(job));
        await using (var read = (await store.OpenFileAsync(JobFiles.Input(job)))!)
        {
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(big, copy.ToArray());
        }
        string chunk;
        await using (var read = (await store.OpenFileAsync(JobFiles.ChunkOutput(job, 3)))!)
            chunk = await new StreamReader(read).ReadToEndAsync();
        int deleted = await store.DeleteFilesAsync(JobFiles.Prefix(job));

        Assert.Equal((2, big.Length + 8L), measured);
        Assert.Equal("new rows", chunk);
        Assert.Equal(2, deleted);
        Assert.Null(await store.OpenFileAsync(JobFiles.Input(job)));
        Assert.Equal((0, 0L), await store.MeasureFilesAsync(JobFiles.Prefix(job)));
        Assert.Equal((1, 1L), await store.MeasureFilesAsync(JobFiles.Prefix(other)));
    }

    [Fact]
    public async Task A_message_tried_again_comes_back_with_its_delivery_counted_and_a_completed_one_does_not()
    {
        var store = NewStore();
        await store.InitializeAsync();
        var message = new JobMessage("j" + Guid.NewGuid().ToString("N"), 7);
        await store.SendAsync(message);

        var first = await ReceiveAsync(store, message);
        await store.RetryAsync(first, TimeSpan.FromMilliseconds(200));
        var second = await ReceiveAsync(store, message);
        await store.CompleteAsync(second);
        await store.SendAsync(new JobMessage(message.Job, 8));
        var next = await ReceiveAsync(store, message with { Chunk = 8 });
        await store.CompleteAsync(next);

        Assert.Equal(1, first.DequeueCount);
        Assert.Equal(2, second.DequeueCount);
        Assert.Equal(1, next.DequeueCount);
    }

    /// <summary>The next delivery of that message (others, left by earlier tests on a shared queue, are completed and skipped).</summary>
    private static async Task<ReceivedJobMessage> ReceiveAsync(IJobStore store, JobMessage wanted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            IReadOnlyList<ReceivedJobMessage> messages;
            try
            {
                messages = await store.ReceiveAsync(1, TimeSpan.FromSeconds(30), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                continue;
            }
            foreach (var message in messages)
            {
                if (message.Message == wanted)
                    return message;
                await store.CompleteAsync(message);
            }
            if (messages.Count == 0)
                await Task.Delay(100);
        }
        throw new TimeoutException($"{wanted} did not come back.");
    }
}

public sealed class AzureJobStoreTests(AzuriteJobsFixture azurite) : JobStoreTests, IClassFixture<AzuriteJobsFixture>
{
    protected override IJobStore NewStore() => new AzureJobStore(new JobStorageOptions { ConnectionString = azurite.Azurite.ConnectionString, MaxRetries = 1, NetworkTimeoutSeconds = 10 });
}

public sealed class LocalJobStoreTests : JobStoreTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "maps-jobstore-" + Guid.NewGuid().ToString("N"));

    protected override IJobStore NewStore() => new LocalJobStore(_directory);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
