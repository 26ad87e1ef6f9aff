namespace Maps.Core.Query.Cql2;

/// <summary>
/// The standard CQL2 operators and functions by their CQL2 JSON spelling, and the words CQL2 text
/// reserves: shared by both parsers and the text writer.
/// </summary>
internal static class CqlOps
{
    public static readonly string[] Spatial =
        ["s_intersects", "s_equals", "s_disjoint", "s_touches", "s_within", "s_overlaps", "s_crosses", "s_contains"];

    public static readonly string[] Temporal =
    [
        "t_after", "t_before", "t_contains", "t_disjoint", "t_during", "t_equals", "t_finishedBy", "t_finishes",
        "t_intersects", "t_meets", "t_metBy", "t_overlappedBy", "t_overlaps", "t_startedBy", "t_starts",
    ];

    public static readonly string[] Array = ["a_equals", "a_contains", "a_containedBy", "a_overlaps"];

    public static readonly string[] Comparison = ["=", "<>", "<", ">", "<=", ">="];

    public static readonly string[] Arithmetic = ["+", "-", "*", "/", "%", "div", "^"];

    private static readonly string[] Predicates = ["and", "or", "not", "like", "between", "in", "isNull", "casei", "accenti"];

    private static readonly Dictionary<string, string> ByName =
        Spatial.Concat(Temporal).Concat(Array).Concat(Comparison).Concat(Arithmetic).Concat(Predicates)
            .ToDictionary(op => op, op => op, StringComparer.OrdinalIgnoreCase);

    /// <summary>Words CQL2 text gives a meaning of their own: they cannot be properties unquoted, nor function names.</summary>
    private static readonly HashSet<string> Reserved = new(
        ["AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL", "DIV", "TRUE", "FALSE"], StringComparer.OrdinalIgnoreCase);

    public static readonly HashSet<string> GeometryTypes = new(
        ["POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> LiteralKeywords = new(
        GeometryTypes.Concat(["DATE", "TIMESTAMP", "INTERVAL", "BBOX"]), StringComparer.OrdinalIgnoreCase);

    /// <summary>The standard op spelled as CQL2 JSON spells it, whatever the case written; null for any other name.</summary>
    public static string? Standard(string name) => ByName.GetValueOrDefault(name);

    public static bool IsReserved(string word) => Reserved.Contains(word);

    /// <summary>Names that cannot be custom functions: standard ops, reserved words, literal keywords.</summary>
    public static bool IsFunctionName(string name) =>
        CqlLexer.IsIdentifier(name) && Standard(name) is null && !Reserved.Contains(name) && !LiteralKeywords.Contains(name);

    /// <summary>Ops written in text as a call, <c>S_INTERSECTS(a, b)</c>.</summary>
    public static bool IsCallSyntax(string op) =>
        op is "casei" or "accenti" || Spatial.Contains(op) || Temporal.Contains(op) || Array.Contains(op);

    public static bool IsArray(string op) => Array.Contains(op);

    /// <summary>How many arguments a standard op takes; custom functions take any number.</summary>
    public static (int Min, int Max) Arity(string op) => op switch
    {
        "and" or "or" => (2, int.MaxValue),
        "not" or "isNull" or "casei" or "accenti" => (1, 1),
        "between" => (3, 3),
        _ when Standard(op) is not null => (2, 2),
        _ => (0, int.MaxValue),
    };
}
