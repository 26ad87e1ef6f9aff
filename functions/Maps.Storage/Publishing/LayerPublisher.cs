using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Maps.Core.Import;
using Maps.Core.Layers;
using Maps.Formats;
using NetTopologySuite.Geometries;

namespace Maps.Storage.Publishing;

/// <summary>Metadata given with an upload (query parameters); required for a new collection, optional overrides otherwise.</summary>
public sealed record MetadataInput
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? License { get; init; }
    public string? LicenseUrl { get; init; }
    public string? Attribution { get; init; }
    public string? Source { get; init; }
    public string? SourceUrl { get; init; }
    public string? DateProperty { get; init; }
    public string? GeometryType { get; init; }
}

/// <summary>What a publish did: the new current version and the validation report.</summary>
public sealed record PublishResult(string CollectionId, string VersionId, LayerReport Report, int Rows, int Batches, long Bytes);

/// <summary>The upload cannot be published (not a FeatureCollection, bad CRS, every feature rejected, missing metadata). Nothing was published.</summary>
public sealed class UploadRejectedException(int status, string message, LayerReport? report = null) : Exception(message)
{
    public int Status { get; } = status;
    public LayerReport? Report { get; } = report;
}

/// <summary>Points in a publish where tests (and only tests) step in: after each batch, before the switch.</summary>
public class PublishHooks
{
    public virtual ValueTask AfterBatchAsync(string collectionId, string versionId, int batchesWritten, CancellationToken cancellationToken) => default;

    public virtual ValueTask BeforeSwitchAsync(string collectionId, string versionId, CancellationToken cancellationToken) => default;
}

