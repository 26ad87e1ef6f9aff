using System.Globalization;
using System.Text.Json;
using CsCheck;
using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Core.Query.Cql2;
using NetTopologySuite.Geometries;

namespace Maps.Core.Tests.Query;

/// <summary>
/// Filtered and sorted keyset paging against brute force on random layers: following <c>next</c>
/// yields every match exactly once, in the order LINQ gives, and every page states the exact
/// numberMatched. The expected answers come from C# predicates and NetTopologySuite directly, not
/// from the CQL2 evaluator.
/// </summary>
public class FilteredPagingTests
{
    private static readonly string[] Statuses = ["operational", "planned", "under-construction", "unknown"];
    private static readonly GeometryFactory Factory = GeoJsonOptions.Factory;

    private sealed record Row(string Id, Geometry Geometry, string Status, long N, string? Name, double Score);

    private static (Layer Layer, Dictionary<string, Row> Rows) RandomLayer(Random random, int count)
    {
        var rows = new Dictionary<string, Row>();
        var features = new List<(string, Geometry, JsonElement)>();
        for (int i = 0; i < count; i++)
        {
            string id = $"f{random.Next(1_000_000):D6}-{i}";
            Geometry geometry = random.Next(4) == 0
                ? Factory.CreateLineString([new(Lon(random), Lat(random)), new(Lon(random) / 10, Lat(random) / 10)])
                : Factory.CreatePoint(new Coordinate(Lon(random), Lat(random)));
            // Few distinct values, so sorts have ties that the id must break.
            var row = new Row(id, geometry, Statuses[random.Next(Statuses.Length)], random.Next(20),
                random.Next(5) == 0 ? null : ((char)('A' + random.Next(6))).ToString() + random.Next(3), Math.Round(random.NextDouble() * 10, 1));
            rows[id] = row;
            var properties = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
            {
                ["status"] = row.Status, ["n"] = row.N, ["name"] = row.Name, ["score"] = row.Score,
            });
            features.Add((id, geometry, properties));
        }
        var metadata = new CollectionMetadata
        {
            Id = "random", Title = "random", Description = "", License = "CC0-1.0", Attribution = "", Source = "", GeometryType = "Geometry",
            Queryables = QueryableAccumulator.Derive(features.Select(f => f.Item3)),
        };
        return (TestLayers.From(metadata, features, "v1"), rows);
    }

    private static double Lon(Random random) => Math.Round(random.NextDouble() * 360 - 180, 3);
    private static double Lat(Random random) => Math.Round(random.NextDouble() * 170 - 85, 3);

    private static string N(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A random filter as CQL2 text with the same condition as a C# predicate.</summary>
    private static (string? Text, BoundingBox? Bbox, Func<Row, bool> Expected) RandomFilter(Random random, IReadOnlyList<string> ids)
    {
        var parts = new List<(string, Func<Row, bool>)>();
        BoundingBox? bbox = null;
        int kinds = random.Next(1, 4);
        for (int k = 0; k < kinds; k++)
        {
            switch (random.Next(8))
            {
                case 7:
                    // Feature ids (and one that no feature has): the planner takes them as its candidates.
                    var named = Enumerable.Range(0, random.Next(1, 4)).Select(_ => ids[random.Next(ids.Count)]).Append("nope").Distinct().ToArray();
                    if (random.Next(2) == 0)
                        parts.Add(($"id = '{named[0]}'", r => r.Id == named[0]));
                    else
                        parts.Add(($"id IN ({string.Join(", ", named.Select(i => $"'{i}'"))})", r => named.Contains(r.Id)));
                    break;
                case 0:
                    double w = Lon(random), e = Lon(random), s = Lat(random), n = Lat(random);
                    (s, n) = (Math.Min(s, n), Math.Max(s, n));
                    var envelopes = new BoundingBox(w, s, e, n).Envelopes().Select(Factory.ToGeometry).ToArray();
                    parts.Add(($"S_INTERSECTS(geometry, BBOX({N(w)},{N(s)},{N(e)},{N(n)}))", r => envelopes.Any(b => b.Intersects(r.Geometry))));
                    break;
                case 1:
                    double x = Lon(random) / 2, y = Lat(random) / 2, size = 5 + random.NextDouble() * 60;
                    var triangle = Factory.CreatePolygon([new(x, y), new(x + size, y), new(x, y + size), new(x, y)]);
                    parts.Add(($"S_INTERSECTS(geometry, POLYGON(({N(x)} {N(y)}, {N(x + size)} {N(y)}, {N(x)} {N(y + size)}, {N(x)} {N(y)})))", r => triangle.Intersects(r.Geometry)));
                    break;
                case 2:
                    string status = Statuses[random.Next(Statuses.Length)];
                    parts.Add(($"status = '{status}'", r => r.Status == status));
                    break;
                case 3:
                    int threshold = random.Next(20);
                    parts.Add(($"n > {threshold}", r => r.N > threshold));
                    break;
                case 4:
                    char letter = (char)('A' + random.Next(6));
                    parts.Add(($"name LIKE '{letter}%'", r => r.Name is not null && r.Name.StartsWith(letter)));
                    break;
                case 5:
                    parts.Add(("score BETWEEN 2.5 AND 7 OR name IS NULL", r => (r.Score >= 2.5 && r.Score <= 7) || r.Name is null));
                    break;
                default:
                    double bw = Lon(random), be = Lon(random);
                    bbox = new BoundingBox(bw, -60, be, 60);
                    break;
            }
        }
        var boxes = bbox?.Envelopes().Select(Factory.ToGeometry).ToArray();
        Func<Row, bool> expected = r => parts.All(p => p.Item2(r)) && (boxes is null || boxes.Any(b => b.Intersects(r.Geometry)));
        string? text = parts.Count == 0 ? null : string.Join(" AND ", parts.Select(p => $"({p.Item1})"));
        return (text, bbox, expected);
    }

    private static readonly (string SortBy, Func<IEnumerable<Row>, IOrderedEnumerable<Row>> Order)[] Sorts =
    [
        ("", rows => rows.OrderBy(r => r.Id, StringComparer.Ordinal)),
        ("name", rows => rows.OrderBy(r => r.Name is null).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)),
        ("-n", rows => rows.OrderByDescending(r => r.N).ThenBy(r => r.Id, StringComparer.Ordinal)),
        ("status,-score", rows => rows.OrderBy(r => r.Status, StringComparer.Ordinal).ThenByDescending(r => r.Score).ThenBy(r => r.Id, StringComparer.Ordinal)),
        ("-name,n", rows => rows.OrderBy(r => r.Name is not null).ThenByDescending(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.N).ThenBy(r => r.Id, StringComparer.Ordinal)),
    ];

    [Fact]
    public void Following_next_yields_every_match_once_in_order_with_exact_counts()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            var (layer, rows) = RandomLayer(random, random.Next(20, 400));
            var (text, bbox, expected) = RandomFilter(random, rows.Keys.ToArray());
            var (sortby, order) = Sorts[random.Next(Sorts.Length)];
            var wanted = order(rows.Values.Where(expected)).Select(r => r.Id).ToList();
            var query = new FeatureQuery
            {
                Filter = text is null ? null : CqlTextParser.Parse(text),
                Bbox = bbox,
                SortBy = sortby.Length == 0 ? [] : SortField.Parse(sortby, layer.Metadata),
                Limit = random.Next(1, 40),
            };
            var walked = new List<string>();
            for (int pages = 0; pages < 1_000; pages++)
            {
                var page = LayerQuery.Execute(layer, query);
                Assert.Equal(wanted.Count, page.NumberMatched);
                walked.AddRange(page.Features.Select(f => f.Id));
                if (page.NextAfter is null)
                    break;
                query = query with { After = page.NextAfter };
            }
            Assert.True(wanted.SequenceEqual(walked), $"seed {seed}: filter {text}, bbox {bbox}, sortby '{sortby}': expected {wanted.Count} ids, walked {walked.Count}");
        }, iter: 300);
    }

    [Fact]
    public void A_cursor_of_another_sort_is_a_400()
    {
        var (layer, _) = RandomLayer(new Random(7), 50);
        var first = LayerQuery.Execute(layer, new FeatureQuery { SortBy = SortField.Parse("name", layer.Metadata), Limit = 5 });
        var error = Assert.Throws<InvalidParameterException>(() =>
            LayerQuery.Execute(layer, new FeatureQuery { SortBy = SortField.Parse("-n", layer.Metadata), After = first.NextAfter, Limit = 5 }));
        Assert.Contains("sortby='name'", error.Message);
    }

    [Fact]
    public void Sortby_names_that_are_not_sortable_queryables_are_400s()
    {
        var (layer, _) = RandomLayer(new Random(8), 10);
        Assert.Contains("'nope' is not a sortable property", Assert.Throws<InvalidParameterException>(() => SortField.Parse("name,-nope", layer.Metadata)).Message);
        Assert.Contains("twice", Assert.Throws<InvalidParameterException>(() => SortField.Parse("name,-name", layer.Metadata)).Message);
        Assert.Contains("empty key", Assert.Throws<InvalidParameterException>(() => SortField.Parse("name,", layer.Metadata)).Message);
    }
}
