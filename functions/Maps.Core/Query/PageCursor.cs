using System.Text;
using System.Text.Json;
using Maps.Core.Layers;
using Maps.Core.Query.Cql2;

namespace Maps.Core.Query;

/// <summary>
/// The keyset cursor of a <c>next</c> link: the last feature's sort values and id, and the sort
/// they belong to, as base64url JSON. Opaque to clients; a page after the cursor starts at the
/// first feature that sorts after it, so a walk yields every match once even while the layer is
/// republished. A bare feature id is still accepted as the cursor of the id order.
/// </summary>
public sealed record PageCursor(string Sort, IReadOnlyList<JsonElement> Values, string Id)
{
    public static string Encode(IReadOnlyList<SortField> keys, LayerFeature last)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("s", SortField.Format(keys));
            writer.WriteStartArray("v");
            foreach (var key in keys)
                last.Value(key.Property).WriteTo(writer);
            writer.WriteEndArray();
            writer.WriteString("id", last.Id);
            writer.WriteEndObject();
        }
        return Convert.ToBase64String(buffer.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The cursor, checked against the request's sort; 400 when it belongs to another sort or is not one.</summary>
    public static PageCursor Decode(string text, IReadOnlyList<SortField> keys)
    {
        string sort = SortField.Format(keys);
        if (TryDecode(text) is not { } cursor)
            return keys.Count == 0
                ? new PageCursor("", [], text)
                : throw new InvalidParameterException("after", "'after' is not a cursor of this sort; follow the 'next' link of the previous page.");
        if (cursor.Sort != sort || cursor.Values.Count != keys.Count)
            throw new InvalidParameterException("after",
                $"'after' is a cursor of sortby='{cursor.Sort}', not of sortby='{sort}'; follow the 'next' link of the previous page.");
        return cursor;
    }

    private static PageCursor? TryDecode(string text)
    {
        try
        {
            string base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            using var document = JsonDocument.Parse(Convert.FromBase64String(base64));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("s", out var s) || s.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("v", out var v) || v.ValueKind != JsonValueKind.Array
                || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
                return null;
            return new PageCursor(s.GetString()!, v.EnumerateArray().Select(e => e.Clone()).ToArray(), id.GetString()!);
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The cursor's values typed as the sort's properties are.</summary>
    public CqlValue[] TypedValues(CollectionMetadata metadata, IReadOnlyList<SortField> keys) => keys
        .Select((k, i) => CqlPropertyReader.Read(Values[i], CqlPropertyReader.TypeOf(metadata.FindQueryable(k.Property)!.Kind)))
        .ToArray();
}
