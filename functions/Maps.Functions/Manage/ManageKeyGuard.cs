using System.Security.Cryptography;
using System.Text;
using Maps.Functions.Hosting;
using Maps.Functions.Http;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Manage;

/// <summary>
/// Guards <c>/api/manage</c> before any handler runs (nothing is read or written on refusal), for
/// <see cref="ApiDispatcher"/> in both hosting modes, whichever the store (Table Storage or the local one):
/// <list type="bullet">
/// <item><c>Maps:ManageKey</c> set: the <c>x-functions-key</c> header or <c>code</c> query parameter must
/// equal it (SHA-256 of both, compared in constant time), else 401;</item>
/// <item>no key set, standalone: 404 "the manage API is off" (a permanent state of this deployment, not a
/// temporary one, hence not 503);</item>
/// <item>no key set behind the Functions host: allowed — the host has checked its function key
/// (authLevel <c>function</c>) before the worker sees the request.</item>
/// </list>
/// The key is never logged or echoed.
/// </summary>
public sealed class ManageKeyGuard(IOptions<MapsOptions> options, HostingMode mode)
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    /// <summary>The refusal to send instead of running the endpoint, or null when the request may go on.</summary>
    public IResult? Refusal(HttpContext http)
    {
        string? key = options.Value.ManageKey;
        if (string.IsNullOrEmpty(key))
            return mode.BehindFunctionsHost
                ? null
                : Refuse(http, StatusCodes.Status404NotFound, "The manage API is off: no Maps:ManageKey is configured.");
        string? given = http.Request.Headers.TryGetValue(HeaderName, out var header) && header.Count > 0
            ? header[0]
            : http.Request.Query.TryGetValue(QueryName, out var code) ? code[0] : null;
        return KeyEquals(given, key)
            ? null
            : Refuse(http, StatusCodes.Status401Unauthorized,
                $"A valid manage key is required: send it in the {HeaderName} header (or the {QueryName} query parameter).");
    }

    /// <summary>
    /// Whether the request carries <c>Maps:ManageKey</c> in the <c>x-functions-key</c> header, for
    /// endpoints open to everyone that show more to the key's holder (every job, not only one's own).
    /// False when no key is configured: behind the Functions host the worker cannot check the host's keys.
    /// </summary>
    public bool Holds(HttpRequest request) =>
        options.Value.ManageKey is { Length: > 0 } key
        && request.Headers.TryGetValue(HeaderName, out var header) && KeyEquals(header.Count > 0 ? header[0] : null, key);

    /// <summary>Constant-time comparison of fixed-length hashes, so neither content nor length leaks through timing.</summary>
    public static bool KeyEquals(string? given, string expected)
    {
        if (string.IsNullOrEmpty(given))
            return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    private static ProblemResult Refuse(HttpContext http, int status, string detail)
    {
        if (status == StatusCodes.Status401Unauthorized)
            http.Response.Headers.WWWAuthenticate = "FunctionKey";
        return new ProblemResult(status, ProblemWriter.TitleOf(status), detail, null);
    }
}
