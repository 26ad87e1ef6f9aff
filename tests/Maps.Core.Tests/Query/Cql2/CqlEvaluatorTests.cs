using Maps.Core.Layers;
using static Maps.Core.Tests.Query.Cql2.CqlEvaluation;

namespace Maps.Core.Tests.Query.Cql2;

/// <summary>
/// The evaluator against expectations computed here with LINQ over the same random rows:
/// /conf/property-property, /conf/arithmetic, /conf/array-functions, and the type errors a filter
/// gets at compile time. Every check covers TRUE, FALSE (the NOT) and NULL (neither).
/// </summary>
public sealed class CqlEvaluatorTests
{
    public sealed record Row(double? A, double? B, string? S1, string? S2, bool? Flag, string[]? Tags);

    private static Row[] Rows(int seed, int count = 400)
    {
        var random = new Random(seed);
        double? Number() => random.Next(8) == 0 ? null : random.Next(-12, 13);
        string? Text() => random.Next(8) == 0 ? null : new string("abc"[random.Next(3)], random.Next(1, 3));
        string[]? Tags() => random.Next(10) == 0 ? null : Enumerable.Range(0, random.Next(0, 5)).Select(_ => "abcde"[random.Next(5)].ToString()).ToArray();
        return Enumerable.Range(0, count).Select(_ => new Row(Number(), Number(), Text(), Text(), random.Next(5) == 0 ? null : random.Next(2) == 0, Tags())).ToArray();
    }

    private static Dictionary<string, object?> Properties(Row r) =>
        new() { ["a"] = r.A, ["b"] = r.B, ["s1"] = r.S1, ["s2"] = r.S2, ["flag"] = r.Flag, ["tags"] = r.Tags, ["label"] = "x" };

    private static readonly Row[] Data = Rows(1);
    private static readonly Layer Random1 = Layer(Data, Properties);

    private static bool? Both<T>(T? x, T? y, Func<T, T, bool> test) where T : struct => x is { } a && y is { } b ? test(a, b) : null;

    private static bool? BothText(string? x, string? y, Func<int, bool> test) => x is null || y is null ? null : test(string.CompareOrdinal(x, y));

    // ---- property-property ----

    [Fact]
    public void Property_property_comparisons()
    {
        AssertTruth(Random1, Data, "a < b", r => Both(r.A, r.B, (a, b) => a < b));
        AssertTruth(Random1, Data, "b = a", r => Both(r.A, r.B, (a, b) => a == b));
        AssertTruth(Random1, Data, "a >= b", r => Both(r.A, r.B, (a, b) => a >= b));
        AssertTruth(Random1, Data, "a <> b", r => Both(r.A, r.B, (a, b) => a != b));
        AssertTruth(Random1, Data, "3 < a", r => r.A is { } a ? 3 < a : null);
        AssertTruth(Random1, Data, "-3 >= a", r => r.A is { } a ? -3 >= a : null);
        AssertTruth(Random1, Data, "s1 <> s2", r => BothText(r.S1, r.S2, c => c != 0));
        AssertTruth(Random1, Data, "s1 = s2", r => BothText(r.S1, r.S2, c => c == 0));
        AssertTruth(Random1, Data, "s2 < s1", r => BothText(r.S2, r.S1, c => c < 0));
        AssertTruth(Random1, Data, "'b' <= s1", r => r.S1 is null ? null : string.CompareOrdinal("b", r.S1) <= 0);
        AssertTruth(Random1, Data, "flag = TRUE", r => r.Flag);
        AssertTruth(Random1, Data, "FALSE = flag", r => r.Flag is { } f ? !f : null);
        AssertTruth(Random1, Data, "flag", r => r.Flag);
    }

