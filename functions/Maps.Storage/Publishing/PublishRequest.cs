using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Formats;

namespace Maps.Storage.Publishing;

/// <summary>
/// One publish: the collection, how to read the upload (a format's <see cref="IUploadFormat.ReadAsync"/>
/// bound to the body), and the metadata given with it: query parameters over a
/// <c>&lt;id&gt;.collection.json</c> sidecar (<see cref="Sidecar"/>, the shipped layers' format) over the
/// collection's current metadata. <see cref="Replace"/> allows a version that drops more than half of
/// the current features. An upload with nodes (OFDS) also publishes <c>{id}-nodes</c>, switched together.
/// </summary>
public sealed record PublishRequest(string CollectionId, Func<UploadSink, CancellationToken, Task<int>> Read)
{
    public MetadataInput Input { get; init; } = new();

    /// <summary>A <c>&lt;id&gt;.collection.json</c> sent with the upload (<see cref="SidecarReader"/>).</summary>
    public MetadataInput Sidecar { get; init; } = new();

    public bool Replace { get; init; }

    public bool HasNodes { get; init; }

    /// <summary>The collection the nodes of an OFDS network go to.</summary>
    public string NodesCollectionId => CollectionId + "-nodes";
}

/// <summary>What one collection of a publish got: its new current version and the validation report.</summary>
public sealed record PublishedVersion(string CollectionId, string VersionId, LayerReport Report, int Blocks, long Bytes, string? ContentHash, IReadOnlyList<string> Pruned);

/// <summary>What a publish did: one version, or two for an OFDS network (spans, then nodes).</summary>
public sealed record PublishResult(IReadOnlyList<PublishedVersion> Versions)
{
    public PublishedVersion Main => Versions[0];

    public string VersionId => Main.VersionId;

    public LayerReport Report => Main.Report;

}

/// <summary>
/// A collection served without a store entry that a publish replaces (the embedded mode's shipped
/// layers): its metadata stands in for the catalog's and its count for the half-drop guard.
/// </summary>
public sealed record BaselineLayer(CollectionMetadata Metadata, int FeatureCount);

/// <summary>Why an upload was refused; Maps.Functions maps each to its HTTP status.</summary>
public enum UploadProblem
{
    /// <summary>The request or the upload cannot be read as asked (a bad id, format, metadata or file).</summary>
    Malformed,

    /// <summary>It was read, but nothing in it can be published (no feature accepted, features of the wrong geometry type).</summary>
    Unpublishable,

    /// <summary>It would serve far fewer features than the current version, and replace was not asked for.</summary>
    WouldDropFeatures,
}

/// <summary>The upload cannot be published (not readable, wrong geometry type, every feature rejected, missing metadata). Nothing was published.</summary>
public sealed class UploadRejectedException(UploadProblem problem, string message, LayerReport? report = null) : Exception(message)
{
    public UploadProblem Problem { get; } = problem;
    public LayerReport? Report { get; } = report;

    /// <summary>More members for the problem document (the geometry type counts, the current count).</summary>
    public IReadOnlyDictionary<string, object?>? Members { get; init; }
}

/// <summary>Points in a publish where tests (and only tests) step in: after each batch, before the switch.</summary>
public class PublishHooks
{
    public virtual ValueTask AfterBatchAsync(string collectionId, string versionId, int batchesWritten, CancellationToken cancellationToken) => default;

    public virtual ValueTask BeforeSwitchAsync(string collectionId, string versionId, CancellationToken cancellationToken) => default;
}
