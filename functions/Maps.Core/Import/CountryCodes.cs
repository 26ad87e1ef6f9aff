using System.Text;

namespace Maps.Core.Import;

/// <summary>
/// English country names (with the spellings found in telecom sources, e.g. "Cote d'Ivoire",
/// "The Gambia", "Guinea Bissau", "Cape Verde", "Guinee") to ISO 3166-1 alpha-3 codes, and
/// ISO alpha-2 to alpha-3. Lookups fold case, accents, spaces and punctuation.
/// Covers the WATRA countries, Kenya and the countries of the shipped layers; points elsewhere
/// get their code from <see cref="CountryLocator"/>. Stateless and thread-safe.
/// </summary>
public static class CountryCodes
{
    private sealed record Entry(string Iso3, string Iso2, string Name, string[] Aliases);

    private static readonly Entry[] Entries =
    [
        new("BEN", "BJ", "Benin", []),
        new("BFA", "BF", "Burkina Faso", []),
        new("CPV", "CV", "Cabo Verde", ["Cape Verde"]),
        new("CIV", "CI", "Côte d'Ivoire", ["Cote d'Ivoire", "Ivory Coast"]),
        new("GMB", "GM", "Gambia", ["The Gambia", "Gambia, The"]),
        new("GHA", "GH", "Ghana", []),
        new("GIN", "GN", "Guinea", ["Guinee", "Guinée"]),
        new("GNB", "GW", "Guinea-Bissau", ["Guinea Bissau", "Guinee Bissau"]),
        new("LBR", "LR", "Liberia", []),
        new("MLI", "ML", "Mali", []),
        new("MRT", "MR", "Mauritania", []),
        new("NER", "NE", "Niger", []),
        new("NGA", "NG", "Nigeria", []),
        new("SEN", "SN", "Senegal", []),
        new("SLE", "SL", "Sierra Leone", []),
        new("TGO", "TG", "Togo", []),
        new("KEN", "KE", "Kenya", []),
        new("USA", "US", "United States of America", ["United States", "USA", "US"]),
        new("AGO", "AO", "Angola", []),
        new("ARG", "AR", "Argentina", []),
        new("BRA", "BR", "Brazil", []),
        new("CMR", "CM", "Cameroon", []),
        new("COD", "CD", "Democratic Republic of the Congo", ["Congo, Dem. Rep.", "DR Congo", "Dem. Rep. Congo"]),
        new("COG", "CG", "Republic of the Congo", ["Congo, Rep.", "Congo"]),
        new("ESP", "ES", "Spain", []),
        new("FRA", "FR", "France", []),
        new("GAB", "GA", "Gabon", []),
        new("GBR", "GB", "United Kingdom", ["UK", "Great Britain"]),
        new("GNQ", "GQ", "Equatorial Guinea", []),
        new("MAR", "MA", "Morocco", []),
        new("PRT", "PT", "Portugal", []),
        new("SHN", "SH", "Saint Helena, Ascension and Tristan da Cunha", ["Saint Helena"]),
        new("STP", "ST", "Sao Tome and Principe", ["São Tomé and Príncipe"]),
        new("ZAF", "ZA", "South Africa", []),
        new("BIH", "BA", "Bosnia and Herzegovina", ["Bosnia and Herz.", "Bosnia-Herzegovina", "Bosnia"]),
    ];

    private static readonly Dictionary<string, Entry> ByKey = BuildKeys();
    private static readonly Dictionary<string, Entry> ByIso2 = Entries.ToDictionary(e => e.Iso2, StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, Entry> ByIso3 = Entries.ToDictionary(e => e.Iso3, StringComparer.OrdinalIgnoreCase);

    /// <summary>The ISO alpha-3 code for an English country name or alias, or null when unknown.</summary>
    public static string? FromName(string? name) =>
        name is not null && ByKey.TryGetValue(Key(name), out var e) ? e.Iso3 : null;

    /// <summary>The ISO alpha-3 code for an ISO alpha-2 code, or null when not in the table.</summary>
    public static string? FromIso2(string? iso2) =>
        iso2 is not null && ByIso2.TryGetValue(iso2, out var e) ? e.Iso3 : null;

    /// <summary>The English short name for an ISO alpha-3 code, or null when not in the table.</summary>
    public static string? NameOf(string? iso3) =>
        iso3 is not null && ByIso3.TryGetValue(iso3, out var e) ? e.Name : null;

    private static Dictionary<string, Entry> BuildKeys()
    {
        var keys = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var e in Entries)
        {
            keys[Key(e.Name)] = e;
            keys[Key(e.Iso3)] = e;
            foreach (var alias in e.Aliases)
                keys[Key(alias)] = e;
        }
        return keys;
    }

    /// <summary>Lower-case ASCII letters only, accents folded.</summary>
    internal static string Key(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char c in Slug.FoldAccents(name))
            if (char.IsAsciiLetter(c))
                sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }
}
