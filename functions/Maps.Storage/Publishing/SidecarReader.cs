using System.Text.Json;
using Maps.Core.Layers;

namespace Maps.Storage.Publishing;

/// <summary>
/// Reads a <c>&lt;id&gt;.collection.json</c> sent with an upload, the format of the shipped layers'
/// metadata (<see cref="CollectionMetadata"/>), leniently: every member is optional, since query
/// parameters and the current metadata fill the rest. Not JSON, or a member of the wrong type, is a 400.
/// </summary>
public static class SidecarReader
{
    public static MetadataInput Read(ReadOnlySpan<byte> json, string name)
    {
        CollectionMetadataDraft? draft;
        try
        {
            draft = JsonSerializer.Deserialize<CollectionMetadataDraft>(json, StoreSchema.MetadataJson);
        }
        catch (JsonException e)
        {
            throw new UploadRejectedException(400, $"{name} is not collection metadata JSON: {e.Message}");
        }
        if (draft is null)
            throw new UploadRejectedException(400, $"{name} is null, not an object of collection metadata.");
        return new MetadataInput
        {
            Title = draft.Title, Description = draft.Description, License = draft.License, LicenseUrl = draft.LicenseUrl,
            Attribution = draft.Attribution, Source = draft.Source, SourceUrl = draft.SourceUrl,
            DateProperty = draft.DateProperty, GeometryType = draft.GeometryType,
            Keywords = draft.Keywords, Queryables = draft.Queryables,
        };
    }

    private sealed record CollectionMetadataDraft(
        string? Title, string? Description, string? License, string? LicenseUrl, string? Attribution, string? Source, string? SourceUrl,
        string? DateProperty, string? GeometryType, IReadOnlyList<string>? Keywords, IReadOnlyList<QueryableProperty>? Queryables);
}
