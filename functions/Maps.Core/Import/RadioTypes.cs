namespace Maps.Core.Import;

/// <summary>
/// The radio technology of a cell site as ITU's infrastructure-map schema writes it: <c>2G</c>, <c>3G</c>,
/// <c>4G</c> or <c>5G</c> (the <c>radio_type</c> column). Accepts those in any case, and the technology
/// names sources use instead, OpenCelliD's <c>radio</c> among them:
/// <list type="table">
/// <item><term>2G</term><description>GSM, GPRS, EDGE</description></item>
/// <item><term>3G</term><description>UMTS, WCDMA, HSPA, HSPA+, HSDPA, HSUPA, TD-SCDMA, CDMA, CDMA2000, CDMA 1x, 1xRTT, EV-DO
/// (OpenCelliD's <c>CDMA</c> is CDMA2000, which ITU counts among the IMT-2000 (3G) technologies)</description></item>
/// <item><term>4G</term><description>LTE, LTE-A (LTE Advanced), LTE-A Pro, 4G+</description></item>
/// <item><term>5G</term><description>NR, 5G NR, NR NSA / SA, 5G NSA / SA</description></item>
/// </list>
/// Case, blanks and the punctuation <c>-</c>, <c>_</c>, <c>.</c>, <c>+</c> are ignored, so
/// <c>lte-a</c>, <c>LTE A</c> and <c>4g+</c> are read. Anything else is null: WiMAX (not a 3GPP technology),
/// several technologies in one value (<c>2G/3G</c>: a site with several is one row per technology), a
/// bare number, empty. Stateless and thread-safe.
/// </summary>
public static class RadioTypes
{
    public const string G2 = "2G";
    public const string G3 = "3G";
    public const string G4 = "4G";
    public const string G5 = "5G";

    /// <summary>The four values, oldest first, as queryables list them.</summary>
    public static readonly IReadOnlyList<string> All = [G2, G3, G4, G5];

    /// <summary>What a value must be, for rejection messages.</summary>
    public const string Accepted = "2G, 3G, 4G or 5G (or GSM, UMTS, CDMA, LTE, NR)";

    private static readonly Dictionary<string, string> Table = new(StringComparer.Ordinal)
    {
        ["2g"] = G2,
        ["gsm"] = G2,
        ["gprs"] = G2,
        ["edge"] = G2,
        ["3g"] = G3,
        ["umts"] = G3,
        ["wcdma"] = G3,
        ["hspa"] = G3,
        ["hsdpa"] = G3,
        ["hsupa"] = G3,
        ["tdscdma"] = G3,
        ["cdma"] = G3,
        ["cdma2000"] = G3,
        ["cdma1x"] = G3,
        ["1xrtt"] = G3,
        ["evdo"] = G3,
        ["4g"] = G4,
        ["lte"] = G4,
        ["ltea"] = G4,
        ["lteadvanced"] = G4,
        ["lteapro"] = G4,
        ["5g"] = G5,
        ["nr"] = G5,
        ["5gnr"] = G5,
        ["nr5g"] = G5,
        ["nrnsa"] = G5,
        ["nrsa"] = G5,
        ["5gnsa"] = G5,
        ["5gsa"] = G5,
    };

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Table.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The ITU <c>radio_type</c> for a source value, or null when it is none of the above.</summary>
    public static string? Normalise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 32)
            return null;
        Span<char> key = stackalloc char[value.Length];
        int n = 0;
        foreach (char c in value)
        {
            if (char.IsAsciiLetterOrDigit(c))
                key[n++] = char.ToLowerInvariant(c);
            else if (c is not (' ' or '-' or '_' or '.' or '+'))
                return null; // '/' and ',' join several technologies; anything else is not a name
        }
        return Lookup.TryGetValue(key[..n], out string? radioType) ? radioType : null;
    }

    /// <summary>Why a value is refused, for a rejection: empty, or not one of the accepted names.</summary>
    public static string RejectionReason(string? value) => string.IsNullOrWhiteSpace(value)
        ? $"no radio technology (radio_type, or OpenCelliD's radio: {Accepted})"
        : $"radio technology '{value.Trim()}' is not {Accepted}";
}
