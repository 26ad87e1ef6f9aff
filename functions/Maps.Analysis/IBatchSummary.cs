using System.Text.Json;

namespace Maps.Analysis;

/// <summary>
/// What a batch answer counts besides its rows (gaps per country, the profile's proximity bands).
/// Typed, so that a job's chunks merge theirs by adding counts, not by guessing from JSON.
/// </summary>
public interface IBatchSummary
{
    /// <summary>The members the answer ends with, each written as a property of the open object.</summary>
    void WriteMembers(Utf8JsonWriter writer);
}
