using System.Text.Json;
using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Core.Query.Cql2;
using NetTopologySuite.Geometries;

namespace Maps.Core.Tests.Query.Cql2;

/// <summary>
/// Small layers built in a test from C# values (queryables derived as on import), and the sets of
/// features a filter selects, TRUE and FALSE, to compare with what the test computes on its own.
/// </summary>
internal static class CqlEvaluation
{
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static Layer Layer(IEnumerable<(string Id, Geometry? Geometry, Dictionary<string, object?> Properties)> rows,
        Func<QueryableProperty, QueryableProperty>? adjust = null)
    {
        var features = rows.Select(r => (r.Id, r.Geometry ?? Factory.CreatePoint(new Coordinate(0, 0)), JsonSerializer.SerializeToElement(r.Properties))).ToList();
        var queryables = QueryableAccumulator.Derive(features.Select(f => f.Item3));
        var metadata = new CollectionMetadata
        {
            Id = "t", Title = "t", Description = "evaluator tests", License = "none", Attribution = "none", Source = "tests",
            GeometryType = "Geometry", GeometryQueryable = "geom",
            Queryables = adjust is null ? queryables : queryables.Select(adjust).ToArray(),
        };
        return TestLayers.From(metadata, features, "test");
    }

    public static Layer Layer<T>(IReadOnlyList<T> rows, Func<T, Dictionary<string, object?>> properties, Func<T, Geometry?>? geometry = null,
        Func<QueryableProperty, QueryableProperty>? adjust = null) =>
        Layer(rows.Select((row, i) => ($"f{i:D4}", geometry?.Invoke(row), properties(row))), adjust);

    /// <summary>The ids the filter selects, feature by feature; the planner (index, counters) must agree on the count.</summary>
    public static SortedSet<string> Ids(Layer layer, string filter)
    {
        var predicate = CqlCompiler.CompilePredicate(CqlTextParser.Parse(filter), layer.Metadata);
        var ids = new SortedSet<string>(layer.ReadAll().Where(predicate).Select(f => f.Id), StringComparer.Ordinal);
        int planned = LayerQuery.Execute(layer, new FeatureQuery { Filter = CqlTextParser.Parse(filter), Limit = 3 }).NumberMatched;
        Assert.True(ids.Count == planned, $"{filter}: the planner counts {planned}, the features {ids.Count}");
        return ids;
    }

    /// <summary>
    /// The filter is TRUE exactly where <paramref name="expected"/> is true and FALSE (its NOT is TRUE)
    /// exactly where it is false; where it is null neither matches.
    /// </summary>
    public static void AssertTruth<T>(Layer layer, IReadOnlyList<T> rows, string filter, Func<T, bool?> expected)
    {
        var want = Enumerable.Range(0, rows.Count).ToDictionary(i => $"f{i:D4}", i => expected(rows[i]));
        AssertSame(want.Where(p => p.Value == true).Select(p => p.Key), Ids(layer, filter), filter);
        AssertSame(want.Where(p => p.Value == false).Select(p => p.Key), Ids(layer, $"NOT ({filter})"), $"NOT ({filter})");
    }

    public static void AssertSame(IEnumerable<string> expected, IEnumerable<string> actual, string filter)
    {
        var e = new SortedSet<string>(expected, StringComparer.Ordinal);
        var a = new SortedSet<string>(actual, StringComparer.Ordinal);
        if (!e.SetEquals(a))
            Assert.Fail($"{filter}: expected {e.Count} [{string.Join(", ", e.Take(8))}], got {a.Count} [{string.Join(", ", a.Take(8))}]; "
                + $"missing [{string.Join(", ", e.Except(a).Take(8))}], extra [{string.Join(", ", a.Except(e).Take(8))}]");
    }

    /// <summary>The 400 a filter gives when compiled against the layer.</summary>
    public static InvalidParameterException CompileError(Layer layer, string filter) =>
        Assert.Throws<InvalidParameterException>(() => CqlCompiler.CompilePredicate(CqlTextParser.Parse(filter), layer.Metadata));

    public static string Literal(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static string Quote(string value) => "'" + value.Replace("'", "''") + "'";
}
