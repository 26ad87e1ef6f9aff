using Microsoft.Net.Http.Headers;

namespace Maps.Functions.Http;

/// <summary>ETag / If-None-Match handling shared by every cacheable response.</summary>
public static class Conditional
{
    /// <summary>
    /// Sets <c>ETag</c> and <c>Cache-Control</c>; returns true when the client already has this
    /// version (the caller answers 304 with no body).
    /// </summary>
    public static bool IsNotModified(HttpContext context, string tag, int maxAgeSeconds = 60)
    {
        var etag = new EntityTagHeaderValue($"\"{tag}\"");
        context.Response.Headers.ETag = etag.ToString();
        context.Response.Headers.CacheControl = $"public, max-age={maxAgeSeconds}";
        var ifNoneMatch = context.Request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
            return false;
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
    }

    /// <summary>A short stable hash of the strings that define a response (version, query, format).</summary>
    public static string Tag(params string?[] parts) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join("\u001f", parts))))[..20];
}
