using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Maps.Functions.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Maps.Functions.Hosting;

/// <summary>Settings under <c>Maps:RateLimit</c> (environment: <c>Maps__RateLimit__AnalysisConcurrencyPerClient</c>, ...).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Maps:RateLimit";

    /// <summary>Expensive requests (batch analyses, coverage, publishing) one client may have in flight at once.</summary>
    public int AnalysisConcurrencyPerClient { get; set; } = 4;

    /// <summary>Requests over the limit that wait for a slot instead of being refused; 0 refuses at once.</summary>
    public int QueueLimit { get; set; }

    /// <summary>Seconds sent in <c>Retry-After</c> with a 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;
}

/// <summary>
/// Per-client concurrency limits on the expensive endpoints (<see cref="Analysis"/> policy): a
/// <see cref="ConcurrencyLimiter"/> per client, where the client is the first address of
/// <c>X-Forwarded-For</c> (the Functions front end and CDNs put the caller there), else the
/// connection's remote address. A request over the limit is refused at once (queue 0 by default)
/// with 429 problem+json and <c>Retry-After</c>. Cheap reads (items, tiles, one-point nearest) are not
/// limited. X-Forwarded-For is only as trustworthy as the proxy in front: a client that reaches the
/// handler directly can spread its requests over invented addresses, so this protects against
/// accidental overload (a script with too many threads), not against a determined attacker.
/// </summary>
public static class ClientRateLimits
{
    public const string Analysis = "analysis";

    public static IServiceCollection AddClientRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.AnalysisConcurrencyPerClient > 0 && o.QueueLimit >= 0 && o.RetryAfterSeconds > 0,
                "Maps:RateLimit: AnalysisConcurrencyPerClient and RetryAfterSeconds must be positive, QueueLimit not negative.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Analysis, context =>
            {
                var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetConcurrencyLimiter(ClientKey(context), _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.AnalysisConcurrencyPerClient,
                    QueueLimit = options.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;
                int retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : options.RetryAfterSeconds;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await ProblemWriter.WriteAsync(http, StatusCodes.Status429TooManyRequests, ProblemWriter.TitleOf(StatusCodes.Status429TooManyRequests),
                    $"This client already has {options.AnalysisConcurrencyPerClient} analysis or publishing requests in progress (Maps:RateLimit:AnalysisConcurrencyPerClient). Wait for one to finish, then retry.");
            };
        });
        return services;
    }

    /// <summary>The first X-Forwarded-For address, else the remote address, else "unknown".</summary>
    public static string ClientKey(HttpContext context)
    {
        string? forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            var first = forwarded.AsSpan();
            int comma = first.IndexOf(',');
            if (comma >= 0)
                first = first[..comma];
            first = first.Trim();
            // "203.0.113.7:51234" and "[2001:db8::1]:443" carry a port; the address alone is the client.
            if (IPEndPoint.TryParse(first, out var endPoint))
                return endPoint.Address.ToString();
            if (first.Length > 0)
                return first.Length > 64 ? first[..64].ToString() : first.ToString();
        }
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
