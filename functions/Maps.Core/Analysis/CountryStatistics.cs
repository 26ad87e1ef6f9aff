using Maps.Core.Geodesy;
using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Core.Spatial;
using NetTopologySuite.Geometries;

namespace Maps.Core.Analysis;

/// <summary>One figure of a country and where it comes from: the collections and their versions.</summary>
public sealed record CountryFigure(string Name, double Value, IReadOnlyList<string> Sources);

/// <summary>What a country has: its figures in sections (fibre, nodes, …), in a fixed order, and the cables that land there.</summary>
/// <param name="Bounds">The box of every feature counted in the country (its backbone, towns and schools), for a map; null when none has a position.</param>
public sealed record CountryProfile(string Iso3, string Name, IReadOnlyList<(string Section, IReadOnlyList<CountryFigure> Figures)> Sections,
    IReadOnlyList<string> LandingCables, Envelope? Bounds)
{
    /// <summary>A figure by section and name, or null.</summary>
    public double? Figure(string section, string name) =>
        Sections.FirstOrDefault(s => s.Section == section).Figures?.FirstOrDefault(f => f.Name == name)?.Value;
}

/// <summary>
/// What every country has, computed in one pass over the layers of a snapshot:
/// <list type="bullet">
/// <item>km of fibre by status;</item>
/// <item>transmission nodes by status and infrastructure;</item>
/// <item>microwave links and their km;</item>
/// <item>IXPs;</item>
/// <item>landing points and the cables that land there;</item>
/// <item>earth stations;</item>
/// <item>cell sites by generation;</item>
/// <item>people within 10/25/50/100 km of operational fibre (<see cref="CoverageCalculator"/>);</item>
/// <item>for each school layer, schools within 1/3/10/25 km of operational fibre and beyond 25 km.</item>
/// </list>
/// A feature counts whole in the country its <c>country</c> property names, as the items' <c>country=</c> filter
/// does; a link's km are its <c>length_km</c> (the great-circle length the ingest derives). Layers take their role
/// from their id: <c>fibre-links</c>, <c>transmission-nodes</c>, <c>microwave-links</c>, <c>ixps</c>,
/// <c>landing-points</c>, <c>submarine-cables</c>, <c>earth-stations</c> and <c>population</c>, each also with a
/// <c>-</c> suffix (a planner's <c>fibre-links-ken</c>); cell sites as <see cref="CellSiteRules.AppliesTo"/>; schools
/// any id with <c>schools</c> in it. Distances are to the operational features of the fibre layers (the index the
/// caller gives), as the coverage analysis measures them. Figures keep the order they were first met in.
/// </summary>
public static class CountryStatistics
{
    public static readonly IReadOnlyList<double> PopulationDistancesKm = [10, 25, 50, 100];
    public static readonly IReadOnlyList<double> SchoolDistancesKm = [1, 3, 10, 25];

    /// <summary>True when a layer's id is the role's, or the role's with a <c>-</c> suffix.</summary>
    public static bool HasRole(string layerId, string role) => layerId == role || layerId.StartsWith(role + "-", StringComparison.Ordinal);

    /// <param name="fibre">The operational fibre and nodes, for distances; null when there are none (no distance figures then).</param>
    /// <param name="population">The population points with their countries (<see cref="PopulationPoint"/>).</param>
    public static IReadOnlyDictionary<string, CountryProfile> Compute(LayerSet layers, SphericalIndex? fibre, IReadOnlyList<PopulationPoint> population,
        IReadOnlyList<string> fibreSources, CancellationToken cancellationToken = default)
    {
        var countries = new SortedDictionary<string, Builder>(StringComparer.Ordinal);
        Builder Of(string iso3) => countries.TryGetValue(iso3, out var b) ? b : countries[iso3] = new Builder();
        var cableNames = layers.Layers.Where(l => HasRole(l.Id, "submarine-cables"))
            .SelectMany(l => l.All().Select(f => (f.Id, Name: f.GetString("name") ?? f.Id)))
            .GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

        foreach (var layer in layers.Layers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string source = $"{layer.Id}@{layer.Version}";
            string? role = Role(layer.Id);
            if (role is null or "population" or "submarine-cables" or "schools")
                continue;
            foreach (var feature in layer.All())
            {
                if (feature.GetString("country") is not { Length: > 0 } iso3)
                    continue;
                var country = Of(iso3);
                country.Bounds.ExpandToInclude(feature.Envelope);
                string status = feature.GetString("status") ?? StatusNormaliser.Unknown;
                switch (role)
                {
                    case "fibre":
                        country.Add("fibre", $"km {status}", LengthKm(feature), source);
                        break;
                    case "nodes":
                        country.Add("nodes", $"{status}", 1, source);
                        country.Add("nodes", $"infrastructure {feature.GetString("infrastructure") ?? "unknown"}", 1, source);
                        break;
                    case "microwave":
                        country.Add("microwave", "links", 1, source);
                        country.Add("microwave", "km", LengthKm(feature), source);
                        break;
                    case "ixps":
                        country.Add("exchange", "IXPs", 1, source);
                        break;
                    case "landing-points":
                        country.Add("submarine", "landing points", 1, source);
                        foreach (string cable in Strings(feature.Value("cable_ids")))
                            country.Cables.Add(cableNames.GetValueOrDefault(cable, cable));
                        break;
                    case "earth-stations":
                        country.Add("satellite", "earth stations", 1, source);
                        break;
                    case "cell-sites":
                        country.Add("cell sites", feature.GetString("radio_type") ?? "unknown", 1, source);
                        break;
                }
            }
        }

        if (fibre is not null)
            AddDistances(Of, layers, fibre, population, fibreSources, cancellationToken);
        return countries.Where(c => c.Key.Length > 0 && c.Key != CoverageCalculator.TotalCountry && c.Key != PopulationPoint.UnknownCountry)
            .ToDictionary(c => c.Key, c => c.Value.Build(c.Key), StringComparer.Ordinal);
    }