    /// <summary>The ATS of /conf/property-property: a queryable against itself, and literals against literals.</summary>
    [Fact]
    public void A_property_equals_itself_and_literals_compare()
    {
        foreach (var p in new[] { "a", "b", "s1", "s2", "flag" })
        {
            var notNull = Ids(Random1, $"{p} IS NOT NULL");
            foreach (var op in new[] { "<>", "<", ">" })
                Assert.Empty(Ids(Random1, $"{p} {op} {p}"));
            foreach (var op in new[] { "=", ">=", "<=" })
                Assert.Equal(notNull, Ids(Random1, $"{p} {op} {p}"));
        }
        foreach (var value in new[] { "'foo'", "true", "3.14", "1", "TIMESTAMP('2022-04-14T14:48:46Z')", "DATE('2022-04-14')" })
        {
            Assert.Equal(Data.Length, Ids(Random1, $"{value} = {value}").Count);
            Assert.Equal(Data.Length, Ids(Random1, $"{value} >= {value}").Count);
            Assert.Empty(Ids(Random1, $"{value} <> {value}"));
            Assert.Empty(Ids(Random1, $"{value} < {value}"));
        }
        Assert.Equal(Data.Length, Ids(Random1, "'a' < 'b' AND 2 > 1 AND DATE('2022-04-14') < TIMESTAMP('2022-04-14T00:00:01Z')").Count);
    }

    // ---- arithmetic ----

    private static bool? Num(double? x, Func<double, bool> test) => x is { } v && double.IsFinite(v) ? test(v) : null;

    [Fact]
    public void Arithmetic_follows_csharp_on_the_same_numbers()
    {
        AssertTruth(Random1, Data, "a + b * 2 > 10", r => Num(r.A + r.B * 2, v => v > 10));
        AssertTruth(Random1, Data, "(a + b) * 2 > 10", r => Num((r.A + r.B) * 2, v => v > 10));
        AssertTruth(Random1, Data, "a - b - 3 = 0", r => Num(r.A - r.B - 3, v => v == 0));
        AssertTruth(Random1, Data, "a - (b - 3) = 0", r => Num(r.A - (r.B - 3), v => v == 0));
        AssertTruth(Random1, Data, "(a - b) / 2 = 1.5", r => Num((r.A - r.B) / 2, v => v == 1.5));
        AssertTruth(Random1, Data, "a / 4 * 2 = a / 2", r => r.A is { } a ? a / 4 * 2 == a / 2 : null);
        AssertTruth(Random1, Data, "a - -b = a + b", r => Both(r.A, r.B, (a, b) => a - -b == a + b));
        AssertTruth(Random1, Data, "a % 3 = 1", r => Num(r.A % 3, v => v == 1));
        AssertTruth(Random1, Data, "a * 2 % 5 = 1", r => Num(r.A * 2 % 5, v => v == 1));
        AssertTruth(Random1, Data, "b > 0 AND a div b = 2", r => r.B is not { } b ? null : b <= 0 ? false : r.A is { } a ? Math.Truncate(a / b) == 2 : null);
        AssertTruth(Random1, Data, "a >= 0 AND a div 2 = 3", r => r.A is not { } a ? null : a < 0 ? false : a / 2 >= 3 && a / 2 < 4);
        AssertTruth(Random1, Data, "2 ^ 3 = 8", _ => true);
        AssertTruth(Random1, Data, "2 ^ a > 100", r => Num(r.A is { } a ? Math.Pow(2, a) : null, v => v > 100));
        AssertTruth(Random1, Data, "a ^ 2 = a * a", r => r.A is { } a ? true : null);
        AssertTruth(Random1, Data, "3 * 2 ^ 2 = 12 AND 2 + 3 * 4 - 6 / 2 = 11", _ => true);
        AssertTruth(Random1, Data, "a BETWEEN b - 1 AND b + 1", r => Both(r.A, r.B, (a, b) => b - 1 <= a && a <= b + 1));
        AssertTruth(Random1, Data, "a IN (b * 2, b + 1)", r => Both(r.A, r.B, (a, b) => a == b * 2 || a == b + 1));
    }

    [Fact]
    public void Division_by_zero_and_null_operands_are_null()
    {
        foreach (var filter in new[] { "a / 0 = 1", "a / (b - b) > 0", "a % 0 = 0", "a div 0 = 0", "0 ^ -1 > 0", "a + b * 0 = a" })
        {
            bool? Expected(Row r) => filter switch
            {
                "a + b * 0 = a" => Both(r.A, r.B, (_, _) => true),
                _ => null,
            };
            AssertTruth(Random1, Data, filter, Expected);
        }
        AssertTruth(Random1, Data, "(a / 0) IS NULL", _ => true);
        AssertTruth(Random1, Data, "(a + b) IS NULL", r => r.A is null || r.B is null);
    }

