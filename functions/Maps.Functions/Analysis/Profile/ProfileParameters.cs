using Maps.Core.Layers;
using System.Text.Json.Nodes;
using Maps.Functions.Http;

namespace Maps.Functions.Analysis.Profile;

/// <summary>
/// The parameters of <c>POST /api/analysis/profile</c>, declared once each, and read into a
/// <see cref="ProfileRequest"/>: radii, the collections of each source, statuses, the columns asked
/// for, the CSV column names and <c>summary=only</c>. Every bad value is a 400 that says what is allowed.
/// </summary>
public static class ProfileParameters
{
    private const int MaxRadii = ProfileRequest.MaxRadii;
    private const double MaxRadiusKm = ProfileRequest.MaxRadiusKm;
    private const string RequestSchools = ProfileRequest.RequestSchools;

    private static QueryParameter Sources(string name, string description, string[] defaults) =>
        new(name, $"{description} Default: {string.Join(",", defaults)} where loaded.") { Example = string.Join(",", defaults) };

    public static readonly QueryParameter RadiiParameter = new("radii",
        $"Comma-separated radii in km for schools_within_{{r}}km and pop_within_{{r}}km (1 to {MaxRadii}, each above 0 and at most {MaxRadiusKm:N0}). Default 1,2,3,10.")
        { Type = "array", Items = new() { ["type"] = "number" }, Minimum = 0, Maximum = MaxRadiusKm, MinItems = 1, MaxItems = MaxRadii, Default = new JsonArray(1, 2, 3, 10) };

    public static readonly QueryParameter FibreParameter = Sources("fibre", "Collections for fiber_node_distance (features whose infrastructure is fibre or absent).", ProfileRequest.DefaultFibre);

    public static readonly QueryParameter MicrowaveParameter = Sources("microwave", "Collections for microwave_node_distance (features whose infrastructure is microwave or absent).", ProfileRequest.DefaultMicrowave);

    public static readonly QueryParameter CellsParameter = Sources("cells", "Cell-site collections for nearest_NR/LTE/UMTS/GSM (by radio_type 5G/4G/3G/2G).", ProfileRequest.DefaultCells);

    public static readonly QueryParameter PopulationParameter = Sources("population", "Collections summed by pop_within (their population property).", ProfileRequest.DefaultPopulation);

    public static readonly QueryParameter SchoolsParameter = new("schools",
        "What schools_within counts: 'request' (default: the distinct rows of the body, the school itself included) or comma-separated collection ids.")
        { Default = RequestSchools };

    /// <summary>The profile's own status: unlike the other analyses it looks at operational features unless told.</summary>
    public static readonly QueryParameter StatusParameter = AnalysisParameters.StatusParameter with
    {
        Description = "Comma-separated feature statuses to keep (" + string.Join(", ", AnalysisParameters.Statuses) + "). Default: operational.",
        Default = "operational",
    };

    public static readonly QueryParameter ColumnsParameter = new("columns", "Comma-separated answer columns to give (default: all); error is always added.")
        { Example = "fiber_node_distance,proximity" };

    public static readonly QueryParameter IdColumnParameter = new("id",
        "CSV body: the column holding the school id (rows with the same id count once). Default: giga_id_school, school_id_giga, school_id or id.")
        { Example = "giga_id_school" };

    public static readonly QueryParameter[] Parameters =
    [
        RadiiParameter, FibreParameter, MicrowaveParameter, CellsParameter, PopulationParameter, SchoolsParameter, StatusParameter, ColumnsParameter,
        AnalysisParameters.LatColumn, AnalysisParameters.LonColumn, IdColumnParameter, AnalysisParameters.SummaryParameter,
    ];

    /// <summary>The request's parameters, checked.</summary>
    public static ProfileRequest Read(HttpRequest request, LayerSet layers)
    {
        QueryParameters.RequireOnly(request, Parameters);
        return Parse(QueryValues.Of(request), layers);
    }

    /// <summary>The parameters, checked (a 400 for anything wrong), from a request or a job's stored parameters.</summary>
    public static ProfileRequest Parse(IQueryValues query, LayerSet layers)
    {
        var radii = Radii(RadiiParameter.Value(query));
        var all = ProfileColumnSet.All(radii);
        var given = new Dictionary<string, string[]?>(StringComparer.Ordinal);
        foreach (var source in new[] { FibreParameter, MicrowaveParameter, CellsParameter, PopulationParameter })
            given[source.Name] = Collections(query, source, layers);
        string? schools = SchoolsParameter.Value(query);
        string[] schoolCollections = string.IsNullOrWhiteSpace(schools) || schools.Trim() == RequestSchools ? [] : Collections(query, SchoolsParameter, layers)!;
        return new ProfileRequest
        {
            RadiiKm = radii,
            Columns = SelectColumns(ColumnsParameter.Value(query), all),
            Statuses = StatusParameter.Value(query) is null ? ["operational"] : AnalysisParameters.Status(query),
            Given = given,
            SchoolCollections = schoolCollections,
            LatColumn = AnalysisParameters.LatColumn.Value(query),
            LonColumn = AnalysisParameters.LonColumn.Value(query),
            IdColumn = IdColumnParameter.Value(query),
            SummaryOnly = AnalysisParameters.SummaryOnly(query, "the per-country proximity summary"),
        };
    }

    private static double[] Radii(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return [.. ProfileRequest.DefaultRadiiKm];
        var parts = AnalysisParameters.Split(value);
        if (parts.Length == 0 || parts.Length > MaxRadii)
            throw ApiException.BadRequest($"radii= takes 1 to {MaxRadii} comma-separated distances in km, not '{value}'.");
        var radii = parts.Select(p => RadiiParameter.CheckNumber(p)).Distinct().ToArray();
        if (radii.Any(r => r == 0))
            throw ApiException.BadRequest("Every radius in radii= must be above 0 km.");
        return radii;
    }

    /// <summary>The named collections (each must be loaded), or null when the parameter is absent (use the defaults).</summary>
    private static string[]? Collections(IQueryValues query, QueryParameter parameter, LayerSet layers)
    {
        string? value = parameter.Value(query);
        if (value is null)
            return null;
        var ids = AnalysisParameters.Split(value);
        if (ids.Length == 0)
            throw ApiException.BadRequest($"{parameter.Name}= names no collection; leave it out for the defaults.");
        return AnalysisParameters.Loaded(ids, parameter, layers);
    }

    private static List<ProfileColumn> SelectColumns(string? value, List<ProfileColumn> all)
    {
        if (string.IsNullOrWhiteSpace(value))
            return all;
        var names = AnalysisParameters.Split(value).Where(n => n != "error").ToHashSet(StringComparer.Ordinal);
        var unknown = names.Where(n => !all.Any(c => c.Name == n)).ToArray();
        if (unknown.Length > 0)
            throw ApiException.BadRequest($"Unknown column '{unknown[0]}' in columns=. Columns: {string.Join(", ", all.Select(c => c.Name))}, error.");
        return all.Where(c => names.Contains(c.Name)).ToList();
    }
}
