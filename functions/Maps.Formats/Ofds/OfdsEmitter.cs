using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>
/// The second pass: writes each node and span (their references resolved through the first pass's
/// <see cref="OfdsIndex"/>) and hands spans to <see cref="UploadSink.Features"/>, nodes to
/// <see cref="UploadSink.Nodes"/>, each numbered from 0 in its own sink, asking for a pause every
/// <see cref="BlockSize"/> features so the publisher can write.
/// </summary>
internal sealed class OfdsEmitter(OfdsIndex index, UploadSink sink, FeatureHandler nodes, OfdsFeatureKind? fileKind = null) : IOfdsDocumentHandler
{
    public const int BlockSize = 1000;

    private readonly OfdsFeatureWriter _writer = new();
    private int _sinceBlock;

    public int Spans { get; private set; }
    public int Nodes { get; private set; }

    public bool WantsPause => _sinceBlock >= BlockSize;

    /// <summary>Awaits the sink between blocks (the walker's pause callback).</summary>
    public async ValueTask AfterBlockAsync(CancellationToken cancellationToken)
    {
        _sinceBlock = 0;
        await sink.AfterBlock(cancellationToken);
    }

    public void NetworkMember(int network, string name, JsonElement value)
    {
    }

    public void NetworkItem(int network, OfdsArray array, JsonElement item)
    {
        var target = index.PackageNetwork(network);
        if (array == OfdsArray.Nodes)
            EmitNode(item, OfdsJson.Member(item, "location"), target);
        else if (array == OfdsArray.Spans)
            EmitSpan(item, OfdsJson.Member(item, "route"), target);
    }

    public void NetworkArrayEnded(int network, OfdsArray array)
    {
    }

    public void NetworkEnded(int network)
    {
    }

    public void CollectionCrs(JsonElement crs)
    {
    }

    public void Feature(int featureIndex, JsonElement feature)
    {
        var properties = OfdsJson.Member(feature, "properties");
        var network = index.FindGeoJsonNetwork(OfdsJson.Member(properties, "network"))
            ?? throw new InvalidOperationException("The first pass met every network of the upload.");
        var geometry = OfdsJson.Member(feature, "geometry");
        if (OfdsFeatureKinds.Of(feature, fileKind) == OfdsFeatureKind.Node)
            EmitNode(properties, geometry, network);
        else
            EmitSpan(properties, geometry, network);
    }

    private void EmitNode(JsonElement node, JsonElement geometry, OfdsNetwork network)
    {
        nodes(_writer.Node(node, geometry, network, index.PrefixIds), Nodes++, CrsOf(network));
        _sinceBlock++;
    }

    private void EmitSpan(JsonElement span, JsonElement geometry, OfdsNetwork network)
    {
        sink.Features(_writer.Span(span, geometry, network, index.PrefixIds), Spans++, CrsOf(network));
        _sinceBlock++;
    }

    private SourceCrs CrsOf(OfdsNetwork network) => network.DeclaredCrs ?? index.CollectionCrs ?? SourceCrs.LonLat;
}
