namespace Maps.Core.Layers;

/// <summary>An immutable snapshot of every loaded collection, looked up by id.</summary>
public sealed class LayerSet
{
    private readonly Dictionary<string, Layer> _byId;

    public LayerSet(IEnumerable<Layer> layers)
    {
        Layers = layers.OrderBy(l => l.Id, StringComparer.Ordinal).ToArray();
        _byId = Layers.ToDictionary(l => l.Id, StringComparer.Ordinal);
        // Once per snapshot: it is read for the ETag of every collections, OpenAPI, nearest and coverage request.
        Version = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join(",", Layers.Select(l => l.Id + ":" + l.Version)))))[..16];
    }

    public IReadOnlyList<Layer> Layers { get; }

    public Layer? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A hash of every layer version, for ETags of documents that describe all collections.</summary>
    public string Version { get; }
}
