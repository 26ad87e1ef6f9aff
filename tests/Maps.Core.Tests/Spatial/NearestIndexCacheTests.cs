using Maps.Core.Spatial;

namespace Maps.Core.Tests.Spatial;

public class NearestIndexCacheTests
{
    private static SphericalIndex Features(IndexSelection selection) =>
        SphericalIndex.Build(selection.Collections.Select(collection => Geo.Feature(collection + ":" + string.Join(",", selection.Statuses), Geo.Point(0, 0), collection)));

    [Fact]
    public void Same_collections_and_statuses_in_any_order_or_case_share_one_index()
    {
        int builds = 0;
        var cache = new NearestIndexCache(selection => { Interlocked.Increment(ref builds); return Features(selection); });

        var first = cache.Get(["transmission-nodes", "fibre-links"], ["Operational", "planned"]);
        var second = cache.Get(["fibre-links", "transmission-nodes", "fibre-links"], ["planned", "operational"]);

        Assert.Same(first, second);
        Assert.Equal(1, builds);
        Assert.Equal("fibre-links", first.Nearest(0, 0)[0].CollectionId);
        Assert.Equal("fibre-links:operational,planned", first.Nearest(0, 0)[0].FeatureId);
    }

    [Fact]
    public void Different_statuses_get_different_indexes()
    {
        var cache = new NearestIndexCache(Features);

        var operational = cache.Get(["fibre-links"], ["operational"]);
        var all = cache.Get(["fibre-links"]);

        Assert.NotSame(operational, all);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Concurrent_callers_build_once()
    {
        int builds = 0;
        var cache = new NearestIndexCache(selection => { Interlocked.Increment(ref builds); return Features(selection); });

        var indexes = new SphericalIndex[64];
        Parallel.For(0, indexes.Length, i => indexes[i] = cache.Get(["fibre-links"], ["operational"]));

        Assert.Equal(1, builds);
        Assert.All(indexes, index => Assert.Same(indexes[0], index));
    }

    [Fact]
    public void A_failed_build_is_not_cached()
    {
        bool fail = true;
        var cache = new NearestIndexCache(selection => fail ? throw new InvalidOperationException("storage down") : Features(selection));

        Assert.Throws<InvalidOperationException>(() => cache.Get(["fibre-links"]));
        fail = false;

        Assert.Equal(1, cache.Get(["fibre-links"]).FeatureCount);
    }
}
