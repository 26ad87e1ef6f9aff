using System.Text.Json;
using Maps.Core.Layers;
using System.Text.Json.Nodes;
using Maps.Functions.Http;
using Maps.Functions.Ogc;

namespace Maps.Functions.Analysis.Profile;

/// <summary>
/// The parameters of <c>POST /api/analysis/profile</c>, checked: radii, the collections of each
/// source (given, or the defaults that are loaded), statuses, the columns asked for, the CSV
/// column names and <c>summary=only</c>. Every bad value is a 400 that says what is allowed.
/// </summary>
public sealed record ProfileRequest
{
    public static readonly double[] DefaultRadiiKm = [1, 2, 3, 10];
    public const int MaxRadii = 8;
    public const double MaxRadiusKm = 1_000;

    public static readonly string[] DefaultFibre = ["fibre-links", "transmission-nodes"];
    public static readonly string[] DefaultMicrowave = ["microwave-links", "transmission-nodes"];
    public static readonly string[] DefaultCells = ["cell-sites"];
    public static readonly string[] DefaultPopulation = ["population"];

    /// <summary>The value of <c>schools=</c> that counts the rows of the request itself (the default).</summary>
    public const string RequestSchools = "request";

    private static QueryParameter Sources(string name, string description, string[] defaults) =>
        new(name, $"{description} Default: {string.Join(",", defaults)} where loaded.") { Example = string.Join(",", defaults) };

    public static readonly QueryParameter RadiiParameter = new("radii",
        $"Comma-separated radii in km for schools_within_{{r}}km and pop_within_{{r}}km (1 to {MaxRadii}, each above 0 and at most {MaxRadiusKm:N0}). Default 1,2,3,10.")
        { Type = "array", Items = new() { ["type"] = "number" }, Minimum = 0, Maximum = MaxRadiusKm, MinItems = 1, MaxItems = MaxRadii, Default = new JsonArray(1, 2, 3, 10) };

    public static readonly QueryParameter FibreParameter = Sources("fibre", "Collections for fiber_node_distance (features whose infrastructure is fibre or absent).", DefaultFibre);

    public static readonly QueryParameter MicrowaveParameter = Sources("microwave", "Collections for microwave_node_distance (features whose infrastructure is microwave or absent).", DefaultMicrowave);

    public static readonly QueryParameter CellsParameter = Sources("cells", "Cell-site collections for nearest_NR/LTE/UMTS/GSM (by radio_type 5G/4G/3G/2G).", DefaultCells);

    public static readonly QueryParameter PopulationParameter = Sources("population", "Collections summed by pop_within (their population property).", DefaultPopulation);

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

    public required IReadOnlyList<double> RadiiKm { get; init; }

    public required IReadOnlyList<ProfileColumn> Columns { get; init; }

    public required IReadOnlyList<string> Statuses { get; init; }

    /// <summary>Per source name (fibre, microwave, cells, population, schools): the collections given, or null for the defaults.</summary>
    public required IReadOnlyDictionary<string, string[]?> Given { get; init; }

    /// <summary>Collections counted by <c>schools_within</c>; empty when the request's own rows are counted.</summary>
    public required IReadOnlyList<string> SchoolCollections { get; init; }

    public string? LatColumn { get; init; }

    public string? LonColumn { get; init; }

    public string? IdColumn { get; init; }

    public bool SummaryOnly { get; init; }

    /// <summary>For <c>summary=only</c>: JSON, or HTML when the client's Accept prefers it (checked before the body is read).</summary>
    public OutputFormat SummaryFormat { get; init; }

    public bool CountsRequestSchools => SchoolCollections.Count == 0;

    public bool Wants(ProfileColumnKind kind) => Columns.Any(c => c.Kind == kind);

    /// <summary>Whether any asked column reads this nearest role (its distance, id, or for fibre the proximity band).</summary>
    public bool WantsRole(int role) => Columns.Any(c => c.Role == role);

    /// <summary>The request's parameters, checked; a summary is answered as HTML when the client's Accept prefers it.</summary>
    public static ProfileRequest Read(HttpRequest request, LayerSet layers)
    {
        QueryParameters.RequireOnly(request, Parameters);
        var profile = Parse(QueryValues.Of(request), layers);
        return profile.SummaryOnly ? profile with { SummaryFormat = Negotiation.Choose(request) } : profile;
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
            SummaryFormat = OutputFormat.Json,
        };
    }

    private static double[] Radii(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return DefaultRadiiKm;
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
        var ids = AnalysisParameters.Split(value).Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
            throw ApiException.BadRequest($"{parameter.Name}= names no collection; leave it out for the defaults.");
        foreach (var id in ids)
        {
            if (layers.Find(id) is null)
                throw ApiException.BadRequest($"Unknown collection '{id}' in {parameter.Name}=. Collections: {string.Join(", ", layers.Layers.Select(l => l.Id))}.");
        }
        return ids;
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

    /// <summary>The members of the answer's <c>query</c> object.</summary>
    public void WriteTo(Utf8JsonWriter writer, ProfileSources sources)
    {
        writer.WriteStartArray("radii_km");
        foreach (double radius in RadiiKm)
            writer.WriteNumberValue(radius);
        writer.WriteEndArray();
        foreach (var (source, collections) in sources.Collections)
            NearestApi.WriteStrings(writer, source, collections);
        if (CountsRequestSchools)
            writer.WriteString("schools", RequestSchools);
        else
            NearestApi.WriteStrings(writer, "schools", SchoolCollections);
        NearestApi.WriteStatuses(writer, Statuses);
        NearestApi.WriteStrings(writer, "columns", Columns.Select(c => c.Name));
        NearestApi.WriteStrings(writer, "notes", sources.Notes);
    }
}
