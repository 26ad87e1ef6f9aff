using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>
/// The networks of one upload, from the first pass: by position for a network package, by
/// <c>properties.network.id</c> for GeoJSON (the key is "" for features that name no network).
/// </summary>
internal sealed class OfdsIndex
{
    private readonly List<OfdsNetwork> _networks = [];
    private readonly Dictionary<string, OfdsNetwork> _byGeoJsonId = new(StringComparer.Ordinal);
    private bool _geoJsonNodesComplete;

    public IReadOnlyList<OfdsNetwork> Networks => _networks;

    /// <summary>The CRS a GeoJSON FeatureCollection declares (2008 draft <c>crs</c> member); a network's own <c>crs</c> wins.</summary>
    public SourceCrs? CollectionCrs { get; set; }

    /// <summary>Ids get their network's id as a prefix when the upload holds more than one network, so they stay unique.</summary>
    public bool PrefixIds => _networks.Count > 1;

    public int NodeCount { get; set; }
    public int SpanCount { get; set; }

    /// <summary>The package's network at <paramref name="ordinal"/>, added when first met.</summary>
    public OfdsNetwork PackageNetwork(int ordinal)
    {
        while (_networks.Count <= ordinal)
            _networks.Add(new OfdsNetwork(_networks.Count));
        return _networks[ordinal];
    }

    /// <summary>The network a GeoJSON feature names, added (and its fields read) when first met.</summary>
    public OfdsNetwork GeoJsonNetwork(System.Text.Json.JsonElement network, string file)
    {
        string key = OfdsJson.Text(network, "id") ?? "";
        if (_byGeoJsonId.TryGetValue(key, out var known))
            return known;
        var added = new OfdsNetwork(_networks.Count);
        added.ReadMembers(network, file);
        if (_geoJsonNodesComplete)
            added.CompleteNodes(file);
        _networks.Add(added);
        _byGeoJsonId.Add(key, added);
        return added;
    }

    /// <summary>Looks up a GeoJSON feature's network in the second pass (the first added them all).</summary>
    public OfdsNetwork? FindGeoJsonNetwork(System.Text.Json.JsonElement network) =>
        _byGeoJsonId.GetValueOrDefault(OfdsJson.Text(network, "id") ?? "");

    /// <summary>Every GeoJSON node has been read (the nodes file of a pair, or the end of a collection): endpoints can be checked.</summary>
    public void CompleteGeoJsonNodes(string file)
    {
        _geoJsonNodesComplete = true;
        foreach (var network in _networks)
            network.CompleteNodes(file);
    }
}
