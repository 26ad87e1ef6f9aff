using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Maps.Core.Query.Cql2;

/// <summary>
/// LIKE (<c>%</c> any run, <c>_</c> one character, <c>\</c> escapes), CASEI (Unicode full
/// case folding) and ACCENTI (non-spacing marks removed after canonical decomposition, the
/// Japanese voicing marks kept).
/// </summary>
internal static class CqlStringFunctions
{
    public static CqlNode Compile(CqlCompiler compiler, CqlOperation operation) => operation.Op switch
    {
        "like" => CompileLike(compiler, operation),
        "casei" => Transform(compiler, operation, CaseFold),
        _ => Transform(compiler, operation, RemoveAccents),
    };

    private static CqlNode Transform(CqlCompiler compiler, CqlOperation operation, Func<string, string> transform)
    {
        var arg = compiler.Arguments(operation, 1)[0];
        RequireString(operation, arg, 0);
        return CqlNode.Derived(CqlType.String, [arg], f => arg.Evaluate(f) is { Type: CqlType.String } value ? CqlValue.Of(transform(value.String)) : CqlValue.Null, operation.Where);
    }

    private static CqlNode CompileLike(CqlCompiler compiler, CqlOperation operation)
    {
        var args = compiler.Arguments(operation, 2);
        RequireString(operation, args[0], 0);
        RequireString(operation, args[1], 1);
        if (args[1].Constant is not { } pattern)
            throw CqlErrors.At(args[1].Where, "The LIKE pattern must be a string literal (optionally in CASEI or ACCENTI).");
        if (pattern.IsNull)
            return CqlNode.Const(CqlValue.Null, operation.Where);
        // Non-backtracking: matching time stays linear in the value whatever the pattern.
        var regex = new Regex(ToRegex(pattern.String), RegexOptions.NonBacktracking | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        var value = args[0];
        return CqlNode.Derived(CqlType.Boolean, [value], f => value.Evaluate(f) is { Type: CqlType.String } v ? CqlValue.Of(regex.IsMatch(v.String)) : CqlValue.Null, operation.Where);
    }

    internal static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            else if (c == '%')
                regex.Append(".*");
            else if (c == '_')
                regex.Append('.');
            else
                regex.Append(Regex.Escape(c.ToString()));
        }
        return regex.Append('$').ToString();
    }

    private static void RequireString(CqlOperation operation, CqlNode node, int index)
    {
        if (node.Type is not (CqlType.String or CqlType.Any or CqlType.Null))
            throw CqlErrors.At(node.Where.Length > 0 ? node.Where : operation.Where,
                $"'{operation.Op}' needs a string, but {CqlCompiler.Describe(operation.Args[index])} is {CqlCompiler.Article(node.Type)}.");
    }

    private static readonly FrozenDictionary<int, string> Folding = CqlUnicodeTables.Folding.ToFrozenDictionary(e => e.Item1, e => e.Item2);
    private static readonly FrozenDictionary<int, string> Stripped = CqlUnicodeTables.Stripped.ToFrozenDictionary(e => e.Item1, e => e.Item2);
    private static readonly FrozenDictionary<long, int> Compositions =
        CqlUnicodeTables.Compositions.ToFrozenDictionary(e => ((long)e.Item1 << 21) | (uint)e.Item2, e => e.Item3);

    /// <summary>
    /// Unicode full case folding (CaseFolding.txt, C and F lines), as CQL2 asks: simple lower-casing
    /// but where folding differs (ß → ss, ς → σ, ﬁ → fi, Cherokee to upper case). Table-driven, so
    /// that it holds under InvariantGlobalization.
    /// </summary>
    internal static string CaseFold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Folding.TryGetValue(rune.Value, out var special))
                folded.Append(special);
            else
                folded.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return folded.ToString();
    }

    /// <summary>
    /// Canonical decomposition, non-spacing marks (Mn) removed but the Japanese dakuten and
    /// handakuten (U+3099, U+309A), then what remains recomposed. Table-driven: under
    /// InvariantGlobalization string.Normalize leaves non-ASCII text unchanged.
    /// </summary>
    internal static string RemoveAccents(string text)
    {
        var kept = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Stripped.TryGetValue(rune.Value, out var stripped))
            {
                foreach (var part in stripped.EnumerateRunes())
                    Keep(kept, part.Value);
            }
            else if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark || rune.Value is 0x3099 or 0x309A)
                Keep(kept, rune.Value);
        }
        var result = new StringBuilder(kept.Count);
        foreach (int c in kept)
            result.Append(new Rune(c).ToString());
        return result.ToString();
    }

    /// <summary>Appends a code point, composing it with the one before when they have a canonical composite.</summary>
    private static void Keep(List<int> kept, int c)
    {
        if (kept.Count > 0 && Compositions.TryGetValue(((long)kept[^1] << 21) | (uint)c, out int composite))
            kept[^1] = composite;
        else
            kept.Add(c);
    }
}
