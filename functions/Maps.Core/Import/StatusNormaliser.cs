namespace Maps.Core.Import;

/// <summary>
/// Maps the messy status values of source data onto the four statuses of docs/architecture.md §4:
/// <c>operational</c>, <c>under-construction</c>, <c>planned</c>, <c>unknown</c>.
/// Case, punctuation and spacing are ignored; null, empty, "&lt;NA&gt;" and anything unrecognised
/// give <c>unknown</c>. Stateless and thread-safe.
/// </summary>
public static class StatusNormaliser
{
    public const string Operational = "operational";
    public const string UnderConstruction = "under-construction";
    public const string Planned = "planned";
    public const string Unknown = "unknown";

    /// <summary>The four values, in the order queryables list them.</summary>
    public static readonly IReadOnlyList<string> All = [Operational, UnderConstruction, Planned, Unknown];

    private static readonly Dictionary<string, string> Table = new(StringComparer.Ordinal)
    {
        ["operational"] = Operational,
        ["inservice"] = Operational,
        ["active"] = Operational,
        ["live"] = Operational,
        ["existing"] = Operational,
        ["ready"] = Operational,
        ["rfs"] = Operational,
        ["underconstruction"] = UnderConstruction,
        ["inconstruction"] = UnderConstruction,
        ["construction"] = UnderConstruction,
        ["building"] = UnderConstruction,
        ["ongoing"] = UnderConstruction,
        ["inprogress"] = UnderConstruction,
        ["planned"] = Planned,
        ["proposed"] = Planned,
        ["future"] = Planned,
        ["projected"] = Planned,
        ["plan"] = Planned,
    };

    /// <summary>Normalises one source value (see the class summary for the rules).</summary>
    public static string Normalise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return Unknown;
        Span<char> key = stackalloc char[Math.Min(value.Length, 64)];
        int n = 0;
        foreach (char c in value)
        {
            if (n == key.Length)
                break;
            if (char.IsAsciiLetterOrDigit(c))
                key[n++] = char.ToLowerInvariant(c);
        }
        return Table.GetValueOrDefault(new string(key[..n]), Unknown);
    }
}
