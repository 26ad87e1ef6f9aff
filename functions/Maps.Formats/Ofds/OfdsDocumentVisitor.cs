using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>
/// Knows where the parts of an OFDS document are: enters <c>networks</c> and each network's
/// <c>nodes</c>, <c>spans</c>, <c>phases</c> and <c>organisations</c>, captures their items and the network
/// members a feature needs, or the features of a FeatureCollection; skips the rest (contracts, links of
/// the package). A document that is neither form, or whose arrays are not arrays, throws
/// <see cref="ImportFileException"/>.
/// </summary>
internal sealed class OfdsDocumentVisitor(string file, IOfdsDocumentHandler handler) : IJsonWalkVisitor
{
    private static readonly HashSet<string> NetworkMembers = new(StringComparer.Ordinal)
    {
        "id", "name", "publisher", "collectionDate", "publicationDate", "crs", "links",
    };

    private int _network;
    private int _feature;
    private bool _sawNetworks;
    private bool _sawFeatures;
    private string? _type;

    public bool WantsPause => handler.WantsPause;

    /// <summary>The form the document had; throws when it had neither (call after the walk).</summary>
    public OfdsDocumentShape Shape
    {
        get
        {
            if (_sawNetworks && _sawFeatures)
                throw new ImportFileException(file, "the document has both 'networks' and 'features': upload a network package or a GeoJSON FeatureCollection, not both at once.");
            if (_sawNetworks)
                return OfdsDocumentShape.NetworkPackage;
            if (_sawFeatures && _type == "FeatureCollection")
                return OfdsDocumentShape.FeatureCollection;
            throw new ImportFileException(file,
                "not an OFDS network package ({\"networks\": [...]}) or a GeoJSON FeatureCollection of OFDS nodes and spans.");
        }
    }

    public JsonWalkAction Decide(IReadOnlyList<string> path, JsonTokenType token)
    {
        switch (path.Count)
        {
            case 0:
                return token == JsonTokenType.StartObject ? JsonWalkAction.Enter
                    : throw WrongShape("the document is not a JSON object");
            case 1:
                return path[0] switch
                {
                    "networks" => ArrayOrThrow(token, "'networks' is not an array"),
                    "features" => ArrayOrThrow(token, "'features' is not an array"),
                    "type" or "crs" => JsonWalkAction.Capture,
                    _ => JsonWalkAction.Skip,
                };
            case 2:
                if (path[0] == "features")
                    return JsonWalkAction.Capture;
                return token == JsonTokenType.StartObject ? JsonWalkAction.Enter
                    : throw WrongShape($"network #{_network + 1} is not an object");
            case 3 when path[0] == "networks":
                if (ArrayOf(path[2]) is not null)
                    return token == JsonTokenType.Null ? JsonWalkAction.Skip
                        : ArrayOrThrow(token, $"'{path[2]}' of network #{_network + 1} is not an array");
                return NetworkMembers.Contains(path[2]) ? JsonWalkAction.Capture : JsonWalkAction.Skip;
            case 4 when path[0] == "networks":
                return JsonWalkAction.Capture;
            default:
                return JsonWalkAction.Skip;
        }
    }

    public void Entered(IReadOnlyList<string> path)
    {
        if (path.Count == 1)
        {
            _sawNetworks |= path[0] == "networks";
            _sawFeatures |= path[0] == "features";
        }
    }

    public void Exited(IReadOnlyList<string> path)
    {
        if (path.Count == 2 && path[0] == "networks")
            handler.NetworkEnded(_network++);
        else if (path.Count == 3 && path[0] == "networks" && ArrayOf(path[2]) is { } array)
            handler.NetworkArrayEnded(_network, array);
    }

    public void Captured(IReadOnlyList<string> path, ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value, new JsonReaderOptions { MaxDepth = 64 });
        using var document = JsonDocument.ParseValue(ref reader);
        var element = document.RootElement;
        switch (path.Count)
        {
            case 1 when path[0] == "type":
                _type = OfdsJson.Text(element);
                break;
            case 1 when path[0] == "crs":
                handler.CollectionCrs(element);
                break;
            case 2:
                handler.Feature(_feature++, element);
                break;
            case 3:
                handler.NetworkMember(_network, path[2], element);
                break;
            case 4:
                handler.NetworkItem(_network, ArrayOf(path[2])!.Value, element);
                break;
        }
    }

    private static OfdsArray? ArrayOf(string member) => member switch
    {
        "nodes" => OfdsArray.Nodes,
        "spans" => OfdsArray.Spans,
        "phases" => OfdsArray.Phases,
        "organisations" => OfdsArray.Organisations,
        _ => null,
    };

    private JsonWalkAction ArrayOrThrow(JsonTokenType token, string message) =>
        token == JsonTokenType.StartArray ? JsonWalkAction.Enter : throw WrongShape(message);

    private ImportFileException WrongShape(string message) =>
        new(file, $"{message}; expected an OFDS network package ({{\"networks\": [...]}}) or a GeoJSON FeatureCollection.");
}
