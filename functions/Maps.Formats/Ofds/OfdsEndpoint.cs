using System.Text.Json;

namespace Maps.Formats.Ofds;

/// <summary>
/// A span's <c>start</c> or <c>end</c>: in the JSON package a node id (<paramref name="Bare"/>); in the
/// GeoJSON publication format the node itself, dereferenced (its <c>id</c> and <c>name</c> are read).
/// </summary>
internal sealed record OfdsEndpoint(string Id, string? Name, bool Bare)
{
    /// <summary>The endpoint in <paramref name="value"/>, or null when there is none (absent, or no id).</summary>
    public static OfdsEndpoint? Read(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.Number => OfdsJson.Text(value) is { } id ? new OfdsEndpoint(id, null, true) : null,
        JsonValueKind.Object => OfdsJson.Text(value, "id") is { } id ? new OfdsEndpoint(id, OfdsJson.Text(value, "name"), false) : null,
        _ => null,
    };
}
