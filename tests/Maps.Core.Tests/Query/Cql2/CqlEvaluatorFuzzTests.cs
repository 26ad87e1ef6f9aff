using System.Globalization;
using CsCheck;
using Maps.Core.Query;
using Maps.Core.Query.Cql2;
using Maps.Core.Tests.Fuzz;
using NetTopologySuite.Geometries;
using static Maps.Core.Tests.Query.Cql2.CqlEvaluation;

namespace Maps.Core.Tests.Query.Cql2;

/// <summary>
/// Random well-formed CQL2 text from a small grammar over a random layer's real queryables (every
/// node kind, literals of wrong types too): compiling may only answer a 400, evaluating never
/// throws, and <c>p</c> and <c>NOT p</c> never both hold for a feature, nor does <c>p AND NOT p</c>.
/// </summary>
public sealed class CqlEvaluatorFuzzTests
{
    private static readonly Maps.Core.Layers.Layer FuzzLayer = BuildLayer();

    private static Maps.Core.Layers.Layer BuildLayer()
    {
        var random = new Random(99);
        var origin = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        object? Maybe(Func<object?> value) => random.Next(6) == 0 ? null : value();
        return Layer(Enumerable.Range(0, 150).ToArray(), _ => new()
        {
            ["a"] = Maybe(() => random.Next(-5, 6)),
            ["x"] = Maybe(() => Math.Round(random.NextDouble() * 10 - 5, 2)),
            ["s"] = Maybe(() => new[] { "São", "sao", "ß", "", "a_b", "%", "Zürich" }[random.Next(7)]),
            ["flag"] = Maybe(() => random.Next(2) == 0),
            ["d"] = Maybe(() => origin.AddDays(random.Next(5)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ["ts"] = Maybe(() => origin.AddHours(random.Next(120)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            ["tags"] = Maybe(() => Enumerable.Range(0, random.Next(4)).Select(_ => "abc"[random.Next(3)].ToString()).ToArray()),
            ["nothing"] = null,
        }, _ => random.Next(3) switch
        {
            0 => Factory.CreatePoint(new Coordinate(random.Next(-3, 4), random.Next(-3, 4))),
            1 => Factory.CreateLineString([new(random.Next(-3, 4), 0), new(random.Next(-3, 4), random.Next(1, 4))]),
            _ => Factory.ToGeometry(new Envelope(random.Next(-3, 1), random.Next(1, 4), random.Next(-3, 1), random.Next(1, 4))),
        });
    }

    private sealed class Grammar(Random r)
    {
        private string Pick(params string[] options) => options[r.Next(options.Length)];

        public string Number(int depth) => r.Next(depth <= 0 ? 3 : 6) switch
        {
            0 => Pick("a", "x", "nothing"),
            1 => Pick("0", "1", "-2", "2.5", "1e300", "-0"),
            2 => Pick("s", "'1'", "TRUE", "d", "tags"),
            _ => $"({Number(depth - 1)} {Pick("+", "-", "*", "/", "%", "div", "^")} {Number(depth - 1)})",
        };

        public string Text(int depth) => r.Next(depth <= 0 ? 3 : 5) switch
        {
            0 => Pick("s", "id", "nothing"),
            1 => Pick("'São'", "'sao'", "''", "'ẞ'", "'%'", "'a\\_b'"),
            2 => Pick("a", "1", "flag"),
            _ => $"{Pick("CASEI", "ACCENTI")}({Text(depth - 1)})",
        };

        public string Instant() => r.Next(4) switch
        {
            0 => Pick("d", "ts", "nothing"),
            1 => Pick("DATE('2020-01-02')", "TIMESTAMP('2020-01-03T12:00:00Z')", "TIMESTAMP('2020-01-01T00:00:00+02:00')"),
            2 => Pick("s", "a", "'2020-01-01'"),
            _ => $"INTERVAL({Pick("d", "ts", "'..'", "DATE('2020-01-02')", "a")}, {Pick("d", "ts", "'..'", "TIMESTAMP('2020-01-04T00:00:00Z')")})",
        };

        public string Array() => r.Next(4) switch
        {
            0 => Pick("tags", "nothing", "s"),
            1 => Pick("()", "('a')", "('a', 'a', 'b')", "('c', 'b', 'a', 'z')"),
            2 => Pick("(1, 2)", "('a', 1, TRUE)", "(('a'), 'b')"),
            _ => Pick("(s, 'a')", "(a, x)"),
        };

        public string Geometry() => r.Next(3) switch
        {
            0 => Pick("geom", "s", "nothing"),
            1 => Pick("POINT(0 0)", "LINESTRING(-2 -2, 2 2)", "POLYGON((-1 -1, 1 -1, 1 1, -1 1, -1 -1))", "BBOX(-2, -2, 2, 2)", "BBOX(2, -2, -2, 2)",
                "MULTIPOINT((0 0), (1 1))", "GEOMETRYCOLLECTION(POINT(0 0), LINESTRING(0 0, 1 1))", "POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))"),
            _ => Pick("'POINT(0 0)'", "1"),
        };

        private string Scalar(int depth) => r.Next(4) switch
        {
            0 => Number(depth),
            1 => Text(depth),
            2 => Instant(),
            _ => Pick("flag", "TRUE", "geom", "tags"),
        };

        public string Boolean(int depth)
        {
            if (depth <= 0)
                return Pick("flag", "TRUE", "FALSE", "nothing", "a", $"{Number(0)} = {Number(0)}");
            return r.Next(14) switch
            {
                0 => $"{Scalar(depth - 1)} {Pick("=", "<>", "<", ">", "<=", ">=")} {Scalar(depth - 1)}",
                1 => $"{Number(depth - 1)} {Pick("=", "<", ">=")} {Number(depth - 1)}",
                2 => $"{Text(depth - 1)} {Pick("", "NOT ")}LIKE {Pick("'%a%'", "'S_o'", "casei('SÃ%')", "accenti(casei('%ß'))", "s", "'\\%'")}",
                3 => $"{Scalar(depth - 1)} {Pick("", "NOT ")}BETWEEN {Scalar(depth - 1)} AND {Scalar(depth - 1)}",
                4 => $"{Scalar(depth - 1)} {Pick("", "NOT ")}IN ({Scalar(depth - 1)}, {Scalar(depth - 1)})",
                5 => $"{Scalar(depth - 1)} IS {Pick("", "NOT ")}NULL",
                6 => $"{Pick("A_EQUALS", "A_CONTAINS", "A_CONTAINEDBY", "A_OVERLAPS")}({Array()}, {Array()})",
                7 => $"{Pick("T_AFTER", "T_BEFORE", "T_CONTAINS", "T_DISJOINT", "T_DURING", "T_EQUALS", "T_FINISHEDBY", "T_FINISHES", "T_INTERSECTS", "T_MEETS", "T_METBY", "T_OVERLAPPEDBY", "T_OVERLAPS", "T_STARTEDBY", "T_STARTS")}({Instant()}, {Instant()})",
                8 => $"{Pick("S_INTERSECTS", "S_EQUALS", "S_DISJOINT", "S_TOUCHES", "S_WITHIN", "S_OVERLAPS", "S_CROSSES", "S_CONTAINS")}({Geometry()}, {Geometry()})",
                9 or 10 => $"({Boolean(depth - 1)}) {Pick("AND", "OR")} ({Boolean(depth - 1)})",
                11 => $"NOT ({Boolean(depth - 1)})",
                12 => Pick("unknown_prop = 1", "F(a) = 1", "flag = TRUE", "TRUE", "nothing"),
                _ => Boolean(0),
            };
        }
    }

    private static void Check(string filter)
    {
        Func<Maps.Core.Layers.LayerFeature, bool> p, notP, both;
        try
        {
            var tree = CqlTextParser.Parse(filter);
            p = CqlCompiler.CompilePredicate(tree, FuzzLayer.Metadata);
        }
        catch (InvalidParameterException e)
        {
            Assert.Equal("filter", e.Parameter);
            return;
        }
        notP = CqlCompiler.CompilePredicate(CqlTextParser.Parse($"NOT ({filter})"), FuzzLayer.Metadata);
        both = CqlCompiler.CompilePredicate(CqlTextParser.Parse($"({filter}) AND NOT ({filter})"), FuzzLayer.Metadata);
        int matched = 0;
        foreach (var feature in FuzzLayer.ReadAll())
        {
            bool holds = p(feature), fails = notP(feature);
            Assert.False(holds && fails, $"{filter}: both it and its NOT hold for {feature.Id}");
            Assert.False(both(feature), $"{filter}: p AND NOT p holds for {feature.Id}");
            if (holds) matched++;
        }
        // The planner (region index, counters, paging) counts what the features say.
        Assert.Equal(matched, LayerQuery.Execute(FuzzLayer, new FeatureQuery { Filter = CqlTextParser.Parse(filter), Limit = 2 }).NumberMatched);
    }

    [Fact]
    public void Random_filters_compile_to_a_400_or_evaluate_without_throwing()
    {
        Gen.Int.Select(Gen.Int[0, 4]).Sample((seed, depth) => Check(new Grammar(new Random(seed)).Boolean(depth)), iter: FuzzIterations.For(1_500));
    }

    [Fact]
    public void The_grammar_reaches_the_evaluator_often()
    {
        int compiled = 0;
        var random = new Random(4);
        for (int i = 0; i < 500; i++)
        {
            try
            {
                CqlCompiler.CompilePredicate(CqlTextParser.Parse(new Grammar(random).Boolean(random.Next(1, 4))), FuzzLayer.Metadata);
                compiled++;
            }
            catch (InvalidParameterException)
            {
            }
        }
        Assert.True(compiled > 100, $"only {compiled} of 500 random filters compiled");
    }
}
