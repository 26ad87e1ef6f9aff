using Maps.Core.Layers;
using Maps.Core.Spatial;

namespace Maps.Analysis.Profile;

/// <summary>
/// The indexes a profile reads, from the request's collections or the loaded defaults, and a note
/// for every source whose columns stay empty because nothing of it is loaded:
/// <list type="bullet">
/// <item>fibre: the operational (by <c>status</c>) features of the fibre collections whose
/// <c>infrastructure</c> is <c>fibre</c> or absent (links have none; transmission nodes say fibre or microwave);</item>
/// <item>microwave: the same with <c>microwave</c>;</item>
/// <item>each cell technology: the cell sites whose <c>radio_type</c> is 5G, 4G, 3G or 2G;</item>
/// <item>population: every feature of the population collections, weighted by <c>population</c>;</item>
/// <item>schools: the request's distinct rows, or every feature of the named collections.</item>
/// </list>
/// </summary>
public sealed class ProfileSources
{
    public required SphericalIndex?[] Roles { get; init; }

    public SphericalIndex? Schools { get; init; }

    public SphericalIndex? Population { get; init; }

    /// <summary>The collections used per source, in answer order, for the <c>query</c> echo.</summary>
    public required IReadOnlyList<(string Source, IReadOnlyList<string> Collections)> Collections { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    public static ProfileSources Build(ProfileRequest request, LayerSet layers, NearestIndexProvider indexes, RequestSchools? requestSchools, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var used = new List<(string, IReadOnlyList<string>)>();

        string[] Resolve(string source, string[] defaults, string what, bool wanted)
        {
            var given = request.Given[source];
            var collections = given ?? defaults.Where(id => layers.Find(id) is not null).ToArray();
            if (given is null && collections.Length == 0 && wanted)
                notes.Add($"{what} are empty: none of the default {source} collections ({string.Join(", ", defaults)}) is loaded. Name one with {source}=.");
            used.Add((source, collections));
            return collections;
        }

        var roles = new SphericalIndex?[ProfileRoles.Count];
        var fibre = Resolve("fibre", ProfileRequest.DefaultFibre, "fiber_node_distance and fiber_node_id (and proximity)", request.WantsRole(ProfileRoles.Fibre));
        if (fibre.Length > 0 && request.WantsRole(ProfileRoles.Fibre))
            roles[ProfileRoles.Fibre] = indexes.Get(layers, new IndexSelection(fibre, request.Statuses, new PropertyMatch("infrastructure", "fibre", KeepMissing: true)));
        var microwave = Resolve("microwave", ProfileRequest.DefaultMicrowave, "microwave_node_distance and microwave_node_id", request.WantsRole(ProfileRoles.Microwave));
        if (microwave.Length > 0 && request.WantsRole(ProfileRoles.Microwave))
            roles[ProfileRoles.Microwave] = indexes.Get(layers, new IndexSelection(microwave, request.Statuses, new PropertyMatch("infrastructure", "microwave", KeepMissing: true)));
        var cellRoles = Enumerable.Range(ProfileRoles.NR, ProfileRoles.GSM - ProfileRoles.NR + 1).Where(request.WantsRole).ToArray();
        var cells = Resolve("cells", ProfileRequest.DefaultCells, "nearest_NR/LTE/UMTS/GSM distances and ids", cellRoles.Length > 0);
        foreach (int role in cells.Length > 0 ? cellRoles : [])
            roles[role] = indexes.Get(layers, new IndexSelection(cells, request.Statuses, new PropertyMatch("radio_type", ProfileRoles.RadioTypes[role]!)));
        var population = Resolve("population", ProfileRequest.DefaultPopulation, "pop_within columns", request.Wants(ProfileColumnKind.PopulationWithin));
        SphericalIndex? populationIndex = null;
        if (population.Length > 0 && request.Wants(ProfileColumnKind.PopulationWithin))
        {
            foreach (var id in population.Where(id => !layers.Find(id)!.PropertyNames.Contains("population")))
                notes.Add($"Collection '{id}' has no population property: its features add 0 to pop_within.");
            populationIndex = indexes.Get(layers, new IndexSelection(population, weightProperty: "population"));
        }
        SphericalIndex? schools = null;
        if (request.Wants(ProfileColumnKind.SchoolsWithin))
        {
            schools = request.CountsRequestSchools
                ? requestSchools!.BuildIndex(cancellationToken)
                : indexes.Get(layers, new IndexSelection(request.SchoolCollections));
        }
        return new ProfileSources { Roles = roles, Schools = schools, Population = populationIndex, Collections = used, Notes = notes };
    }
}
