using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Maps.Storage.Jobs;

/// <summary>
/// Jobs in Azure Storage, shared by every instance: records in the table <c>mapsjobs</c> (one
/// entity per job, the record as JSON, replaced with If-Match), files in the blob container
/// <c>maps-jobs</c>, work in the queue <see cref="QueueName"/> that the queue-triggered function
/// (or, standalone, <c>JobWorkerService</c>) drains. Messages are base64, the Functions queue
/// trigger's default encoding. Every unreachable-storage error becomes <see cref="StorageUnavailableException"/>.
/// The names are fixed because the trigger's queue name is: one account holds one deployment's jobs.
/// </summary>
public sealed class AzureJobStore : IJobStore
{
    /// <summary>The queue's name: a constant, because the queue trigger's attribute needs one.</summary>
    public const string QueueName = "maps-jobs";

    public const string TableName = "mapsjobs";

    public const string ContainerName = "maps-jobs";

    private const string Partition = "job";
    private readonly TableClient _table;
    private readonly BlobContainerClient _container;
    private readonly QueueClient _queue;

    public AzureJobStore(JobStorageOptions options)
    {
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        foreach (ClientOptions o in new ClientOptions[] { tableOptions, blobOptions, queueOptions })
        {
            o.Retry.MaxRetries = options.MaxRetries;
            o.Retry.Mode = RetryMode.Exponential;
            o.Retry.Delay = TimeSpan.FromMilliseconds(200);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(2);
            o.Retry.NetworkTimeout = TimeSpan.FromSeconds(options.NetworkTimeoutSeconds);
        }
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            _table = new TableClient(options.ConnectionString, TableName, tableOptions);
            _container = new BlobContainerClient(options.ConnectionString, ContainerName, blobOptions);
            _queue = new QueueClient(options.ConnectionString, QueueName, queueOptions);
        }
        else
        {
            var credential = new DefaultAzureCredential();
            string account = options.AccountName ?? throw new InvalidOperationException("Jobs storage needs a connection string or an account name.");
            _table = new TableClient(new Uri($"https://{account}.table.core.windows.net/"), TableName, credential, tableOptions);
            _container = new BlobContainerClient(new Uri($"https://{account}.blob.core.windows.net/{ContainerName}"), credential, blobOptions);
            _queue = new QueueClient(new Uri($"https://{account}.queue.core.windows.net/{QueueName}"), credential, queueOptions);
        }
    }

    public string Kind => "azure-storage";

    public Task InitializeAsync(CancellationToken cancellationToken = default) => StoreErrors.Guard(async () =>
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    });

    public Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken = default) => StoreErrors.Guard(async () =>
    {
        var response = await _table.AddEntityAsync(Entity(job), cancellationToken);
        return job with { ETag = response.Headers.ETag?.ToString() ?? "" };
    });

    public Task<JobRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => StoreErrors.Guard(async () =>
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return response.HasValue ? Record(response.Value!) : null;
    });

    public Task<IReadOnlyList<JobRecord>> ListAsync(CancellationToken cancellationToken = default) => StoreErrors.Guard(async () =>
    {
        var jobs = new List<JobRecord>();
        try
        {
            await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
                jobs.Add(Record(entity));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No job was ever submitted to this account.
        }
        return (IReadOnlyList<JobRecord>)jobs;
    });

    public Task<JobRecord?> TryReplaceAsync(JobRecord job, CancellationToken cancellationToken = default) => StoreErrors.Guard(async () =>
    {
        try
        {
            var response = await _table.UpdateEntityAsync(Entity(job), new ETag(job.ETag), TableUpdateMode.Replace, cancellationToken);
            return job with { ETag = response.Headers.ETag?.ToString() ?? "" };
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    });

    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        StoreErrors.Guard(() => _table.DeleteEntityAsync(Partition, id, ETag.All, cancellationToken));

    public Task WriteFileAsync(string name, Stream content, CancellationToken cancellationToken = default) =>
        StoreErrors.Guard(() => _container.GetBlobClient(name).UploadAsync(content, overwrite: true, cancellationToken));

    public Task<Stream?> OpenFileAsync(string name, CancellationToken cancellationToken = default) => StoreErrors.Guard(async () =>
    {
        try
        {
            return (Stream?)await _container.GetBlobClient(name).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1 << 20 }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    });

    public Task<int> DeleteFilesAsync(string prefix, CancellationToken cancellationToken = default) => StoreErrors.Guard(async () =>
    {
        int deleted = 0;
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            if ((await _container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken)).Value)
                deleted++;
        }
        return deleted;
    });

    public Task<(int Files, long Bytes)> MeasureFilesAsync(string prefix, CancellationToken cancellationToken = default) => StoreErrors.Guard(async () =>
    {
        int files = 0;
        long bytes = 0;
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            files++;
            bytes += blob.Properties.ContentLength ?? 0;
        }
        return (files, bytes);
    });

    public Task SendAsync(JobMessage message, CancellationToken cancellationToken = default) =>
        StoreErrors.Guard(() => _queue.SendMessageAsync(JobStoreSerializer.ToJson(message), cancellationToken));

    public Task<IReadOnlyList<ReceivedJobMessage>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken = default) => StoreErrors.Guard(async () =>
    {
        var received = await _queue.ReceiveMessagesAsync(max, visibility, cancellationToken);
        var messages = new List<ReceivedJobMessage>();
        foreach (var message in received.Value)
        {
            var parsed = JobStoreSerializer.MessageFromJson(message.MessageText);
            if (parsed is null)
                await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken); // not ours: dropped
            else
                messages.Add(new ReceivedJobMessage(parsed, message.DequeueCount, message));
        }
        return (IReadOnlyList<ReceivedJobMessage>)messages;
    });

    public Task CompleteAsync(ReceivedJobMessage message, CancellationToken cancellationToken = default) => StoreErrors.Guard(async () =>
    {
        var queued = (QueueMessage)message.Receipt;
        try
        {
            await _queue.DeleteMessageAsync(queued.MessageId, queued.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Its lease ran out and another instance took it; that one will complete it.
        }
    });

    public Task RetryAsync(ReceivedJobMessage message, TimeSpan delay, CancellationToken cancellationToken = default) => StoreErrors.Guard(async () =>
    {
        var queued = (QueueMessage)message.Receipt;
        try
        {
            await _queue.UpdateMessageAsync(queued.MessageId, queued.PopReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    });

    private static TableEntity Entity(JobRecord job) => new(Partition, job.Id) { ["Record"] = JobStoreSerializer.ToJson(job) };

    private static JobRecord Record(TableEntity entity) => JobStoreSerializer.FromJson(entity.GetString("Record"), entity.ETag.ToString());
}
