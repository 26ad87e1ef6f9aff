using System.Text.Json;
using Maps.Analysis.Profile;

namespace Maps.Analysis;

/// <summary>
/// A summary kept between a job's chunks: each chunk stores its counts, and the result adds them
/// up (<see cref="GapSummary.Merge"/>, <see cref="ProfileSummary.Merge"/>) into the summary of the
/// whole input. Stored by kind, as the typed counts, never read back from an answer's JSON.
/// </summary>
public static class BatchSummaries
{
    public const string Gaps = "gaps", Profile = "profile";

    private sealed record GapState(Dictionary<string, GapCounts> Counts);

    private sealed record ProfileState(Dictionary<string, ProfileCounts> Counts, List<string> Notes);

    /// <summary>The summary's kind and its counts, to store.</summary>
    public static (string Kind, string State) Save(IBatchSummary summary) => summary switch
    {
        GapSummary gaps => (Gaps, JsonSerializer.Serialize(new GapState(gaps.ByCountry.Counts))),
        ProfileSummary profile => (Profile, JsonSerializer.Serialize(new ProfileState(profile.ByCountry.Counts, profile.Notes))),
        _ => throw new ArgumentException($"No stored form for {summary.GetType().Name}.", nameof(summary)),
    };

    /// <summary>The stored summaries of one kind, added up.</summary>
    public static IBatchSummary Merge(string kind, IEnumerable<string> states) => kind switch
    {
        Gaps => GapSummary.Merge(states.Select(s => new GapSummary { ByCountry = new() { Counts = JsonSerializer.Deserialize<GapState>(s)!.Counts } })),
        Profile => ProfileSummary.Merge(states.Select(s => JsonSerializer.Deserialize<ProfileState>(s)!)
            .Select(p => new ProfileSummary { ByCountry = new() { Counts = p.Counts }, Notes = p.Notes }).ToArray()),
        _ => throw new ArgumentException($"Unknown summary kind '{kind}'.", nameof(kind)),
    };
}
