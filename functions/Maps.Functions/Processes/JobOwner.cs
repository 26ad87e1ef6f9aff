using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Maps.Functions.Http;
using Maps.Functions.Manage;
using Maps.Storage.Jobs;

namespace Maps.Functions.Processes;

/// <summary>
/// Who may see a job: the client that submitted it, by the owner token the submission handed back,
/// or the holder of the manage key. The token travels in the <c>Maps-Job-Token</c> header (scripts,
/// front ends on other origins) or the <c>maps-job-token</c> cookie (the API's own pages, which
/// navigate to a job and download its result by link). A client that sends its token with the next
/// submission keeps it, so one token lists all of its jobs. Only the token's SHA-256 is stored.
/// </summary>
public sealed class JobOwner
{
    public const string HeaderName = "Maps-Job-Token";
    public const string CookieName = "maps-job-token";

    /// <summary>A token is 32 to 128 characters of base64url: the API's own are 43 (32 random bytes).</summary>
    public const int MinLength = 32, MaxLength = 128;

    private JobOwner(string? token, bool manager)
    {
        Token = token;
        IsManager = manager;
        _hash = token is null ? null : Hash(token);
    }

    private readonly byte[]? _hash;

    /// <summary>The caller's token; null when it sent none.</summary>
    public string? Token { get; }

    /// <summary>The caller holds the manage key, and sees every job.</summary>
    public bool IsManager { get; }

    /// <summary>The caller of this request. A malformed token in the header is a 400; in the cookie it is ignored (a stale browser's).</summary>
    public static JobOwner Of(HttpContext context)
    {
        var request = context.Request;
        string? token = null;
        if (request.Headers.TryGetValue(HeaderName, out var header) && header.Count > 0)
            token = IsWellFormed(header[0]) ? header[0] : throw ApiException.BadRequest(
                $"The {HeaderName} header is not a job token: {MinLength} to {MaxLength} characters of A-Z, a-z, 0-9, '-' and '_', as the job's submission gave it.");
        else if (request.Cookies.TryGetValue(CookieName, out var cookie) && IsWellFormed(cookie))
            token = cookie;
        return new JobOwner(token, context.Service<ManageKeyGuard>().Holds(request));
    }

    /// <summary>The caller's token, or a new one when it has none.</summary>
    public JobOwner OrNew() => Token is null ? new JobOwner(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), IsManager) : this;

    /// <summary>What the job record keeps of the token.</summary>
    public string? OwnerHash => _hash is null ? null : Convert.ToHexStringLower(_hash);

    /// <summary>Whether the caller may see the job: it holds the manage key or the job's token.</summary>
    public bool Sees(JobRecord job) =>
        IsManager || (_hash is not null && job.OwnerHash is { Length: 64 } stored
            && CryptographicOperations.FixedTimeEquals(_hash, Convert.FromHexString(stored)));

    /// <summary>Hands the token back to the submitter: in the header, and as an HttpOnly, SameSite=Strict cookie for the pages.</summary>
    public void HandBack(HttpContext context, TimeSpan keep)
    {
        context.Response.Headers[HeaderName] = Token;
        context.Response.Cookies.Append(CookieName, Token!, new CookieOptions
        {
            Path = Hosting.ApiRoutes.Prefix,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            // Secure when the client's scheme is https, as links see it: behind the Functions front end the worker itself is reached over http.
            Secure = Links.ApiRoot(context.Request).StartsWith("https://", StringComparison.OrdinalIgnoreCase),
            MaxAge = keep,
            IsEssential = true,
        });
    }

    private static bool IsWellFormed(string? token) =>
        token is { Length: >= MinLength and <= MaxLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));
}
