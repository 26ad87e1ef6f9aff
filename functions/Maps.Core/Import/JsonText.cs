using System.Text.Json;

namespace Maps.Core.Import;

/// <summary>
/// JSON may escape a lone UTF-16 surrogate (<c>"\ud800"</c>): valid JSON, but no .NET string can
/// hold it, so reading it as text throws. Uploads are checked with this first, so that such a
/// feature is rejected with a reason instead of failing the whole request.
/// </summary>
public static class JsonText
{
    /// <summary>True when some property name or string value of the element is not valid UTF-16 text. O(size).</summary>
    public static bool HasInvalidUtf16(JsonElement element)
    {
        try
        {
            return Walk(element);
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static bool Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Walk(item);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Walk(property.Value);
                }
                break;
        }
        return false;
    }
}
