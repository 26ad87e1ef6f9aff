using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Formats;

namespace Maps.Storage.Publishing;

/// <summary>
/// Publishes a new version of a collection (two for an OFDS network: spans and nodes), atomically, into
/// either store (<see cref="ILayerStore"/>):
/// <list type="number">
/// <item>read the catalog entries (their ETags are the condition of the final switch) and delete crashed versions;</item>
/// <item>start the versions (<see cref="ILayerStore.BeginVersionAsync"/>: not visible to readers);</item>
/// <item>stream the upload through its format's reader; each feature is validated, normalised and
/// appended to the version's layer file, spooled on local disk (<see cref="PublishTarget"/>);</item>
/// <item>refuse, with nothing switched: no feature written (422), features that do not fit the
/// collection's geometry type (422, with the counts), a version that would drop more than half of the
/// features served now without <see cref="PublishRequest.Replace"/> (409), a new collection without
/// its metadata (400);</item>
/// <item>complete the versions (each layer file written with its metadata record and stored), then switch the catalog to all of them at
/// once (ETag-conditional); then delete versions beyond <see cref="StoreSettings.KeepVersions"/>.</item>
/// </list>
/// Readers only follow the catalog, which only ever names complete versions, so they see the old
/// version or the new one. Any failure before the switch deletes what was written (best effort; a crash
/// leaves an incomplete version that the next publish removes). Losing the switch to a concurrent
/// publish is a <see cref="PublishConflictException"/>, and the loser's versions are deleted.
/// </summary>
public sealed class LayerPublisher(ILayerStore store, PublishHooks? hooks = null, Func<string, BaselineLayer?>? baseline = null, Func<CountryLocator?>? countries = null)
{
    private readonly PublishHooks _hooks = hooks ?? new PublishHooks();

    public ILayerStore Store => store;

