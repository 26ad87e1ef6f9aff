namespace Maps.Core.Layers;

/// <summary>
/// The shipped layers: every layer file (<c>*.fgb</c>) of a directory, normally <c>data/layers</c>.
/// Opening reads each file's header and trailer only, so it costs the same for any number of
/// features; each file's hash is then checked in the background (<see cref="Layer.StartVerification"/>).
/// </summary>
public sealed class DirectoryLayerCatalog : ILayerCatalog
{
    public const string Extension = ".fgb";

    private readonly Lazy<LayerSet> _layers;

    public DirectoryLayerCatalog(string directory)
    {
        Directory = directory;
        _layers = new Lazy<LayerSet>(() => Read(directory), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Directory { get; }

    public ValueTask<LayerSet> GetLayersAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_layers.Value);

    /// <summary>Opens every layer file of a directory, ordered by id, and starts checking each one's hash.</summary>
    public static IReadOnlyList<Layer> ReadDirectory(string directory) => Read(directory).Layers;

    /// <summary>
    /// Every layer file of a directory that opens, with its hash check started; a file that does not
    /// (cut short, not a layer file, or holding a collection other than the one its name says) makes
    /// its collection, named by the file, unavailable with the reason.
    /// </summary>
    public static LayerSet Read(string directory)
    {
        // Not a DirectoryNotFoundException: that is an IOException, which callers take for storage that cannot be reached; this is a misconfiguration.
        if (!System.IO.Directory.Exists(directory))
            throw new InvalidOperationException($"Layer directory '{directory}' does not exist: set Maps__DataDirectory to the folder of the layer files.");
        var layers = new List<Layer>();
        var unavailable = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in System.IO.Directory.GetFiles(directory, "*" + Extension))
        {
            string id = Path.GetFileNameWithoutExtension(path);
            try
            {
                var layer = Layer.Open(path);
                if (layer.Id != id)
                    throw new InvalidDataException($"{Path.GetFileName(path)} holds collection '{layer.Id}', not '{id}'.");
                layer.StartVerification();
                layers.Add(layer);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                unavailable[id] = e.Message;
            }
        }
        return new LayerSet(layers, unavailable);
    }
}
