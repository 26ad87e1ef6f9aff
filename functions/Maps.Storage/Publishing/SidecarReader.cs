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
        MetadataInput? input;
        try
        {
            // MetadataInput's members are the sidecar's, all optional; the members it lacks (id, extent) are ignored.
            input = JsonSerializer.Deserialize<MetadataInput>(json, StoreSchema.MetadataJson);
        }
        catch (JsonException e)
        {
            throw new UploadRejectedException(UploadProblem.Malformed, $"{name} is not collection metadata JSON: {e.Message}");
        }
        return input ?? throw new UploadRejectedException(UploadProblem.Malformed, $"{name} is null, not an object of collection metadata.");
    }
}
