using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Maps.Functions.Http;
using Microsoft.Extensions.Options;

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
/// Per-client concurrency limits on the expensive endpoints (<see cref="ApiEndpoint.ConcurrencyLimited"/>):
/// a <see cref="ConcurrencyLimiter"/> per client from System.Threading.RateLimiting, called by
/// <see cref="ApiDispatcher"/> in both hosting modes. The client is the first address of
/// <c>X-Forwarded-For</c>, else the connection's remote address. Under the shared test host the worker sees the host's own
/// <c>X-Forwarded-For</c> (the caller as the host saw it; a client's own header is replaced) already
/// applied to the remote address; in Azure, what the host sees behind the front end is not verified
/// here: if it were only the front end's address, all clients of an instance would share one limit. Standalone, a client that reaches the process
/// directly can spread its requests over invented addresses, so this protects against accidental
/// overload (a script with too many threads), not against a determined attacker. A request over the
/// limit is refused at once (queue 0 by default) with 429 problem+json and <c>Retry-After</c>.
/// </summary>
public sealed class ClientConcurrencyLimiter : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public ClientConcurrencyLimiter(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetConcurrencyLimiter(ClientKey(context), _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = _options.AnalysisConcurrencyPerClient,
                QueueLimit = _options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
    }

    public static IServiceCollection AddClientConcurrencyLimiter(IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.AnalysisConcurrencyPerClient > 0 && o.QueueLimit >= 0 && o.RetryAfterSeconds > 0,
                "Maps:RateLimit: AnalysisConcurrencyPerClient and RetryAfterSeconds must be positive, QueueLimit not negative.")
            .ValidateOnStart();
        return services.AddSingleton<ClientConcurrencyLimiter>();
    }

    public ValueTask<RateLimitLease> AcquireAsync(HttpContext context) =>
        _limiter.AcquireAsync(context, 1, context.RequestAborted);

    public async Task RefuseAsync(HttpContext context, RateLimitLease lease)
    {
        int retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : _options.RetryAfterSeconds;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await ProblemWriter.WriteAsync(context, StatusCodes.Status429TooManyRequests, ProblemWriter.TitleOf(StatusCodes.Status429TooManyRequests),
            $"This client already has {_options.AnalysisConcurrencyPerClient} analysis or publishing requests in progress (Maps:RateLimit:AnalysisConcurrencyPerClient). Wait for one to finish, then retry.");
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

    public void Dispose() => _limiter.Dispose();
}
