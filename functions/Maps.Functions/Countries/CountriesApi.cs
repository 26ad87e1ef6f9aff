using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Maps.Core.Analysis;
using Maps.Core.Layers;
using Maps.Functions.Hosting;
using Maps.Functions.Html;
using Maps.Functions.Http;
using Maps.Functions.Ogc;

namespace Maps.Functions.Countries;

/// <summary>
/// What each country has (<see cref="CountryStatistics"/>, computed once per snapshot by <see cref="CountryService"/>):
/// the list of every country a layer names, sortable, and one country's figures, each with the collections and
/// versions it came from; as JSON, CSV or HTML (a map of the country's backbone and schools).
/// </summary>
public static class CountriesApi
{
    public const string CountriesRoute = "countries";
    public const string CountryRoute = "countries/{iso3}";

    /// <summary>The list's columns, each a figure of a profile (section, name), or its summing; <c>sortby</c> takes any of them.</summary>
    public static readonly IReadOnlyList<(string Column, Func<CountryProfile, double> Value)> Columns =
    [
        ("fibre_km_operational", p => p.Figure("fibre", "km operational") ?? 0),
        ("fibre_km", p => Sum(p, "fibre")),
        ("nodes", p => Sum(p, "nodes", "infrastructure ")),
        ("microwave_links", p => p.Figure("microwave", "links") ?? 0),
        ("ixps", p => p.Figure("exchange", "IXPs") ?? 0),
        ("landing_points", p => p.Figure("submarine", "landing points") ?? 0),
        ("earth_stations", p => p.Figure("satellite", "earth stations") ?? 0),
        ("population", p => p.Figure("population", "total") ?? 0),
        ("population_within_10km", p => p.Figure("population", "within 10 km of operational fibre") ?? 0),
        ("schools", p => p.Sections.Where(s => s.Section.StartsWith("schools: ", StringComparison.Ordinal)).Sum(s => s.Figures.FirstOrDefault(f => f.Name == "schools")?.Value ?? 0)),
    ];

    private static readonly QueryParameter FormatParameter = QueryParameter.Choice("f", "Output format: json, html or csv (overrides Accept).", "json", "html", "csv");

    private static readonly QueryParameter SortBy = new("sortby",
        "The column to sort the countries by, '-' before it for descending: name (default), iso3, " + string.Join(", ", Columns.Select(c => c.Column)) + ".")
        { Default = "name", Example = "-fibre_km_operational" };

