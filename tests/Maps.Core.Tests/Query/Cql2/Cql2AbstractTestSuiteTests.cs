using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Core.Query.Cql2;

namespace Maps.Core.Tests.Query.Cql2;

/// <summary>
/// The abstract test suite of CQL2 (OGC 21-065r2 Annex A) on its own test dataset: every predicate
/// with an expected count, the logical combinations with theirs, and the invariants the suite asks
/// of every queryable. Each count is taken through the query planner (index, counters, paging) and
/// compared with the standard's number and with a feature-by-feature evaluation.
/// </summary>
public class Cql2AbstractTestSuiteTests
{
    public static TheoryData<string, string, string, int> Predicates()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var row in Cql2TestData.Rows("ats-predicates.tsv"))
            data.Add(row[0], row[1], row[2], int.Parse(row[3]));
        return data;
    }

    [Theory]
    [MemberData(nameof(Predicates))]
    public void Predicate_matches_the_standards_count(string conformanceClass, string source, string predicate, int expected)
    {
        var layer = Cql2TestData.Layer(source);
        Assert.True(expected == Count(layer, predicate), $"{conformanceClass}: {predicate} on {source}");
        Assert.Equal(expected, BruteForceCount(layer, predicate));
    }

    public static TheoryData<string, string, string, string, int> Combinations()
    {
        var data = new TheoryData<string, string, string, string, int>();
        foreach (var row in Cql2TestData.Rows("ats-combinations.tsv"))
            data.Add(row[0], row[1], row[2], row[3], int.Parse(row[4]));
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Logical_combination_matches_the_standards_count(string p1, string p2, string p3, string p4, int expected)
    {
        string filter = $"(NOT ({p2}) AND {p1}) OR ({p3} and {p4}) or not ({p1} OR {p4})";
        Assert.Equal(expected, Count(Cql2TestData.Layer("ne_110m_populated_places_simple"), filter));
    }

    /// <summary>/conf/basic-cql2/comparison and is-null: complementary operators never share an item, on every queryable.</summary>
    [Fact]
    public void Complementary_comparisons_share_no_item_on_any_queryable()
    {
        int checkedQueryables = 0;
        foreach (var layer in Cql2TestData.Layers)
        {
            foreach (var queryable in layer.Metadata.Queryables)
            {
                string name = $"\"{queryable.Name}\"";
                var pairs = new List<(string, string)> { ($"{name} IS NULL", $"{name} IS NOT NULL") };
                if (ValueFor(queryable.Kind) is { } value)
                    pairs.AddRange([($"{name} = {value}", $"{name} <> {value}"), ($"{name} > {value}", $"{name} <= {value}"), ($"{name} < {value}", $"{name} >= {value}")]);
                foreach (var (a, b) in pairs)
                {
                    var first = Ids(layer, a);
                    var second = Ids(layer, b);
                    Assert.False(first.Overlaps(second), $"{layer.Id}: {a} and {b} share an item");
                    if (a.EndsWith("IS NULL"))
                        Assert.Equal(layer.Count, first.Count + second.Count);
                }
                checkedQueryables++;
            }
            Assert.Empty(Ids(layer, "false"));
            Assert.Equal(layer.Count, Ids(layer, "true").Count);
        }
        Assert.True(checkedQueryables > 40, $"only {checkedQueryables} queryables");
    }

    /// <summary>
    /// /conf/*/logical: random combinations of the stored predicates, checked against CQL2's
    /// three-valued logic computed here from each predicate's own TRUE / FALSE / NULL per feature.
    /// </summary>
    [Fact]
    public void Random_combinations_follow_three_valued_logic()
    {
        var random = new Random(20261201);
        var bySource = Cql2TestData.Rows("ats-predicates.tsv").GroupBy(r => r[1], r => r[2]).ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var (source, predicates) in bySource)
        {
            var layer = Cql2TestData.Layer(source);
            for (int round = 0; round < 25; round++)
            {
                var p = Enumerable.Range(0, 4).Select(_ => predicates[random.Next(predicates.Length)]).ToArray();
                string filter = $"((NOT ({p[0]}) AND ({p[1]})) OR (({p[2]}) and NOT ({p[3]})) or not (({p[0]}) AND ({p[3]})))";
                var truth = p.Select(x => Truth(layer, x)).ToArray();
                int expected = layer.ReadAll().Count(f =>
                {
                    bool?[] t = truth.Select(map => map[f.Id]).ToArray();
                    return Or(Or(And(Not(t[0]), t[1]), And(t[2], Not(t[3]))), Not(And(t[0], t[3]))) == true;
                });
                Assert.True(expected == Count(layer, filter), $"{source}: {filter}");
            }
        }
    }

    private static string? ValueFor(QueryableKind kind) => kind switch
    {
        QueryableKind.String => "'foo'",
        QueryableKind.Boolean => "true",
        QueryableKind.Number => "3.14",
        QueryableKind.Integer => "1",
        QueryableKind.Timestamp => "TIMESTAMP('2022-04-14T14:48:46Z')",
        QueryableKind.Date => "DATE('2022-04-14')",
        _ => null,
    };

    internal static int Count(Layer layer, string filter) =>
        LayerQuery.Execute(layer, new FeatureQuery { Filter = CqlTextParser.Parse(filter), Limit = 5 }).NumberMatched;

    internal static int BruteForceCount(Layer layer, string filter)
    {
        var predicate = CqlCompiler.CompilePredicate(CqlTextParser.Parse(filter), layer.Metadata);
        return layer.ReadAll().Count(predicate);
    }

    private static HashSet<string> Ids(Layer layer, string filter)
    {
        var predicate = CqlCompiler.CompilePredicate(CqlTextParser.Parse(filter), layer.Metadata);
        return layer.ReadAll().Where(predicate).Select(f => f.Id).ToHashSet();
    }

    /// <summary>TRUE where the predicate holds, FALSE where its negation does, NULL where neither.</summary>
    private static Dictionary<string, bool?> Truth(Layer layer, string predicate)
    {
        var holds = Ids(layer, predicate);
        var fails = Ids(layer, $"NOT ({predicate})");
        return layer.ReadAll().ToDictionary(f => f.Id, f => holds.Contains(f.Id) ? true : fails.Contains(f.Id) ? false : (bool?)null);
    }

    private static bool? Not(bool? a) => a is bool b ? !b : null;
    private static bool? And(bool? a, bool? b) => a == false || b == false ? false : a is null || b is null ? null : true;
    private static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a is null || b is null ? null : false;
}
