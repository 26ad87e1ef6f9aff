namespace Maps.Core.Layers;

/// <summary>
/// An immutable snapshot of every loaded collection, looked up by id, and of the collections that
/// exist but cannot be served now (every version damaged), with why.
/// </summary>
public sealed class LayerSet
{
    private readonly Dictionary<string, Layer> _byId;

    public LayerSet(IEnumerable<Layer> layers, IReadOnlyDictionary<string, string>? unavailable = null)
    {
        Layers = layers.OrderBy(l => l.Id, StringComparer.Ordinal).ToArray();
        _byId = Layers.ToDictionary(l => l.Id, StringComparer.Ordinal);
        Unavailable = unavailable ?? new Dictionary<string, string>();
        // Once per snapshot: it is read for the ETag of every collections, OpenAPI, nearest and coverage request.
        Version = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join(",", Layers.Select(l => l.Id + ":" + l.Version)))))[..16];
    }

    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>Collections that exist but have no readable version, with the reason (requests for them answer 503).</summary>
    public IReadOnlyDictionary<string, string> Unavailable { get; }

    public Layer? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A hash of every layer version, for ETags of documents that describe all collections.</summary>
    public string Version { get; }
}
