using Maps.Core.Layers;
using Maps.Functions.Hosting;
using Maps.Functions.Http;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Analysis.Profile;

/// <summary>
/// The school connectivity profile: <c>POST /api/analysis/profile</c> answers every row of a CSV
/// or GeoJSON body of schools with Giga's coverage columns (docs/architecture.md §6.1). The body is
/// always spooled: when <c>schools_within</c> counts the request's own schools, a first pass reads
/// their positions and the second answers the rows, streamed in the body's format.
/// </summary>
public static class ProfileApi
{
    public const string ProfileRoute = "analysis/profile";

    /// <summary>Response header listing why some columns are empty (a default collection that is not loaded), "; "-separated.</summary>
    public const string NotesHeader = "Maps-Profile-Notes";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("PostAnalysisProfile", ProfileRoute, [HttpMethods.Post], RunAsync)
        {
            Body = AnalysisApi.PointsBody, CorsPolicy = CorsPolicies.Write, ConcurrencyLimited = true,
            QueryParameters = ProfileRequest.Parameters,
            Summary = "Giga's school connectivity profile of every row of a CSV or GeoJSON body: distances to fibre, microwave and each cell technology, schools and population within each radius, the ITU proximity band.",
        },
    ];

    public static async Task RunAsync(HttpContext context)
    {
        var request = context.Request;
        var options = context.Service<IOptions<AnalysisOptions>>().Value;
        var catalog = context.Service<ILayerCatalog>();
        bool csv = BatchEndpoint.IsCsv(request.ContentType);
        var layers = await catalog.GetLayersAsync(context.RequestAborted);
        var profile = ProfileRequest.Read(request, layers);
        if (!csv && (profile.LatColumn is not null || profile.LonColumn is not null || profile.IdColumn is not null))
            throw ApiException.BadRequest("lat=, lon= and id= name CSV columns; a GeoJSON body's positions are its Point geometries and its ids the features' id members.");

        // Always spooled: counting the request's own schools reads the body twice.
        await using var body = await BatchEndpoint.OpenBodyAsync(context, options, spool: true);
        await BatchEndpoint.AnswerAsync(context, body, csv, options, profile.LatColumn, profile.LonColumn, profile.SummaryOnly, "profile", async () =>
        {
            var timings = BatchTimings.For(context);
            timings.FirstPass.Start();
            RequestSchools? schools = null;
            if (profile.CountsRequestSchools && profile.Wants(ProfileColumnKind.SchoolsWithin))
            {
                // A job's chunk brings the schools of the job's whole input, read when it was split.
                if (context.Items.TryGetValue(RequestSchools.ItemKey, out var given))
                {
                    schools = (RequestSchools?)given;
                }
                else
                {
                    schools = csv
                        ? await RequestSchools.ReadCsvAsync(body, profile.LatColumn, profile.LonColumn, profile.IdColumn, options.MaxRows, context.RequestAborted)
                        : await RequestSchools.ReadGeoJsonAsync(body, options.MaxRows, context.RequestAborted);
                    body.Position = 0;
                }
            }
            var sources = ProfileSources.Build(profile, layers, context.Service<NearestIndexProvider>(), schools, context.RequestAborted);
            timings.FirstPass.Stop();
            if (sources.Notes.Count > 0)
                context.Response.Headers[NotesHeader] = string.Join("; ", sources.Notes);
            return new ProfileAnalysis(profile, sources);
        });
    }
}