    /// <summary>People and schools within each distance of operational fibre, per country.</summary>
    private static void AddDistances(Func<string, Builder> Of, LayerSet layers, SphericalIndex fibre,
        IReadOnlyList<PopulationPoint> population, IReadOnlyList<string> fibreSources, CancellationToken cancellationToken)
    {
        var fibreAndPopulation = fibreSources.Concat(layers.Layers.Where(l => HasRole(l.Id, "population")).Select(l => $"{l.Id}@{l.Version}")).ToArray();
        foreach (var point in population)
            Of(point.Country).Bounds.ExpandToInclude(point.Lon, point.Lat);
        var people = CoverageCalculator.Calculate(fibre, population, PopulationDistancesKm, cancellationToken);
        foreach (var coverage in people.Countries)
        {
            var country = Of(coverage.Country);
            country.Set("population", "total", coverage.TotalPopulation, fibreAndPopulation);
            for (int i = 0; i < PopulationDistancesKm.Count; i++)
                country.Set("population", $"within {PopulationDistancesKm[i]:0} km of operational fibre", coverage.PopulationWithin[i], fibreAndPopulation);
        }

        foreach (var schools in layers.Layers.Where(l => Role(l.Id) == "schools" && l.IsPoints))
        {
            var report = CoverageCalculator.Calculate(fibre, PopulationPoint.FromLayer(schools, weightProperty: null), SchoolDistancesKm, cancellationToken);
            string[] sources = [.. fibreSources, $"{schools.Id}@{schools.Version}"];
            foreach (var coverage in report.Countries)
            {
                var country = Of(coverage.Country);
                string section = $"schools: {schools.Id}";
                country.Set(section, "schools", coverage.TotalPopulation, sources);
                for (int i = 0; i < SchoolDistancesKm.Count; i++)
                    country.Set(section, $"within {SchoolDistancesKm[i]:0} km of operational fibre", coverage.PopulationWithin[i], sources);
                country.Set(section, $"beyond {SchoolDistancesKm[^1]:0} km", coverage.TotalPopulation - coverage.PopulationWithin[^1], sources);
            }
        }
    }

    /// <summary>A layer's role, or null when it has none here.</summary>
    public static string? Role(string id) => id switch
    {
        _ when HasRole(id, "fibre-links") => "fibre",
        _ when HasRole(id, "transmission-nodes") => "nodes",
        _ when HasRole(id, "microwave-links") => "microwave",
        _ when HasRole(id, "ixps") => "ixps",
        _ when HasRole(id, "landing-points") => "landing-points",
        _ when HasRole(id, "submarine-cables") => "submarine-cables",
        _ when HasRole(id, "earth-stations") => "earth-stations",
        _ when HasRole(id, "population") => "population",
        _ when CellSiteRules.AppliesTo(id) => "cell-sites",
        _ when id.Contains("schools", StringComparison.Ordinal) => "schools",
        _ => null,
    };

    private static double LengthKm(LayerFeature feature) =>
        feature.Value("length_km") is { IsNumeric: true } km ? km.Number : PropertyRules.LengthKm(feature.Geometry);

    private static IEnumerable<string> Strings(PropertyValue value)
    {
        if (value.Kind != PropertyKind.Json || !value.Text.StartsWith('['))
            yield break;
        using var array = System.Text.Json.JsonDocument.Parse(value.Text);
        foreach (var item in array.RootElement.EnumerateArray())
            if (item.ValueKind == System.Text.Json.JsonValueKind.String)
                yield return item.GetString()!;
    }

    /// <summary>The sections in the order a page shows them.</summary>
    private static readonly string[] SectionOrder = ["fibre", "nodes", "microwave", "exchange", "submarine", "satellite", "cell sites", "population"];

    private sealed class Builder
    {
        private readonly Dictionary<(string Section, string Name), (double Value, SortedSet<string> Sources)> _figures = [];
        private readonly List<(string Section, string Name)> _order = [];

        public SortedSet<string> Cables { get; } = new(StringComparer.Ordinal);

        public Envelope Bounds { get; } = new();

        public void Add(string section, string name, double value, string source)
        {
            var key = (section, name);
            if (!_figures.TryGetValue(key, out var figure))
                _order.Add(key);
            var (now, sources) = _figures.ContainsKey(key) ? figure : (0, new SortedSet<string>(StringComparer.Ordinal));
            sources.Add(source);
            _figures[key] = (now + value, sources);
        }

        public void Set(string section, string name, double value, IEnumerable<string> sources)
        {
            if (!_figures.ContainsKey((section, name)))
                _order.Add((section, name));
            _figures[(section, name)] = (value, new SortedSet<string>(sources, StringComparer.Ordinal));
        }

        public CountryProfile Build(string iso3)
        {
            var sections = _order.GroupBy(key => key.Section)
                .OrderBy(g => Array.IndexOf(SectionOrder, g.Key) is int i and >= 0 ? i : SectionOrder.Length).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, (IReadOnlyList<CountryFigure>)g
                    .Select(key => new CountryFigure(key.Name, Math.Round(_figures[key].Value, 3), _figures[key].Sources.ToArray())).ToArray()))
                .ToArray();
            return new CountryProfile(iso3, CountryCodes.NameOf(iso3) ?? iso3, sections, Cables.ToArray(), Bounds.IsNull ? null : Bounds);
        }
    }
}