    /// <summary>Random flat expressions over + - * / %, against a two-level precedence evaluator written here.</summary>
    [Fact]
    public void Arithmetic_precedence_on_random_expressions()
    {
        var random = new Random(5);
        string[] ops = ["+", "-", "*", "/", "%"];
        var layer = Layer(Data, Properties);
        for (int round = 0; round < 60; round++)
        {
            var operands = Enumerable.Range(0, 4).Select(_ => random.Next(3) == 0 ? (random.Next(2) == 0 ? "a" : "b") : random.Next(1, 9).ToString()).ToArray();
            var operators = Enumerable.Range(0, 3).Select(_ => ops[random.Next(ops.Length)]).ToArray();
            string expression = operands[0] + string.Concat(operators.Select((op, i) => $" {op} {operands[i + 1]}"));
            double threshold = random.Next(-20, 21);
            AssertTruth(layer, Data, $"{expression} > {Literal(threshold)}", r =>
            {
                double? Value(string operand) => operand == "a" ? r.A : operand == "b" ? r.B : double.Parse(operand);
                var values = operands.Select(Value).ToArray();
                if (values.Any(v => v is null))
                    return null;
                // Terms: left-to-right products/quotients/remainders; then the sum of terms, left to right.
                var terms = new List<double> { values[0]!.Value };
                var signs = new List<int> { 1 };
                for (int i = 0; i < 3; i++)
                {
                    double v = values[i + 1]!.Value;
                    switch (operators[i])
                    {
                        case "+": terms.Add(v); signs.Add(1); break;
                        case "-": terms.Add(v); signs.Add(-1); break;
                        case "*": terms[^1] *= v; break;
                        case "/": if (v == 0) return null; terms[^1] /= v; break;
                        default: if (v == 0) return null; terms[^1] %= v; break;
                    }
                }
                double total = terms[0];
                for (int i = 1; i < terms.Count; i++)
                    total += signs[i] * terms[i];
                return double.IsFinite(total) ? total > threshold : null;
            });
        }
    }

    [Theory]
    [InlineData("pop_other=1038280+8", 1)]
    [InlineData("pop_other>=1038290-2*2^0", 123)]
    [InlineData("pop_other>1038290-20/10", 122)]
    [InlineData("pop_other>1038290-21 div 10", 122)]
    [InlineData("pop_other>1038290-5%2", 122)]
    [InlineData("pop_other<=1038200+8*11", 121)]
    [InlineData("pop_other<1038280+2^3", 120)]
    [InlineData("pop_other<>1038290-2^1", 242)]
    [InlineData("pop_other between 4000000/4 and (3*(900000+100000))", 75)]
    [InlineData("pop_other not between 4000000/4 and (3*(900000+100000))", 168)]
    [InlineData("pop_other in (1000000+38288,1000000+600000+11692,3*1000000+13258,3*1000000+13257,30*100000+13259)", 3)]
    [InlineData("pop_other not in (1000000+38288,1000000+600000+11692,3*1000000+13258,3*1000000+13257,30*100000+13259)", 240)]
    [InlineData("1038280+8=pop_other", 1)]
    public void Standard_arithmetic_ats_counts(string filter, int expected) =>
        Assert.Equal(expected, Ids(Cql2TestData.Layer("ne_110m_populated_places_simple"), filter).Count);

    // ---- arrays ----

    private static readonly string[][] ArrayLiterals =
        [[], ["a"], ["a", "b"], ["b", "a", "a"], ["c", "d", "e"], ["e", "e"], ["a", "b", "c", "d", "e"], ["z"], ["a", "z", "a"]];

    private static string ArrayText(string[] items) => "(" + string.Join(", ", items.Select(Quote)) + ")";

