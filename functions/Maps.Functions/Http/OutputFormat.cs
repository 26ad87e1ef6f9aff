using Microsoft.Net.Http.Headers;

namespace Maps.Functions.Http;

public enum OutputFormat { Json, Html }

/// <summary>
/// Chooses JSON or HTML for a request: the <c>f</c> parameter wins, else the best-rated
/// <c>Accept</c> entry that we can produce; an Accept that names only formats we do not make is 406.
/// </summary>
public static class Negotiation
{
    private static readonly HashSet<string?> JsonTypes =
        ["application/json", "application/geo+json", "application/schema+json", "application/problem+json", "application/vnd.oai.openapi+json"];

    public static OutputFormat Choose(HttpRequest request, bool htmlAvailable = true)
    {
        string? f = request.Query["f"];
        if (f is not null)
        {
            return f.ToLowerInvariant() switch
            {
                "json" or "geojson" => OutputFormat.Json,
                "html" when htmlAvailable => OutputFormat.Html,
                _ => throw ApiException.BadRequest($"Unknown format f='{f}'; use {(htmlAvailable ? "'json' or 'html'" : "'json'")}."),
            };
        }
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var entries) || entries.Count == 0)
            return OutputFormat.Json;
        foreach (var entry in entries.Where(e => (e.Quality ?? 1.0) > 0).OrderByDescending(e => e.Quality ?? 1.0))
        {
            var type = entry.MediaType.Value?.ToLowerInvariant();
            if (htmlAvailable && type is "text/html" or "application/xhtml+xml" or "text/*")
                return OutputFormat.Html;
            if (type is "*/*" or "application/*" || JsonTypes.Contains(type))
                return OutputFormat.Json;
        }
        throw ApiException.NotAcceptable(
            $"None of the media types in Accept ('{accept}') can be produced here; ask for application/json, application/geo+json{(htmlAvailable ? " or text/html" : "")}.");
    }

    /// <summary>
    /// For resources with one representation: 406 when the request's <c>Accept</c> names only media
    /// types that none of <paramref name="produced"/> matches (wildcards such as <c>*/*</c> and
    /// <c>application/*</c> match). No or unparseable Accept accepts anything.
    /// </summary>
    public static void RequireAcceptable(HttpRequest request, params string[] produced)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var entries) || entries.Count == 0)
            return;
        foreach (var entry in entries.Where(e => (e.Quality ?? 1.0) > 0))
        {
            var wanted = new MediaTypeHeaderValue(entry.MediaType);
            if (produced.Any(p => new MediaTypeHeaderValue(p).IsSubsetOf(wanted)))
                return;
        }
        throw ApiException.NotAcceptable(
            $"None of the media types in Accept ('{accept}') is made here; this resource is {string.Join(" or ", produced)}.");
    }
}
