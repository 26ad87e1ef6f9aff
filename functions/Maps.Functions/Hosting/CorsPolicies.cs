using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Maps.Functions.Hosting;

/// <summary>
/// CORS: reads (GET/HEAD) are open to every origin, as public map data should be; anything else
/// (analysis uploads, manage)
/// only for the origins configured in <c>Maps:Cors:AllowedOrigins</c>.
/// </summary>
public static class CorsPolicies
{
    public const string Read = "read";
    public const string Write = "write";

    /// <summary>
    /// <c>Maps:Cors:AllowedOrigins</c> as an array (<c>Maps__Cors__AllowedOrigins__0</c>, ...) or one
    /// comma-separated value (<c>Maps__Cors__AllowedOrigins</c>, as the Bicep sets it).
    /// </summary>
    public static string[] WriteOrigins(IConfigurationSection section) =>
        (section.Get<string[]>() ?? section.Value?.Split(',') ?? [])
            .Select(o => o.Trim()).Where(o => o.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    public static void Configure(CorsOptions cors, IReadOnlyList<string> writeOrigins)
    {
        cors.AddPolicy(Read, policy => policy.AllowAnyOrigin().WithMethods("GET", "HEAD").AllowAnyHeader()
            .WithExposedHeaders("ETag", "Content-Disposition", "Retry-After", "Link", "X-Maps-License", "X-Maps-Attribution", "X-Maps-Source", "X-Maps-Version"));
        cors.AddPolicy(Write, policy =>
        {
            if (writeOrigins.Count > 0)
                policy.WithOrigins(writeOrigins.ToArray()).AllowAnyMethod().AllowAnyHeader()
                    .WithExposedHeaders("Location", "Preference-Applied", "Retry-After", Processes.JobOwner.HeaderName);
        });
    }
}