    [Fact]
    public void Array_functions_are_set_relations()
    {
        foreach (var literal in ArrayLiterals)
        {
            var set = literal.ToHashSet();
            string text = ArrayText(literal);
            AssertTruth(Random1, Data, $"A_EQUALS(tags, {text})", r => r.Tags?.ToHashSet().SetEquals(set));
            AssertTruth(Random1, Data, $"A_CONTAINS(tags, {text})", r => r.Tags?.ToHashSet().IsSupersetOf(set));
            AssertTruth(Random1, Data, $"A_CONTAINEDBY(tags, {text})", r => r.Tags?.ToHashSet().IsSubsetOf(set));
            AssertTruth(Random1, Data, $"A_OVERLAPS(tags, {text})", r => r.Tags?.ToHashSet().Overlaps(set));
            // The literal first: the converse relations.
            AssertTruth(Random1, Data, $"A_CONTAINS({text}, tags)", r => r.Tags?.ToHashSet().IsSubsetOf(set));
            AssertTruth(Random1, Data, $"A_CONTAINEDBY({text}, tags)", r => r.Tags?.ToHashSet().IsSupersetOf(set));
            AssertTruth(Random1, Data, $"A_OVERLAPS({text}, tags)", r => r.Tags?.ToHashSet().Overlaps(set));
            AssertTruth(Random1, Data, $"A_EQUALS({text}, tags)", r => r.Tags?.ToHashSet().SetEquals(set));
            foreach (var other in ArrayLiterals)
            {
                var second = other.ToHashSet();
                AssertTruth(Random1, Data, $"A_CONTAINS({text}, {ArrayText(other)})", _ => set.IsSupersetOf(second));
                AssertTruth(Random1, Data, $"A_OVERLAPS({text}, {ArrayText(other)})", _ => set.Overlaps(second));
            }
        }
        AssertTruth(Random1, Data, "A_EQUALS(tags, tags)", r => r.Tags is null ? null : true);
        AssertTruth(Random1, Data, "A_OVERLAPS(tags, tags)", r => r.Tags is null ? null : r.Tags.Length > 0);
    }

    [Fact]
    public void Array_elements_compare_by_value_and_type()
    {
        object?[][] values = [[1, 2], [2.0, 1, 1], ["1", "2"], [true], [1, "1"], []];
        var layer = Layer(values, v => new() { ["v"] = v });
        AssertTruth(layer, values, "A_EQUALS(v, (1, 2))", v => v.Length > 0 && v.All(x => x is int or double));
        AssertTruth(layer, values, "A_CONTAINS(v, ('1'))", v => v.Contains("1"));
        AssertTruth(layer, values, "A_CONTAINS(v, (TRUE))", v => v.Contains(true));
        AssertTruth(layer, values, "A_OVERLAPS(v, (1, '2'))", v => v.Any(x => x is int i && i == 1 || x is double d && d == 1 || x is "2"));
    }

    [Fact]
    public void A_value_that_is_not_an_array_is_null()
    {
        object?[] values = [new[] { "a" }, "a", 3, null, new[] { "b", "a" }];
        var layer = Layer(values, v => new() { ["v"] = v }, adjust: q => q.Name == "v" ? q with { Type = "array" } : q);
        foreach (var f in new[] { "A_CONTAINS(v, ('a'))", "A_CONTAINEDBY(v, ('a', 'b'))", "A_OVERLAPS(v, ('a', 'x'))", "A_EQUALS(v, ('a'))" })
            AssertTruth(layer, values, f, v => v is string[] s ? f switch
            {
                "A_EQUALS(v, ('a'))" => s.Length == 1,
                _ => true,
            } : null);
    }

    // ---- type errors ----

    [Theory]
    [InlineData("s1 = 3", "s1", "3")]
    [InlineData("a = 'x'", "a", "'x'")]
    [InlineData("a LIKE 'x%'", "a", "a")]
    [InlineData("S_INTERSECTS(s1, POINT(0 0))", "s1", "s1")]
    [InlineData("nope = 1", "nope", "nope")]
    [InlineData("a = 1 AND missing IS NULL", "missing", "missing")]
    [InlineData("FOO(a) = 1", "FOO", "FOO")]
    [InlineData("a + s1 > 1", "s1", "s1")]
    [InlineData("A_CONTAINS(a, ('x'))", "a", "a,")]
    [InlineData("T_AFTER(a, DATE('2020-01-01'))", "a", "a,")]
    [InlineData("CASEI(a) = 'x'", "a", "a)")]
    [InlineData("s1 IN (1, 2)", "s1", "1,")]
    [InlineData("a BETWEEN 'a' AND 3", "'a'", "'a'")]
    [InlineData("s1", "s1", "s1")]
    [InlineData("a AND flag", "a", "a")]
    public void Type_errors_are_reported_at_compile_time(string filter, string named, string at)
    {
        var error = CompileError(Random1, filter);
        Assert.Equal("filter", error.Parameter);
        Assert.Contains(named, error.Message);
        Assert.Contains($"position {filter.IndexOf(at, StringComparison.Ordinal) + 1})", error.Message);
    }
}
