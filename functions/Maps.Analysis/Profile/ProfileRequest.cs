using System.Text.Json;

namespace Maps.Analysis.Profile;

/// <summary>
/// A profile asked for, checked: radii, the collections of each source (given, or null for the
/// defaults that are loaded), statuses, the columns asked for, the CSV column names and whether
/// only the summary is wanted. The HTTP layer reads it from parameters (<c>ProfileParameters</c>).
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

    public bool CountsRequestSchools => SchoolCollections.Count == 0;

    public bool Wants(ProfileColumnKind kind) => Columns.Any(c => c.Kind == kind);

    /// <summary>Whether any asked column reads this nearest role (its distance, id, or for fibre the proximity band).</summary>
    public bool WantsRole(int role) => Columns.Any(c => c.Role == role);
    /// <summary>The members of the answer's <c>query</c> object.</summary>
    public void WriteTo(Utf8JsonWriter writer, ProfileSources sources)
    {
        writer.WriteStartArray("radii_km");
        foreach (double radius in RadiiKm)
            writer.WriteNumberValue(radius);
        writer.WriteEndArray();
        foreach (var (source, collections) in sources.Collections)
            JsonOutput.Strings(writer, source, collections);
        if (CountsRequestSchools)
            writer.WriteString("schools", RequestSchools);
        else
            JsonOutput.Strings(writer, "schools", SchoolCollections);
        JsonOutput.Statuses(writer, Statuses);
        JsonOutput.Strings(writer, "columns", Columns.Select(c => c.Name));
        JsonOutput.Strings(writer, "notes", sources.Notes);
    }
}
