using System.Text;
using Azure.Data.Tables;

namespace Maps.Storage.AzureStorage;

/// <summary>
/// The Azure Table service limits that shape the layout, checked before every write so that a
/// violation fails here, loudly, instead of passing on Azurite (which is laxer) and failing in Azure:
/// 64 KiB per property, 1 MiB per entity (by the service's size formula, and as JSON with binary in
/// base64, which is how Azurite counts it), 100 operations per batch,
/// one partition per batch, 4 MiB per batch request. Stateless and thread-safe.
/// </summary>
public static class TableLimits
{
    public const int MaxPropertyBytes = 64 * 1024;
    public const int MaxEntityBytes = 1024 * 1024;
    public const int MaxBatchOperations = 100;
    public const int MaxBatchRequestBytes = 4 * 1024 * 1024;

    /// <summary>Allowance per entity for the multipart headers and JSON around its properties in a batch.</summary>
    public const int BatchOverheadPerEntity = 1024;

    /// <summary>
    /// Size of an entity as the service counts it: 4 + 2·len(PartitionKey + RowKey) + Σ (8 + 2·len(name) + value),
    /// where a binary value counts its length + 4 and a string 2·chars + 4.
    /// </summary>
    public static long EntitySize(ITableEntity entity, IDictionary<string, object?> properties)
    {
        long size = 4 + 2L * ((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0));
        foreach (var (name, value) in properties)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
                continue;
            size += 8 + 2L * name.Length + ValueSize(value);
        }
        return size;
    }

    /// <summary>Throws when a property or the whole entity is over the service limits.</summary>
    public static void EnsureEntity(TableEntity entity)
    {
        foreach (var (name, value) in entity)
        {
            long bytes = value switch
            {
                byte[] b => b.Length,
                BinaryData d => d.ToMemory().Length,
                string s => 2L * s.Length,
                _ => 0,
            };
            if (bytes > MaxPropertyBytes)
                throw new TableLimitException($"Property '{name}' of entity ({entity.PartitionKey}, {entity.RowKey}) is {bytes} bytes; the limit is {MaxPropertyBytes}.");
        }
        long size = EntitySize(entity, entity);
        if (size > MaxEntityBytes)
            throw new TableLimitException($"Entity ({entity.PartitionKey}, {entity.RowKey}) is {size} bytes; the limit is {MaxEntityBytes}.");
        // Azurite applies the 1 MiB to the entity's JSON (binary as base64); staying under both keeps one layout for both.
        long encoded = RequestSize(entity) - BatchOverheadPerEntity;
        if (encoded > MaxEntityBytes)
            throw new TableLimitException($"Entity ({entity.PartitionKey}, {entity.RowKey}) is about {encoded} bytes as JSON; the limit is {MaxEntityBytes}.");
    }

    /// <summary>Throws unless the batch has 1..100 operations, all in one partition, within the request size limit.</summary>
    public static void EnsureBatch(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count == 0)
            throw new TableLimitException("A batch needs at least one operation.");
        if (actions.Count > MaxBatchOperations)
            throw new TableLimitException($"A batch has {actions.Count} operations; the limit is {MaxBatchOperations}.");
        string partition = actions[0].Entity.PartitionKey;
        long requestBytes = 0;
        foreach (var action in actions)
        {
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
                throw new TableLimitException($"A batch mixes partitions '{partition}' and '{action.Entity.PartitionKey}'; a batch must stay in one partition.");
            if (action.Entity is TableEntity entity)
            {
                EnsureEntity(entity);
                requestBytes += RequestSize(entity);
            }
            else
            {
                requestBytes += BatchOverheadPerEntity;
            }
        }
        if (requestBytes > MaxBatchRequestBytes)
            throw new TableLimitException($"A batch request would be about {requestBytes} bytes; the limit is {MaxBatchRequestBytes}.");
    }

    /// <summary>Estimated bytes of an entity in a batch request body (binary values travel as base64).</summary>
    public static long RequestSize(TableEntity entity)
    {
        long bytes = BatchOverheadPerEntity;
        foreach (var (name, value) in entity)
        {
            bytes += name.Length + 16 + value switch
            {
                byte[] b => Base64Length(b.Length),
                BinaryData d => Base64Length(d.ToMemory().Length),
                string s => 2L * Encoding.UTF8.GetByteCount(s), // worst case after JSON escaping of the usual characters
                _ => 40,
            };
        }
        return bytes;
    }

    public static long Base64Length(long bytes) => 4 * ((bytes + 2) / 3);

    private static long ValueSize(object? value) => value switch
    {
        null => 0,
        byte[] b => b.Length + 4,
        BinaryData d => d.ToMemory().Length + 4,
        string s => 2L * s.Length + 4,
        bool => 1,
        int => 4,
        long or double or DateTime or DateTimeOffset => 8,
        Guid => 16,
        _ => 8,
    };
}

/// <summary>A write would break a Table service limit (a bug in the layout, never the user's data).</summary>
public sealed class TableLimitException(string message) : InvalidOperationException(message);
