using CsCheck;
using Maps.Core.Query;
using Maps.Core.Query.Cql2;
using Maps.Core.Tests.Fuzz;

namespace Maps.Core.Tests.Query.Cql2;

/// <summary>
/// Whatever arrives as a filter, the parsers return a tree or throw <see cref="InvalidParameterException"/>
/// on <c>filter</c>; nothing else. Inputs: random text, token soup, and the standard's examples with
/// characters and tokens deleted, inserted, swapped and duplicated.
/// </summary>
public sealed class CqlFuzzTests
{
    private static readonly string[] Pieces =
    [
        "(", ")", "((", "))", ",", "'", "''", "\\'", "\"", " ", "-", "+", "*", "/", "^", "%", "=", "<", ">", "<>", "<=", ">=",
        "AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL", "DIV", "TRUE", "FALSE", "CASEI", "ACCENTI",
        "DATE", "TIMESTAMP", "INTERVAL", "BBOX", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "GEOMETRYCOLLECTION", "Z",
        "S_INTERSECTS", "T_AFTER", "A_CONTAINS", "isNull", "f", "x", "\"x\"", "'..'", "'2020-02-29'", "'2020-01-01T00:00:00Z'",
        "0", "1", "-1", ".5", "1e400", "1e-400", "1E", "179", "181", "-90.5", "9999999999999999999999", "\0", "\u00e9", "\ud83d", "\ud83d\ude00",
        "[", "]", "{", "}", ":", "\"op\"", "\"args\"", "\"property\"", "\"type\"", "\"coordinates\"", "\"interval\"", "\"bbox\"", "\"..\"",
        "null", "[]", "{}", "\\", "\\u0000", "\"Point\"", "\"GeometryCollection\"", "\"geometries\"",
    ];

    private static readonly Gen<string> Piece = Gen.OneOf(Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i]), Gen.Char.Select(c => c.ToString()));

    private static Gen<string> Mutated(string[] corpus) =>
        from example in Gen.Int[0, corpus.Length - 1]
        from mutations in Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[1, 12], Piece).Array[1, 4]
        select mutations.Aggregate(corpus[example], (text, m) => Mutate(text, m.Item1, m.Item2, m.Item3, m.Item4));

    private static string Mutate(string text, int kind, int seed, int length, string piece)
    {
        if (text.Length == 0) return piece;
        int at = seed % text.Length;
        int span = Math.Min(length, text.Length - at);
        return kind switch
        {
            0 => text.Remove(at, 1),
            1 => text.Insert(at, piece),
            2 when at + 1 < text.Length => string.Concat(text.AsSpan(0, at), text.AsSpan(at + 1, 1), text.AsSpan(at, 1), text.AsSpan(at + 2)),
            3 => text.Remove(at, span),
            _ => text.Insert(seed / text.Length % text.Length, text.Substring(at, span)),
        };
    }

    private static void Text(string text) => ParsesOrRejects(text, CqlTextParser.Parse, roundTrips: _ => true);

    private static void Json(string json) => ParsesOrRejects(json, CqlJsonParser.Parse, roundTrips: tree => !HasNoText(tree));

    /// <summary>The input parses or is a 400 on 'filter'; a parsed tree's canonical text (where text can write it) parses to the same text.</summary>
    private static void ParsesOrRejects(string input, Func<string, CqlExpression> parse, Func<CqlExpression, bool> roundTrips)
    {
        CqlExpression tree;
        try
        {
            tree = parse(input);
        }
        catch (InvalidParameterException e)
        {
            Assert.Equal("filter", e.Parameter);
            return;
        }
        string canonical = CqlText.Write(tree);
        if (roundTrips(tree))
            Assert.Equal(canonical, CqlText.Write(CqlTextParser.Parse(canonical)));
    }

    /// <summary>
    /// What CQL2 text cannot say: a one-element array other than an A_* operand or an IN list (text
    /// reads <c>(x)</c> there as x), and a string with a backslash before a quote or at its end.
    /// </summary>
    private static bool HasNoText(CqlExpression tree, bool arrayExpected = false) => tree switch
    {
        CqlArray array => (array.Items.Count == 1 && !arrayExpected) || array.Items.Any(item => HasNoText(item)),
        CqlOperation op => op.Args.Select((arg, i) => HasNoText(arg, CqlOpsArray(op.Op) || (op.Op == "in" && i == 1))).Any(b => b),
        CqlInterval interval => new[] { interval.Start, interval.End }.Any(end => end is not null && HasNoText(end)),
        CqlString s => s.Value.EndsWith('\\') || s.Value.Contains("\\'"),
        _ => false,
    };

    private static bool CqlOpsArray(string op) => op is "a_equals" or "a_contains" or "a_containedBy" or "a_overlaps";

    [Fact]
    public void Random_text_parses_or_is_rejected_cleanly()
    {
        Gen.OneOf(
                Gen.String[Gen.Char, 0, 60],
                Gen.String[Gen.Char["()',\"=<>-+*/^%.:_ 0123456789eEZaAnNdDoOrRtT\\"], 0, 40],
                Piece.Array[0, 24].Select(pieces => string.Join(" ", pieces)))
            .Sample(Text, iter: FuzzIterations.For(20_000));
    }

    [Fact]
    public void Mutated_text_examples_parse_or_are_rejected_cleanly()
    {
        Mutated(Cql2Examples.Texts).Sample(Text, iter: FuzzIterations.For(20_000));
    }

    [Fact]
    public void Random_json_parses_or_is_rejected_cleanly()
    {
        Gen.OneOf(
                Gen.String[Gen.Char, 0, 60],
                Piece.Array[0, 24].Select(string.Concat))
            .Sample(Json, iter: FuzzIterations.For(20_000));
    }

    [Fact]
    public void Mutated_json_examples_parse_or_are_rejected_cleanly()
    {
        Mutated(Cql2Examples.Jsons).Sample(Json, iter: FuzzIterations.For(20_000));
    }
}
