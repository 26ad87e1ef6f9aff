using System.Text.Json;

namespace Maps.Analysis.Profile;

/// <summary>
/// Per-country counts of a profile: rows answered, rows in each ITU proximity band of the distance
/// to fibre, rows with no fibre to measure, rows with an error. The country is the row's country
/// column (<see cref="CsvBatch.CountryNames"/>) or <c>properties.country</c>; "unknown" otherwise.
/// </summary>
public sealed class ProfileSummary : IBatchSummary
{
    /// <summary>The counts by country.</summary>
    public CountryCounts<ProfileCounts> ByCountry { get; init; } = new();

    /// <summary>Why some columns are empty, as the answer's notes say.</summary>
    public List<string> Notes { get; init; } = [];

    public void Add(string? country, int? band)
    {
        var counts = ByCountry.For(country);
        counts.Points++;
        if (band is int b)
            counts.Bands[b]++;
        else
            counts.NoFibre++;
    }

    public void AddInvalid(string? country) => ByCountry.For(country).Invalid++;

    /// <summary>The counts of every part, country by country; the notes are the first part's (every chunk of a job has the same).</summary>
    public static ProfileSummary Merge(IReadOnlyList<ProfileSummary> parts)
    {
        var merged = new ProfileSummary { Notes = parts.Count > 0 ? parts[0].Notes : [] };
        foreach (var part in parts)
            merged.ByCountry.Add(part.ByCountry, (sum, counts) => sum.Add(counts));
        return merged;
    }

    /// <summary>The <c>summary</c> member: countries, total and notes.</summary>
    public void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WritePropertyName("summary");
        writer.WriteStartObject();
        var total = new ProfileCounts();
        writer.WriteStartArray("countries");
        foreach (var (country, counts) in ByCountry.Sorted)
        {
            Write(writer, country, counts);
            total.Add(counts);
        }
        writer.WriteEndArray();
        writer.WritePropertyName("total");
        Write(writer, "total", total);
        JsonOutput.Strings(writer, "notes", Notes);
        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, string country, ProfileCounts counts)
    {
        writer.WriteStartObject();
        writer.WriteString("country", country);
        writer.WriteNumber("points", counts.Points);
        writer.WriteStartObject("proximity");
        for (int b = 0; b < ProximityBands.Names.Length; b++)
            writer.WriteNumber(ProximityBands.Names[b], counts.Bands[b]);
        writer.WriteEndObject();
        writer.WriteNumber("no_fibre", counts.NoFibre);
        writer.WriteNumber("invalid", counts.Invalid);
        writer.WriteEndObject();
    }
}

/// <summary>One country's profile counts, as counted (and stored between a job's chunks).</summary>
public sealed class ProfileCounts
{
    public long Points { get; set; }

    public long NoFibre { get; set; }

    public long Invalid { get; set; }

    /// <summary>Rows per ITU proximity band (<see cref="ProximityBands.Names"/>).</summary>
    public long[] Bands { get; set; } = new long[ProximityBands.Names.Length];

    public void Add(ProfileCounts other)
    {
        Points += other.Points;
        NoFibre += other.NoFibre;
        Invalid += other.Invalid;
        for (int b = 0; b < Bands.Length; b++)
            Bands[b] += other.Bands[b];
    }
}
