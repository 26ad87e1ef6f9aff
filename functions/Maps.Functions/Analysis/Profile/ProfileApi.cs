using Maps.Functions.Hosting;
using Maps.Functions.Http;

namespace Maps.Functions.Analysis.Profile;

/// <summary>
/// The school connectivity profile: <c>POST /api/analysis/profile</c> answers every row of a CSV
/// or GeoJSON body of schools with Giga's coverage columns (docs/architecture.md §6.1). When
/// <c>schools_within</c> counts the request's own schools, the spooled body is read twice: a first
/// pass reads their positions, the second answers the rows, streamed in the body's format.
/// </summary>
public static class ProfileApi
{
    public const string ProfileRoute = "analysis/profile";

    /// <summary>Response header listing why some columns are empty (a default collection that is not loaded), "; "-separated.</summary>
    public const string NotesHeader = "Maps-Profile-Notes";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("PostAnalysisProfile", ProfileRoute, [HttpMethods.Post], c => BatchEndpoint.RunAsync(c, BatchQuery.Profile, ProfileParameters.Parameters))
        {
            Body = AnalysisApi.PointsBody, CorsPolicy = CorsPolicies.Write, ConcurrencyLimited = true,
            QueryParameters = ProfileParameters.Parameters,
            Summary = "Giga's school connectivity profile of every row of a CSV or GeoJSON body: distances to fibre, microwave and each cell technology, schools and population within each radius, the ITU proximity band.",
        },
    ];
}
