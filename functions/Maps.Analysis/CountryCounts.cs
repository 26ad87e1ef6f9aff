namespace Maps.Analysis;

/// <summary>
/// Counts kept per country of a batch answer's summary (gaps, profile): a row's country is its
/// trimmed country value, or <see cref="Unknown"/> when it has none. Countries come out in ordinal order.
/// </summary>
public sealed class CountryCounts<TCounts> where TCounts : new()
{
    public const string Unknown = "unknown";

    private readonly Dictionary<string, TCounts> _byCountry = new(StringComparer.Ordinal);

    /// <summary>The counts by country, for storing them (a job's chunk) and reading them back.</summary>
    public Dictionary<string, TCounts> Counts
    {
        get => _byCountry;
        init
        {
            foreach (var (country, counts) in value)
                _byCountry[country] = counts;
        }
    }

    /// <summary>Adds another's counts, country by country, with <paramref name="add"/>(sum, theirs).</summary>
    public void Add(CountryCounts<TCounts> other, Action<TCounts, TCounts> add)
    {
        foreach (var (country, counts) in other._byCountry)
            add(For(country), counts);
    }

    public TCounts For(string? country)
    {
        string key = string.IsNullOrWhiteSpace(country) ? Unknown : country.Trim();
        if (!_byCountry.TryGetValue(key, out var counts))
            _byCountry.Add(key, counts = new TCounts());
        return counts;
    }

    public IEnumerable<KeyValuePair<string, TCounts>> Sorted => _byCountry.OrderBy(p => p.Key, StringComparer.Ordinal);

    public IEnumerable<TCounts> Values => _byCountry.Values;
}