    /// <summary>A GeoJSON FeatureCollection upload with metadata from query parameters (tests and the bench).</summary>
    public Task<PublishResult> PublishAsync(string collectionId, Stream body, MetadataInput input, CancellationToken cancellationToken = default) =>
        PublishAsync(new PublishRequest(collectionId, (sink, ct) => new GeoJsonFormat().ReadAsync(body, new UploadReadOptions(collectionId, Path.GetTempPath()), sink, ct))
            { Input = input }, cancellationToken);

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken = default)
    {
        string[] ids = request.HasNodes ? [request.CollectionId, request.NodesCollectionId] : [request.CollectionId];
        foreach (string id in ids)
            if (!StoreSchema.IsValidCollectionId(id))
                throw new UploadRejectedException(UploadProblem.Malformed, $"'{id}' is not a valid collection id (lower-case letters, digits, '-' and '_', at most 64 characters).");
        string? declared = Given(request.Input.GeometryType) ?? Given(request.Sidecar.GeometryType);
        if (declared is not null && !GeometryFit.IsKnown(declared))
            throw new UploadRejectedException(UploadProblem.Malformed,
                $"geometryType '{declared}' is not one a collection can have: {string.Join(", ", GeometryFit.Declarable)} (mixed).");

        var targets = new List<PublishTarget>();
        var locator = countries?.Invoke();
        for (int i = 0; i < ids.Length; i++)
        {
            var existing = await store.GetCatalogEntryAsync(ids[i], cancellationToken);
            var shipped = existing is null ? baseline?.Invoke(ids[i]) : null;
            int currentCount = existing is not null ? (await store.GetVersionAsync(ids[i], existing.CurrentVersion, cancellationToken))?.FeatureCount ?? 0 : shipped?.FeatureCount ?? 0;
            var current = existing?.Metadata ?? shipped?.Metadata;
            // Nodes are points whatever the spans' metadata says.
            string? type = i == 0 ? declared ?? current?.GeometryType : current?.GeometryType ?? "Point";
            targets.Add(new PublishTarget(ids[i], existing, currentCount, current, type, locator));
            await store.DeleteIncompleteVersionsAsync(ids[i], TimeSpan.FromMinutes(store.Settings.OrphanMinutes), cancellationToken);
        }

        try
        {
            foreach (var target in targets)
                target.Writer = await store.BeginVersionAsync(target.CollectionId, NewVersionId(store.TimeProvider), _hooks, cancellationToken);
            var sink = new UploadSink(targets[0].OnFeature, _ => ValueTask.CompletedTask, request.HasNodes ? targets[1].OnFeature : null, schema => targets[0].Schema = schema);
            try
            {
                await request.Read(sink, cancellationToken);
            }
            catch (ImportFileException e)
            {
                throw new UploadRejectedException(UploadProblem.Malformed, e.Message, targets[0].Report);
            }

            // Ids used twice are found now, as each version's ids are sorted on disk: rejected, before the guards count what is written.
            foreach (var target in targets)
                target.Ingest.Seal(cancellationToken);
            var metadata = targets.Select(t => Refuse(t, request)).ToArray();
            var completed = new List<PublishedVersion>();
            for (int i = 0; i < targets.Count; i++)
            {
                var version = await targets[i].Writer.CompleteAsync(metadata[i], cancellationToken);
                completed.Add(new PublishedVersion(targets[i].CollectionId, version.VersionId, targets[i].Report, version.Blocks, version.ByteSize, version.ContentHash, []));
            }
            foreach (var target in targets)
                await _hooks.BeforeSwitchAsync(target.CollectionId, target.Writer.VersionId, cancellationToken);
            await store.SwitchCurrentVersionsAsync(
                targets.Select((t, i) => new CatalogSwitch(t.CollectionId, t.Writer.VersionId, metadata[i], t.Existing)).ToArray(), cancellationToken);
            for (int i = 0; i < completed.Count; i++)
                completed[i] = completed[i] with { Pruned = await PruneQuietlyAsync(completed[i].CollectionId, completed[i].VersionId) };
            return new PublishResult(completed);
        }
        catch (Exception)
        {
            foreach (var target in targets.Where(t => t.Writer is not null))
            {
                await target.Writer.SettleAsync();
                try
                {
                    await store.DeleteVersionAsync(target.CollectionId, target.Writer.VersionId, CancellationToken.None);
                }
                catch (Exception cleanup) when (StoreErrors.IsUnavailable(cleanup))
                {
                    // Storage is gone: the version stays incomplete and the next publish deletes it.
                }
            }
            throw;
        }
    }

    /// <summary>Sortable, unique version ids: UTC time to the millisecond and 8 random hex digits, e.g. <c>20250101T120000123Z-1a2b3c4d</c>.</summary>
    public static string NewVersionId(TimeProvider time) =>
        $"{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{Random.Shared.Next():x8}";

    /// <summary>The checks after reading (see the class summary); the version's metadata when it may be published.</summary>
    private static CollectionMetadata Refuse(PublishTarget target, PublishRequest request)
    {
        var report = target.Report;
        if (target.Geometry.Misfits > 0)
        {
            string types = string.Join(", ", target.Geometry.MisfitTypes.OrderByDescending(t => t.Value).Select(t => $"{t.Value} {t.Key}"));
            throw new UploadRejectedException(UploadProblem.Unpublishable,
                $"Collection '{target.CollectionId}' holds {target.Geometry.Declared} features, and {target.Geometry.Misfits} of the upload's {report.Read} features {(target.Geometry.Misfits == 1 ? "does" : "do")} not fit it ({types}); nothing was published. "
                + (target.Current is null
                    ? "Give geometryType=Geometry to publish a new collection of mixed types, or publish each type to its own collection."
                    : "Publish them to a collection of their own."),
                report)
            { Members = new Dictionary<string, object?> { ["geometryType"] = target.Geometry.Declared, ["misfits"] = target.Geometry.MisfitTypes } };
        }
        if (report.Written == 0)
            throw new UploadRejectedException(UploadProblem.Unpublishable,
                report.Read == 0 ? $"The upload has no features for '{target.CollectionId}'; nothing was published."
                    : $"Every one of the {report.Read} features for '{target.CollectionId}' was rejected; nothing was published.", report);
        if (!request.Replace && report.Written * 2L < target.CurrentCount)
            throw new UploadRejectedException(UploadProblem.WouldDropFeatures,
                $"This version of '{target.CollectionId}' would serve {report.Written} features instead of the {target.CurrentCount} served now, dropping more than half; nothing was published. "
                + "Add replace=true to publish it anyway.", report)
            { Members = new Dictionary<string, object?> { ["current"] = target.CurrentCount } };
        if (target.CollectionId == request.CollectionId)
            return MetadataMerge.Merge(target, request.Input, request.Sidecar);
        // The nodes of a network: its metadata, as nodes, without the spans' geometry type and queryables.
        static MetadataInput AsNodes(MetadataInput m) => m with
        {
            Title = string.IsNullOrWhiteSpace(m.Title) ? null : m.Title.Trim() + " (nodes)",
            GeometryType = null,
            Queryables = null,
        };
        return MetadataMerge.Merge(target, AsNodes(request.Input), AsNodes(request.Sidecar));
    }

    private async Task<IReadOnlyList<string>> PruneQuietlyAsync(string collectionId, string currentVersion)
    {
        try
        {
            var complete = (await store.ListVersionsAsync(collectionId)).Where(v => v.IsComplete).ToList();
            var pruned = complete.Where(v => v.VersionId != currentVersion).OrderByDescending(v => v.VersionId, StringComparer.Ordinal)
                .Skip(Math.Max(0, store.Settings.KeepVersions - 1)).Select(v => v.VersionId).ToArray();
            foreach (string version in pruned)
                await store.DeleteVersionAsync(collectionId, version);
            return pruned;
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            return []; // The publish stands; the next one prunes.
        }
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
