using System.Globalization;
using System.Text;

namespace Maps.Core.Query.Cql2;

internal enum CqlTokenKind { End, Identifier, QuotedIdentifier, String, Number, Symbol }

/// <summary>
/// A token of CQL2 text: <see cref="Text"/> is the identifier, the unescaped string, the number as
/// written or the symbol; <see cref="Position"/> is its first character, 1-based.
/// </summary>
internal readonly record struct CqlToken(CqlTokenKind Kind, string Text, int Position, string Source, double Number = 0)
{
    public string Where => $"position {Position}";

    public bool Is(string symbol) => Kind == CqlTokenKind.Symbol && Text == symbol;

    public bool IsWord(string word) =>
        Kind == CqlTokenKind.Identifier && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    /// <summary>The token as an error message quotes it.</summary>
    public override string ToString() => Kind == CqlTokenKind.End
        ? "the end of the filter"
        : $"'{(Source.Length > 40 ? Source[..40] + "…" : Source)}'";
}

/// <summary>Splits CQL2 text (OGC 21-065r2, cql2.bnf) into tokens.</summary>
internal static class CqlLexer
{
    private const string Symbols = "(),=+-*/%^<>";

    public static List<CqlToken> Tokenize(string text)
    {
        var tokens = new List<CqlToken>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i == text.Length) break;
            char c = text[i];
            var token =
                IsIdentifierStart(text, i) ? Identifier(text, i) :
                c == '"' ? QuotedIdentifier(text, i) :
                c == '\'' ? String(text, i) :
                char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])) ? Number(text, i) :
                Symbols.Contains(c) ? Symbol(text, i) :
                throw CqlErrors.At($"position {i + 1}", $"Unexpected character {Describe(text, i)}");
            tokens.Add(token);
            i += token.Source.Length;
        }
        tokens.Add(new CqlToken(CqlTokenKind.End, "", text.Length + 1, ""));
        return tokens;
    }

    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !IsIdentifierStart(name, 0)) return false;
        return IdentifierLength(name, 0) == name.Length;
    }

    private static CqlToken Identifier(string text, int start)
    {
        string word = text.Substring(start, IdentifierLength(text, start));
        return new CqlToken(CqlTokenKind.Identifier, word, start + 1, word);
    }

    private static int IdentifierLength(string text, int start)
    {
        int i = start + CharLength(text, start);
        while (i < text.Length && (IsIdentifierStart(text, i) || IsIdentifierPart(text[i]))) i += CharLength(text, i);
        return i - start;
    }

    private static bool IsIdentifierStart(string text, int i)
    {
        char c = text[i];
        return c is ':' or '_' or '\u200C' or '\u200D'
            || char.IsLetter(c)
            || (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]));
    }

    private static bool IsIdentifierPart(char c) =>
        c == '.' || char.IsAsciiDigit(c) || c is >= '\u0300' and <= '\u036F' or '\u203F' or '\u2040'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static int CharLength(string text, int i) => char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;

    private static CqlToken QuotedIdentifier(string text, int start)
    {
        int end = text.IndexOf('"', start + 1);
        if (end < 0) throw CqlErrors.At($"position {start + 1}", "Unterminated quoted property name: expected a closing '\"'");
        if (end == start + 1) throw CqlErrors.At($"position {start + 1}", "Empty quoted property name \"\"");
        string source = text[start..(end + 1)];
        return new CqlToken(CqlTokenKind.QuotedIdentifier, source[1..^1], start + 1, source);
    }

    private static CqlToken String(string text, int start)
    {
        var value = new StringBuilder();
        int i = start + 1;
        while (true)
        {
            if (i >= text.Length)
                throw CqlErrors.At($"position {start + 1}", "Unterminated string: expected a closing \"'\" (write '' or \\' for a quote inside)");
            char c = text[i];
            bool escape = (c == '\'' || c == '\\') && i + 1 < text.Length && text[i + 1] == '\'';
            if (c == '\'' && !escape) break;
            value.Append(escape ? '\'' : c);
            i += escape ? 2 : 1;
        }
        return new CqlToken(CqlTokenKind.String, value.ToString(), start + 1, text[start..(i + 1)]);
    }

    private static CqlToken Number(string text, int start)
    {
        int i = start;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.') i++;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            int exponent = i + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-') exponent++;
            if (exponent < text.Length && char.IsAsciiDigit(text[exponent]))
            {
                i = exponent;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            }
        }
        string source = text[start..i];
        double value = double.Parse(source, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
            throw CqlErrors.At($"position {start + 1}", $"Number '{(source.Length > 40 ? source[..40] + "…" : source)}' is out of range");
        return new CqlToken(CqlTokenKind.Number, source, start + 1, source, value);
    }

    private static CqlToken Symbol(string text, int start)
    {
        char c = text[start];
        char next = start + 1 < text.Length ? text[start + 1] : '\0';
        string symbol = (c, next) switch
        {
            ('<', '>') => "<>",
            ('<', '=') => "<=",
            ('>', '=') => ">=",
            _ => c.ToString(),
        };
        return new CqlToken(CqlTokenKind.Symbol, symbol, start + 1, symbol);
    }

    private static string Describe(string text, int i)
    {
        char c = text[i];
        return char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : $"'{c}'";
    }
}
