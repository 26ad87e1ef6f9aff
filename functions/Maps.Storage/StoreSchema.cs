using System.Text.Json;
using Maps.Core.Layers;

namespace Maps.Storage;

/// <summary>
/// Table and column names and key formats (see README.md in this folder).
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
    public const string Blocks = "Blocks";
    public const string ContentHash = "ContentHash";
    public const string Created = "Created";

    /// <summary>A complete version's queryables (JSON), so that a rollback restores the ones of its data.</summary>
    public const string Queryables = "Queryables";

    /// <summary>Longest queryables JSON kept in a version record: a string property holds 64 KiB, 32K UTF-16 characters.</summary>
    public const int MaxQueryablesChars = 32_000;

    public static readonly JsonSerializerOptions MetadataJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters.</summary>
    public static bool IsValidCollectionId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 && char.IsAsciiLetterLower(id[0]) | char.IsAsciiDigit(id[0])
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    public static string SerializeMetadata(CollectionMetadata metadata) => JsonSerializer.Serialize(metadata, MetadataJson);

    public static string SerializeQueryables(IReadOnlyList<QueryableProperty> queryables) => JsonSerializer.Serialize(queryables, MetadataJson);

    public static IReadOnlyList<QueryableProperty>? DeserializeQueryables(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<QueryableProperty[]>(json, MetadataJson);

    public static CollectionMetadata DeserializeMetadata(string json) =>
        JsonSerializer.Deserialize<CollectionMetadata>(json, MetadataJson) ?? throw new InvalidDataException("Empty collection metadata in the catalog.");
}