    private static readonly QueryParameter[] ListParameters = [FormatParameter, SortBy];

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetCountries", CountriesRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(GetCountriesAsync))
        {
            QueryParameters = ListParameters,
            Summary = "Every country a layer names, with its headline figures (km of operational fibre, nodes, IXPs, landing points, population and schools); sortby any column, '-' for descending.",
        },
        new("GetCountry", CountryRoute, ApiEndpoint.ReadMethods, HandlerContext.Executing(GetCountryAsync))
        {
            QueryParameters = [FormatParameter],
            Summary = "One country's figures: fibre by status, nodes, microwave, IXPs, landing points and cables, earth stations, cell sites, population and schools within reach of fibre; each with its sources.",
        },
    ];

    public static async Task<IResult> GetCountriesAsync(HttpContext context)
    {
        var request = context.Request;
        QueryParameters.RequireOnly(request, ListParameters);
        var format = ChooseFormat(request);
        var layers = await context.Service<ILayerCatalog>().GetLayersAsync(context.RequestAborted);
        var profiles = context.Service<CountryService>().Profiles(layers).Values;
        var rows = Sort(profiles, SortBy.Value(QueryValues.Of(request))).ToArray();
        string root = Links.ApiRoot(request);
        context.Response.Headers.CacheControl = "public, max-age=60";
        if (format == "html")
            return HtmlResults.Page(CountryPages.List(rows, Columns, root));
        if (format == "csv")
        {
            var csv = new StringBuilder("iso3,name,").AppendJoin(',', Columns.Select(c => c.Column)).Append('\n');
            foreach (var row in rows)
            {
                csv.Append(row.Iso3).Append(',');
                Extracts.CsvExtractWriter.AppendField(csv, row.Name);
                csv.Append(',').AppendJoin(',', Columns.Select(c => Number(c.Value(row)))).Append('\n');
            }
            return Results.Text(csv.ToString(), MediaTypes.Csv);
        }
        var doc = new JsonObject
        {
            ["countries"] = new JsonArray(rows.Select(row =>
            {
                var item = new JsonObject { ["iso3"] = row.Iso3, ["name"] = row.Name };
                foreach (var (column, value) in Columns)
                    item[column] = value(row);
                item["href"] = $"{root}/countries/{row.Iso3}";
                return (JsonNode?)item;
            }).ToArray()),
            ["links"] = new JsonArray(CollectionDocument.LinkNode($"{root}/{CountriesRoute}", "self", MediaTypes.Json, "The countries")),
        };
        return JsonDefaults.Result(doc, MediaTypes.Json);
    }

    public static async Task<IResult> GetCountryAsync(HttpContext context)
    {
        var request = context.Request;
        QueryParameters.RequireOnly(request, [FormatParameter]);
        var format = ChooseFormat(request);
        string iso3 = context.RequiredRouteValue("iso3").ToUpperInvariant();
        var layers = await context.Service<ILayerCatalog>().GetLayersAsync(context.RequestAborted);
        var profiles = context.Service<CountryService>().Profiles(layers);
        if (!profiles.TryGetValue(iso3, out var profile))
            throw ApiException.NotFound($"No layer names the country '{iso3}' (an ISO 3166-1 alpha-3 code such as CIV); /api/countries lists the {profiles.Count} that are.");
        string root = Links.ApiRoot(request);
        context.Response.Headers.CacheControl = "public, max-age=60";
        if (format == "html")
            return HtmlResults.Page(CountryPages.Country(profile, layers, root));
        if (format == "csv")
        {
            var csv = new StringBuilder("section,figure,value,sources\n");
            foreach (var (section, figures) in profile.Sections)
                foreach (var figure in figures)
                {
                    Extracts.CsvExtractWriter.AppendField(csv, section);
                    csv.Append(',');
                    Extracts.CsvExtractWriter.AppendField(csv, figure.Name);
                    csv.Append(',').Append(Number(figure.Value)).Append(',').AppendJoin(' ', figure.Sources).Append('\n');
                }
            return Results.Text(csv.ToString(), MediaTypes.Csv);
        }
        var sections = new JsonObject();
        foreach (var (section, figures) in profile.Sections)
            sections[section] = new JsonArray(figures.Select(f => (JsonNode?)new JsonObject
            {
                ["figure"] = f.Name,
                ["value"] = f.Value,
                ["sources"] = new JsonArray(f.Sources.Select(s => (JsonNode?)s).ToArray()),
            }).ToArray());
        var doc = new JsonObject
        {
            ["iso3"] = profile.Iso3,
            ["name"] = profile.Name,
            ["counting"] = Counting,
            ["sections"] = sections,
            ["landing_cables"] = new JsonArray(profile.LandingCables.Select(c => (JsonNode?)c).ToArray()),
            ["links"] = new JsonArray(
                CollectionDocument.LinkNode($"{root}/countries/{profile.Iso3}", "self", MediaTypes.Json, "This country"),
                CollectionDocument.LinkNode($"{root}/countries/{profile.Iso3}?f=html", "alternate", "text/html", "This country as HTML")),
        };
        return JsonDefaults.Result(doc, MediaTypes.Json);
    }

    /// <summary>How the figures count, said on every answer.</summary>
    public const string Counting = "A feature counts whole in the country its 'country' property names, as the items' country= filter does; "
        + "a link's km are its length_km. Distances are great-circle distances to the nearest operational fibre link.";

    private static IEnumerable<CountryProfile> Sort(IEnumerable<CountryProfile> profiles, string? sortby)
    {
        string key = string.IsNullOrEmpty(sortby) ? "name" : sortby;
        bool descending = key.StartsWith('-');
        string column = key.TrimStart('-', '+');
        if (column is "name" or "iso3")
        {
            Func<CountryProfile, string> text = column == "name" ? p => p.Name : p => p.Iso3;
            return descending ? profiles.OrderByDescending(text, StringComparer.Ordinal) : profiles.OrderBy(text, StringComparer.Ordinal);
        }
        var value = Columns.FirstOrDefault(c => c.Column == column).Value
            ?? throw ApiException.BadRequest($"sortby '{sortby}' is not a column: name, iso3, {string.Join(", ", Columns.Select(c => c.Column))} ('-' before one for descending).");
        return (descending ? profiles.OrderByDescending(value) : profiles.OrderBy(value)).ThenBy(p => p.Iso3, StringComparer.Ordinal);
    }

    /// <summary>CSV with <c>f=csv</c>; else JSON or HTML as every page negotiates them.</summary>
    private static string ChooseFormat(HttpRequest request) =>
        string.Equals(FormatParameter.Value(QueryValues.Of(request)), "csv", StringComparison.OrdinalIgnoreCase) ? "csv"
            : Negotiation.Choose(request) == OutputFormat.Html ? "html" : "json";

    private static double Sum(CountryProfile profile, string section, string? excludePrefix = null) =>
        profile.Sections.FirstOrDefault(s => s.Section == section).Figures?.Where(f => excludePrefix is null || !f.Name.StartsWith(excludePrefix, StringComparison.Ordinal)).Sum(f => f.Value) ?? 0;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
