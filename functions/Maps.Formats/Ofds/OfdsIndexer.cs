using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>
/// The first pass: fills an <see cref="OfdsIndex"/> (networks, and the names of their nodes, organisations
/// and phases) and checks every span endpoint against the network's nodes, so a dangling endpoint fails the
/// upload before anything reaches the sink. Spans may come before nodes, so a span met first waits for its
/// network's nodes (the end of its <c>nodes</c> array, the network, or the GeoJSON nodes).
/// </summary>
internal sealed class OfdsIndexer(string file, OfdsIndex index, OfdsFeatureKind? fileKind = null) : IOfdsDocumentHandler
{
    public bool WantsPause => false;

    public void NetworkMember(int network, string name, JsonElement value) =>
        index.PackageNetwork(network).ReadMember(name, value, file);

    public void NetworkItem(int network, OfdsArray array, JsonElement item)
    {
        var target = index.PackageNetwork(network);
        switch (array)
        {
            case OfdsArray.Nodes:
                target.AddNode(item);
                index.NodeCount++;
                break;
            case OfdsArray.Spans:
                CheckEndpoints(item, target);
                index.SpanCount++;
                break;
            case OfdsArray.Phases:
                target.AddPhase(item);
                break;
            case OfdsArray.Organisations:
                target.AddOrganisation(item);
                break;
        }
    }

    public void NetworkArrayEnded(int network, OfdsArray array)
    {
        if (array == OfdsArray.Nodes)
            index.PackageNetwork(network).CompleteNodes(file);
    }

    public void NetworkEnded(int network) => index.PackageNetwork(network).CompleteNodes(file);

    public void CollectionCrs(JsonElement crs)
    {
        try
        {
            index.CollectionCrs = GeoJsonSourceReader.ParseCrs(crs, file);
        }
        catch (InvalidOperationException e)
        {
            throw new ImportFileException(file, "the 'crs' member names a CRS in text that is not valid UTF-16.", e);
        }
    }

    public void Feature(int featureIndex, JsonElement feature)
    {
        var properties = OfdsJson.Member(feature, "properties");
        var network = index.GeoJsonNetwork(OfdsJson.Member(properties, "network"), file);
        if (OfdsFeatureKinds.Of(feature, fileKind) == OfdsFeatureKind.Node)
        {
            network.AddNode(properties);
            index.NodeCount++;
        }
        else
        {
            CheckEndpoints(properties, network);
            index.SpanCount++;
        }
    }

    private void CheckEndpoints(JsonElement span, OfdsNetwork network)
    {
        string? id = OfdsJson.Text(span, "id");
        if (OfdsEndpoint.Read(OfdsJson.Member(span, "start")) is { } start)
            network.CheckEndpoint(id, "start", start, file);
        if (OfdsEndpoint.Read(OfdsJson.Member(span, "end")) is { } end)
            network.CheckEndpoint(id, "end", end, file);
    }
}
