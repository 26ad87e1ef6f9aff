using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Maps.Core.Query.Cql2;

/// <summary>
/// LIKE (<c>%</c> any run, <c>_</c> one character, <c>\</c> escapes), CASEI (case folding by
/// invariant lower case) and ACCENTI (diacritics removed after canonical decomposition).
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

    internal static string CaseFold(string text) => text.ToLowerInvariant();

    internal static string RemoveAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                kept.Append(c);
        return kept.ToString().Normalize(NormalizationForm.FormC);
    }
}
