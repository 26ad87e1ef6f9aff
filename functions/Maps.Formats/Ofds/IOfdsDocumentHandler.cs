using System.Text.Json;

namespace Maps.Formats.Ofds;

/// <summary>The arrays of a network that hold items.</summary>
internal enum OfdsArray { Nodes, Spans, Phases, Organisations }

/// <summary>
/// Receives the parts of an OFDS document as <see cref="OfdsDocumentVisitor"/> walks it: the members and
/// items of a network package's networks, or the features of a GeoJSON FeatureCollection. Elements are
/// only valid during the call.
/// </summary>
internal interface IOfdsDocumentHandler
{
    void NetworkMember(int network, string name, JsonElement value);

    void NetworkItem(int network, OfdsArray array, JsonElement item);

    /// <summary>The network's <paramref name="array"/> has been read to its end.</summary>
    void NetworkArrayEnded(int network, OfdsArray array);

    void NetworkEnded(int network);

    void CollectionCrs(JsonElement crs);

    void Feature(int index, JsonElement feature);

    /// <summary>True when the reader should await the sink before reading on.</summary>
    bool WantsPause { get; }
}