/// <summary>
/// Publishes a new version of a collection from a GeoJSON upload, atomically:
/// <list type="number">
/// <item>read the catalog entry (its ETag is the condition of the final switch) and delete crashed versions older than <see cref="LayerStoreOptions.OrphanMinutes"/>;</item>
/// <item>add the version row with status <c>writing</c>;</item>
/// <item>stream the body (<see cref="FeatureCollectionReader"/>), validate each feature with the import's
/// <see cref="FeatureValidator"/>, normalise it as the import does (EPSG:3857 reprojected, antimeridian split,
/// coordinates to 7 decimals, status normalised; in a <c>cell-sites</c> collection the
/// <see cref="CellSiteRules"/> too) and pack it into rows written as single-partition batches, several in
/// parallel;</item>
/// <item>derive the version's queryables from the properties written (<see cref="QueryableAccumulator"/>: every
/// property, typed, the publisher's descriptions and enums of status, country and a cell site's radio_type merged in);</item>
/// <item>mark the version <c>complete</c>, then switch the catalog's CurrentVersion (ETag-conditional replace,
/// or an add for a new collection).</item>
/// </list>
/// Readers only follow CurrentVersion, which only ever names complete versions, so they see the old
/// version or the new one. Any failure before the switch deletes what was written (best effort; a
/// crash leaves a <c>writing</c> version that the next publish removes). Losing the switch to a
/// concurrent publish is a <see cref="PublishConflictException"/>, and the loser's rows are deleted.
/// </summary>
public sealed class LayerPublisher(LayerStore store, PublishHooks? hooks = null)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PublishHooks _hooks = hooks ?? new PublishHooks();

    public async Task<PublishResult> PublishAsync(string collectionId, Stream body, MetadataInput input, CancellationToken cancellationToken = default)
    {
        if (!StoreSchema.IsValidCollectionId(collectionId))
            throw new UploadRejectedException(400, $"'{collectionId}' is not a valid collection id (lower-case letters, digits, '-' and '_', at most 64 characters).");
        var existing = await store.GetCatalogEntryAsync(collectionId, cancellationToken);
        if (existing is null)
        {
            var missing = new[] { ("title", input.Title), ("license", input.License), ("attribution", input.Attribution), ("source", input.Source) }
                .Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1).ToArray();
            if (missing.Length > 0)
                throw new UploadRejectedException(400,
                    $"Collection '{collectionId}' is new: give its metadata as query parameters ({string.Join(", ", missing)} missing; description, licenseUrl, sourceUrl, dateProperty and geometryType are optional).");
        }
        await store.DeleteIncompleteVersionsAsync(collectionId, TimeSpan.FromMinutes(store.Options.OrphanMinutes), cancellationToken);

        string versionId = NewVersionId(store.TimeProvider);
        var versionEntity = new TableEntity(collectionId, versionId)
        {
            [StoreSchema.Status] = StoreSchema.StatusWriting,
            [StoreSchema.Created] = store.TimeProvider.GetUtcNow(),
        };
        var added = await StoreErrors.Guard(() => store.Versions.AddEntityAsync(versionEntity, cancellationToken));
        versionEntity.ETag = added.Headers.ETag ?? ETag.All;

        var report = new LayerReport(collectionId);
        var packer = new RowPacker(collectionId, versionId);
        var inflight = new List<Task>();
        int batchesWritten = 0;
        try
        {
            var ingest = new Ingest(collectionId, report, packer, CellSiteRules.AppliesTo(collectionId));
            await FeatureCollectionReader.ReadAsync(body, collectionId, ingest.OnFeature,
                ct => WriteReadyBatchesAsync(drain: false, ct), cancellationToken);
            if (report.Written == 0)
                throw new UploadRejectedException(422,
                    report.Read == 0 ? "The FeatureCollection has no features; nothing was published."
                        : $"Every one of the {report.Read} features was rejected; nothing was published.", report);
            packer.Flush();
            await WriteReadyBatchesAsync(drain: true, cancellationToken);

            var queryables = ingest.Queryables.Build(CuratedQueryables(collectionId));
            string queryablesJson = StoreSchema.SerializeQueryables(queryables);
            // A table string holds 32K UTF-16 characters; hundreds of properties would not fit, and the catalog keeps them anyway.
            if (queryablesJson.Length * 2 <= TableLimits.MaxPropertyBytes)
                versionEntity[StoreSchema.Queryables] = queryablesJson;
            versionEntity[StoreSchema.Status] = StoreSchema.StatusComplete;
            versionEntity[StoreSchema.FeatureCount] = packer.FeatureCount;
            versionEntity[StoreSchema.ByteSize] = packer.ByteSize;
            versionEntity[StoreSchema.RowCount] = packer.RowCount;
            versionEntity[StoreSchema.BatchCount] = packer.BatchCount;
            await StoreErrors.Guard(async () =>
            {
                try
                {
                    await store.Versions.UpdateEntityAsync(versionEntity, versionEntity.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status is 404 or 412)
                {
                    throw new PublishConflictException($"Version '{versionId}' of '{collectionId}' was removed while it was being written (a cleanup or delete ran); nothing was switched.");
                }
            });

            await _hooks.BeforeSwitchAsync(collectionId, versionId, cancellationToken);
            var metadata = Merge(collectionId, existing?.Metadata, input, ingest.InferredGeometryType, queryables);
            await store.SwitchCurrentVersionAsync(collectionId, versionId, metadata, existing, cancellationToken);
            return new PublishResult(collectionId, versionId, report, packer.RowCount, packer.BatchCount, packer.ByteSize);
        }
        catch (Exception e)
        {
            try
            {
                await Task.WhenAll(inflight);
            }
            catch
            {
                // Already failing; the first error is the one reported.
            }
            try
            {
                await store.DeleteVersionAsync(collectionId, versionId, CancellationToken.None);
            }
            catch (Exception cleanup) when (StoreErrors.IsUnavailable(cleanup))
            {
                // Storage is gone: the version stays 'writing' and the next publish deletes it.
            }
            if (e is ImportFileException file)
                throw new UploadRejectedException(400, file.Message, report);
            throw;
        }

        async ValueTask WriteReadyBatchesAsync(bool drain, CancellationToken ct)
        {
            while (packer.TryTakeBatch(out var batch))
            {
                while (inflight.Count >= Math.Max(1, store.Options.WriteConcurrency))
                {
                    var done = await Task.WhenAny(inflight);
                    inflight.Remove(done);
                    await done;
                }
                inflight.Add(WriteBatchAsync(batch, ct));
            }
            if (drain)
            {
                await Task.WhenAll(inflight);
                inflight.Clear();
            }
        }

        async Task WriteBatchAsync(IReadOnlyList<TableTransactionAction> batch, CancellationToken ct)
        {
            await store.SubmitBatchAsync(batch, ct);
            await _hooks.AfterBatchAsync(collectionId, versionId, Interlocked.Increment(ref batchesWritten), ct);
        }
    }

    /// <summary>Sortable, unique version ids: UTC time to the millisecond and 8 random hex digits, e.g. <c>20250101T120000123Z-1a2b3c4d</c>.</summary>
    public static string NewVersionId(TimeProvider time) =>
        $"{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{Random.Shared.Next():x8}";

    /// <summary>
    /// The version's metadata: the existing collection's with the given overrides, or a new collection's
    /// from the input. Either way its queryables are <paramref name="derived"/> from this version's features
    /// (a property the old version had and this one lacks is gone); a derived queryable without a
    /// description keeps the one the existing collection gave that property.
    /// </summary>
    private static CollectionMetadata Merge(string collectionId, CollectionMetadata? existing, MetadataInput input, string? inferredGeometryType,
        IReadOnlyList<QueryableProperty> derived)
    {
        static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (existing is not null)
        {
            return existing with
            {
                Queryables = derived.Select(q => q.Description is null && existing.FindQueryable(q.Name)?.Description is { } description
                    ? q with { Description = description } : q).ToList(),
                Title = Given(input.Title) ?? existing.Title,
                Description = Given(input.Description) ?? existing.Description,
                License = Given(input.License) ?? existing.License,
                LicenseUrl = Given(input.LicenseUrl) ?? existing.LicenseUrl,
                Attribution = Given(input.Attribution) ?? existing.Attribution,
                Source = Given(input.Source) ?? existing.Source,
                SourceUrl = Given(input.SourceUrl) ?? existing.SourceUrl,
                DateProperty = Given(input.DateProperty) ?? existing.DateProperty,
                GeometryType = Given(input.GeometryType) ?? existing.GeometryType,
            };
        }
        return new CollectionMetadata
        {
            Id = collectionId,
            Title = Given(input.Title)!,
            Description = Given(input.Description) ?? "",
            License = Given(input.License)!,
            LicenseUrl = Given(input.LicenseUrl),
            Attribution = Given(input.Attribution)!,
            Source = Given(input.Source)!,
            SourceUrl = Given(input.SourceUrl),
            DateProperty = Given(input.DateProperty),
            GeometryType = Given(input.GeometryType) ?? inferredGeometryType ?? "Geometry",
            Queryables = derived,
        };
    }

    /// <summary>
    /// What the publisher knows of the properties it normalises, merged into the derived queryables
    /// (<see cref="QueryableAccumulator.Build"/>): descriptions and enums, and their order first, for the
    /// properties the upload has.
    /// </summary>
    private static IReadOnlyList<QueryableProperty> CuratedQueryables(string collectionId) => CellSiteRules.AppliesTo(collectionId) ?
    [
        .. DefaultQueryables,
        new QueryableProperty { Name = "radio_type", Type = "string", Description = "Radio technology (ITU): 2G, 3G, 4G or 5G", Values = RadioTypes.All },
        new QueryableProperty { Name = "operator_name", Type = "string", Description = "Mobile network operator" },
    ] : DefaultQueryables;

    private static readonly IReadOnlyList<QueryableProperty> DefaultQueryables =
    [
        new QueryableProperty { Name = "status", Type = "string", Description = "Normalised status", Values = StatusNormaliser.All },
        new QueryableProperty { Name = "country", Type = "string", Description = "ISO 3166-1 alpha-3" },
    ];

    /// <summary>Per-feature work of one publish: parse, validate, normalise, pack.</summary>
    private sealed class Ingest(string name, LayerReport report, RowPacker packer, bool cellSites)
    {
        private readonly FeatureValidator _validator = new(report);
        private readonly ArrayBufferWriter<byte> _buffer = new(1 << 12);
        private readonly HashSet<string> _geometryTypes = new(StringComparer.Ordinal);

        /// <summary>The properties of the features written, as written (status and radio_type normalised).</summary>
        public QueryableAccumulator Queryables { get; } = new();

        public string? InferredGeometryType => _geometryTypes.Count switch
        {
            0 => null,
            1 => _geometryTypes.First(),
            _ when _geometryTypes.All(t => t is "LineString" or "MultiLineString") => "MultiLineString",
            _ when _geometryTypes.All(t => t is "Point" or "MultiPoint") => "MultiPoint",
            _ when _geometryTypes.All(t => t is "Polygon" or "MultiPolygon") => "MultiPolygon",
            _ => "Geometry",
        };

        public void OnFeature(ReadOnlySpan<byte> json, int index, SourceCrs crs)
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (JsonText.HasInvalidUtf16(document.RootElement))
            {
                _validator.Report.Read++;
                _validator.Report.Reject(new Rejection(name, index, null,
                    "text that is not valid UTF-16 (an escaped lone surrogate such as \\ud800) in a name or value"));
                return;
            }
            var feature = GeoJsonSourceReader.ReadFeature(document.RootElement, index, crs);
            string? cellSiteError = cellSites ? CellSiteRules.Reason(feature.Geometry, feature.GetString("radio_type"), feature.GetString("radio")) : null;
            if (!_validator.Accept(name, index, feature.Id, feature.Geometry, feature.GeometryError, cellSiteError))
                return;
            var geometry = AntimeridianSplitter.Split(feature.Geometry!);
            _geometryTypes.Add(geometry.GeometryType);
            _buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
                WriteFeature(writer, feature.Id!, geometry, feature.Properties, cellSites);
            using (var written = JsonDocument.Parse(_buffer.WrittenMemory))
                Queryables.Add(written.RootElement.GetProperty("properties"));
            packer.AppendFeature(_buffer.WrittenSpan);
        }
    }

    /// <summary>
    /// The normalised feature: <c>{"type":"Feature","id":..,"geometry":..,"properties":{..}}</c>, geometry
    /// through <see cref="LayerFileWriter.WriteGeometry"/> (7 decimals), properties as uploaded except
    /// <c>status</c>, which goes through <see cref="StatusNormaliser"/>, and <c>radio_type</c>, which becomes
    /// <see cref="RadioTypes"/>' value when it has one (and stays as uploaded otherwise).
    /// For a cell site (<paramref name="cellSite"/>, already checked by <see cref="CellSiteRules.Reason"/>):
    /// <c>radio_type</c> is always the normalised value (from OpenCelliD's <c>radio</c> when the feature has
    /// no <c>radio_type</c>, added after the other properties), and <c>status</c> is
    /// <see cref="CellSiteRules.Status"/> (<c>operational</c> when missing, also added when absent).
    /// </summary>
    public static void WriteFeature(Utf8JsonWriter writer, string id, Geometry geometry, JsonElement properties, bool cellSite = false)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", id);
        writer.WritePropertyName("geometry");
        LayerFileWriter.WriteGeometry(writer, geometry);
        writer.WritePropertyName("properties");
        writer.WriteStartObject();
        bool hasObject = properties.ValueKind == JsonValueKind.Object;
        string? radioType = cellSite
            ? CellSiteRules.RadioType(hasObject ? Radio(properties, "radio_type") : null, hasObject ? Radio(properties, "radio") : null)
            : null;
        bool wroteRadioType = false, wroteStatus = false;
        if (hasObject)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (property.NameEquals("status"))
                {
                    string? status = Text(property.Value);
                    writer.WriteString("status", cellSite ? CellSiteRules.Status(status) : StatusNormaliser.Normalise(status));
                    wroteStatus = true;
                }
                else if (property.NameEquals("radio_type") && (cellSite || RadioTypes.Normalise(Radio(property.Value)) is not null))
                {
                    writer.WriteString("radio_type", cellSite ? radioType : RadioTypes.Normalise(Radio(property.Value)));
                    wroteRadioType = true;
                }
                else
                    property.WriteTo(writer);
            }
        }
        if (cellSite && !wroteRadioType)
            writer.WriteString("radio_type", radioType);
        if (cellSite && !wroteStatus)
            writer.WriteString("status", StatusNormaliser.Operational);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A property value as text: a string as is, null for null, anything else as its JSON.</summary>
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };

    /// <summary>A radio technology as <see cref="SourceFeature.GetString"/> reads it (what <see cref="CellSiteRules.Reason"/> checked): a string, or a number's text.</summary>
    private static string? Radio(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    private static string? Radio(JsonElement properties, string name) => properties.TryGetProperty(name, out var value) ? Radio(value) : null;
}
