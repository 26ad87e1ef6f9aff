using System.Text.Json;
using Maps.Core.Layers;

namespace Maps.Storage;

/// <summary>
/// Table and column names, key formats and the row layout (see README.md in this folder).
/// Keys never contain '/', '\\', '#', '?' or control characters: collection ids are checked
/// against <see cref="IsValidCollectionId"/>, version ids are generated.
/// </summary>
public static class StoreSchema
{
    public const string CatalogPartition = "collections";

    public const string CurrentVersion = "CurrentVersion";
    public const string Metadata = "Metadata";
    public const string UpdatedAt = "UpdatedAt";

    public const string Status = "Status";
    public const string StatusWriting = "writing";
    public const string StatusComplete = "complete";
    public const string FeatureCount = "FeatureCount";
    public const string ByteSize = "ByteSize";
    public const string RowCount = "RowCount";
    public const string BatchCount = "BatchCount";
    public const string Created = "Created";

    /// <summary>A complete version's queryables (JSON), so that a rollback restores the ones of its data.</summary>
    public const string Queryables = "Queryables";

    public const string RowLength = "Length";

    /// <summary>
    /// Binary data columns per feature row: 11 × 64 KiB = 704 KiB, about 940 KiB as base64 JSON, under the
    /// 1 MiB entity limit however it is counted (Azure: raw bytes; Azurite: the JSON body).
    /// </summary>
    public const int DataPropertiesPerRow = 11;

    /// <summary>Rows per features partition; each partition is written as exactly one batch.</summary>
    /// <remarks>4 full rows are about 3.8 MB of request, under the 4 MiB batch limit; 100 rows never fit.</remarks>
    public const int RowsPerPartition = 4;

    public const int RowCapacity = DataPropertiesPerRow * Tables.TableLimits.MaxPropertyBytes;

    private static readonly string[] DataNames = Enumerable.Range(0, DataPropertiesPerRow).Select(i => $"d{i:D2}").ToArray();

    public static string DataProperty(int i) => DataNames[i];

    public static readonly JsonSerializerOptions MetadataJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters.</summary>
    public static bool IsValidCollectionId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 && char.IsAsciiLetterLower(id[0]) | char.IsAsciiDigit(id[0])
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    /// <summary>Features partition: <c>{collection}|{version}|{partition:D5}</c>; one partition per batch.</summary>
    public static string FeaturePartition(string collectionId, string versionId, int partition) =>
        $"{collectionId}|{versionId}|{partition:D5}";

    /// <summary>Row key: the row's position in the version's byte stream, <c>{seq:D8}</c>.</summary>
    public static string FeatureRow(int sequence) => sequence.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Lower and upper bounds (exclusive) of the partition keys of one version, or of a whole collection when <paramref name="versionId"/> is null.</summary>
    public static (string From, string To) FeatureRange(string collectionId, string? versionId)
    {
        string prefix = versionId is null ? $"{collectionId}|" : $"{collectionId}|{versionId}|";
        return (prefix, prefix + "~");
    }

    public static string SerializeMetadata(CollectionMetadata metadata) => JsonSerializer.Serialize(metadata, MetadataJson);

    public static string SerializeQueryables(IReadOnlyList<QueryableProperty> queryables) => JsonSerializer.Serialize(queryables, MetadataJson);

    public static IReadOnlyList<QueryableProperty>? DeserializeQueryables(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<QueryableProperty[]>(json, MetadataJson);

    public static CollectionMetadata DeserializeMetadata(string json) =>
        JsonSerializer.Deserialize<CollectionMetadata>(json, MetadataJson) ?? throw new InvalidDataException("Empty collection metadata in the catalog.");
}
