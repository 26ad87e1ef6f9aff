using Maps.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Http;

/// <summary>
/// Absolute URLs for links. The base is <c>Maps:PublicBaseUrl</c> when set, else the request's own
/// scheme and host, with <c>X-Forwarded-Proto</c>/<c>X-Forwarded-Host</c> honoured (a CDN or the
/// Functions front end in front of the handler).
/// </summary>
public static class Links
{
    public static string ApiRoot(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetService<IOptions<MapsOptions>>()?.Value.PublicBaseUrl;
        if (!string.IsNullOrEmpty(configured))
            return configured.TrimEnd('/');
        string scheme = First(request.Headers["X-Forwarded-Proto"]) ?? request.Scheme;
        string host = First(request.Headers["X-Forwarded-Host"]) ?? request.Host.Value ?? "localhost";
        return $"{scheme}://{host}{request.PathBase}/api";
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values)
    {
        var value = values.ToString();
        if (string.IsNullOrWhiteSpace(value))
            return null;
        int comma = value.IndexOf(',');
        return (comma >= 0 ? value[..comma] : value).Trim();
    }
}

/// <summary>An OGC API link object.</summary>
public sealed record Link(string Href, string Rel, string Type, string? Title = null);
