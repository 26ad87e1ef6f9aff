using System.Text.Json;
using Maps.Core.Import;
using Maps.Core.Layers;

namespace Maps.Storage.Publishing;

/// <summary>
/// One collection of a publish: what the switch is conditional on, and the per-feature work, which is the
/// one ingest path (<see cref="LayerIngest"/>: validate, split, fit the geometry type, derive fields, property
/// rules) into the version being written. Not thread-safe.
/// </summary>
internal sealed class PublishTarget
{
    private IVersionWriter _writer = null!;

    public PublishTarget(string collectionId, CatalogEntry? existing, int currentCount, CollectionMetadata? current, string? declaredGeometryType, CountryLocator? countries)
    {
        CollectionId = collectionId;
        Existing = existing;
        CurrentCount = currentCount;
        Current = current;
        Report = new LayerReport(collectionId);
        Rules = new IngestRules(collectionId) { GeometryType = declaredGeometryType, DeriveFields = true, Countries = countries };
    }

    public string CollectionId { get; }

    /// <summary>The store's entry the switch is conditional on (null: the store has none yet).</summary>
    public CatalogEntry? Existing { get; }

    /// <summary>The metadata served now: the store's, or the shipped layer's it would override; null for a new collection.</summary>
    public CollectionMetadata? Current { get; }

    /// <summary>Features served now (0 for a new collection), for the half-drop guard.</summary>
    public int CurrentCount { get; }

    public LayerReport Report { get; }

    public IngestRules Rules { get; }

    /// <summary>The ingest into <see cref="Writer"/>'s features, once there is a writer.</summary>
    public LayerIngest Ingest { get; private set; } = null!;

    public GeometryFit Geometry => Ingest.Geometry;

    public IVersionWriter Writer
    {
        get => _writer;
        set
        {
            _writer = value;
            Ingest = new LayerIngest(Rules, value.Features, Report);
        }
    }

    /// <summary>What the upload's format declared of its columns, if it has a schema (GeoPackage, Shapefile).</summary>
    public Maps.Formats.UploadSchema? Schema { get; set; }

    public void OnFeature(ReadOnlySpan<byte> json, int index, SourceCrs crs)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        if (JsonText.HasInvalidUtf16(document.RootElement))
        {
            Report.Read++;
            Report.Reject(new Rejection(CollectionId, index, null,
                "text that is not valid UTF-16 (an escaped lone surrogate such as \\ud800) in a name or value"));
            return;
        }
        var feature = GeoJsonSourceReader.ReadFeature(document.RootElement, index, crs);
        if (string.IsNullOrWhiteSpace(feature.Id) && feature.Properties.ValueKind == JsonValueKind.Object && feature.GetString("id") is { } propertyId)
            feature = feature with { Id = propertyId }; // GDAL writes a layer's id field as a property, as the CSV and Shapefile readers read an id column
        string? cellSiteError = Rules.CellSites ? CellSiteRules.Reason(feature.Geometry, feature.GetString("radio_type"), feature.GetString("radio")) : null;
        Ingest.Add(CollectionId, index, feature.Id, feature.Geometry, feature.GeometryError, cellSiteError, _ => PropertyValue.ListFromJson(feature.Properties), feature.Fixed);
    }
}
