using Maps.Functions.Http;
using Maps.Functions.Manage;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Maps.Functions.Hosting;

/// <summary>
/// Runs one <see cref="ApiEndpoint"/> with everything that is not the endpoint's own business, in
/// the same order in both hosting modes (the Functions pipeline runs no ASP.NET middleware, endpoint
/// filters or endpoint metadata, so none of this may live there): CORS, the manage key, the
/// per-client concurrency limit, then the handler, with every exception and every bare error
/// status turned into problem+json. Also answers what no endpoint matches: 404, 405 with
/// <c>Allow</c>, and CORS preflights (no function lists OPTIONS, so that a preflight of a
/// key-protected route is not refused by the host for want of a key).
/// </summary>
public sealed class ApiDispatcher(
    ICorsService cors,
    ICorsPolicyProvider corsPolicies,
    ManageKeyGuard manageKey,
    ClientConcurrencyLimiter limiter,
    ProblemExceptionHandler problems)
{
    public async Task InvokeAsync(HttpContext context, ApiEndpoint endpoint)
    {
        try
        {
            await ApplyCorsAsync(context, endpoint.CorsPolicy);
            if (endpoint.Access == EndpointAccess.FunctionKey && manageKey.Refusal(context) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }
            using var lease = endpoint.ConcurrencyLimited ? await limiter.AcquireAsync(context) : null;
            if (lease is { IsAcquired: false })
            {
                await limiter.RefuseAsync(context, lease);
                return;
            }
            await endpoint.Handler(context);
            await ProblemForBareStatusAsync(context);
        }
        catch (Exception exception)
        {
            await problems.HandleAsync(context, exception);
        }
    }

    /// <summary>The answer for a request that matched no endpoint's route and method.</summary>
    public async Task UnmatchedAsync(HttpContext context)
    {
        try
        {
            var request = context.Request;
            ApiEndpoint[] matching = request.Path.StartsWithSegments(ApiRoutes.Prefix, out var rest)
                ? ApiRoutes.All.Where(e => e.MatchesPath(rest.Value ?? "")).ToArray()
                : [];
            if (matching.Length == 0)
            {
                await ProblemWriter.WriteAsync(context, StatusCodes.Status404NotFound, ProblemWriter.TitleOf(404),
                    $"No resource at '{request.Path}'. Start at /api.");
                return;
            }
            var allowed = matching.SelectMany(e => e.Methods).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            if (HttpMethods.IsOptions(request.Method))
            {
                // A preflight, answered with the policy of the endpoint the browser is about to call.
                string method = request.Headers.AccessControlRequestMethod.ToString();
                var target = matching.FirstOrDefault(e => e.Allows(method)) ?? matching[0];
                await ApplyCorsAsync(context, target.CorsPolicy);
                context.Response.Headers.Allow = string.Join(", ", allowed.Append(HttpMethods.Options));
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            context.Response.Headers.Allow = string.Join(", ", allowed);
            await ProblemWriter.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, ProblemWriter.TitleOf(405),
                $"{request.Method} is not allowed on '{request.Path}'; allowed: {string.Join(", ", allowed)}.");
        }
        catch (Exception exception)
        {
            await problems.HandleAsync(context, exception);
        }
    }

    private async Task ApplyCorsAsync(HttpContext context, string policyName)
    {
        if (!context.Request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.Origin))
            return;
        var policy = await corsPolicies.GetPolicyAsync(context, policyName);
        if (policy is not null)
            cors.ApplyResult(cors.EvaluatePolicy(context, policy), context.Response);
    }

    /// <summary>A handler that set an error status without a body (as ASP.NET's status-code pages would catch) still answers problem+json.</summary>
    private static async Task ProblemForBareStatusAsync(HttpContext context)
    {
        var response = context.Response;
        if (response.HasStarted || response.StatusCode < 400 || response.ContentType is not null || response.ContentLength is > 0)
            return;
        await ProblemWriter.WriteAsync(context, response.StatusCode, ProblemWriter.TitleOf(response.StatusCode), "The request could not be answered.");
    }
}
