using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Maps.Core.Geodesy;
using Maps.Core.Import;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Storage.Publishing;

/// <summary>
/// One collection of a publish and the per-feature work for it: parse, validate (the import's
/// <see cref="FeatureValidator"/>), normalise (antimeridian split, the collection's geometry type by
/// <see cref="GeometryFit"/>, derived fields, status and cell-site rules through <see cref="FeatureNormaliser"/>),
/// and append to the version being written. Not thread-safe.
/// </summary>
internal sealed class PublishTarget
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly FeatureValidator _validator;
    private readonly CountryLocator? _countries;
    private readonly bool _cellSites;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 12);

    public PublishTarget(string collectionId, CatalogEntry? existing, int currentCount, CollectionMetadata? current, string? declaredGeometryType, CountryLocator? countries)
    {
        CollectionId = collectionId;
        Existing = existing;
        CurrentCount = currentCount;
        Current = current;
        Report = new LayerReport(collectionId);
        _validator = new FeatureValidator(Report);
        Geometry = new GeometryFit(declaredGeometryType);
        _countries = countries;
        _cellSites = CellSiteRules.AppliesTo(collectionId);
    }

    public string CollectionId { get; }

    /// <summary>The store's entry the switch is conditional on (null: the store has none yet).</summary>
    public CatalogEntry? Existing { get; }

    /// <summary>The metadata served now: the store's, or the shipped layer's it would override; null for a new collection.</summary>
    public CollectionMetadata? Current { get; }

    /// <summary>Features served now (0 for a new collection), for the half-drop guard.</summary>
    public int CurrentCount { get; }

    public LayerReport Report { get; }

    public GeometryFit Geometry { get; }

    public IVersionWriter Writer { get; set; } = null!;

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
        string? cellSiteError = _cellSites ? CellSiteRules.Reason(feature.Geometry, feature.GetString("radio_type"), feature.GetString("radio")) : null;
        if (!_validator.Accept(CollectionId, index, feature.Id, feature.Geometry, feature.GeometryError, cellSiteError))
            return;
        var geometry = Geometry.Fit(AntimeridianSplitter.Split(feature.Geometry!));
        if (geometry is null)
        {
            Report.Written--; // counted by GeometryFit instead: the publish fails with those counts
            return;
        }
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
            FeatureNormaliser.WriteFeature(writer, feature.Id!, geometry, feature.Properties, _cellSites, Derive(geometry, feature.Properties));
        Writer.AppendFeature(_buffer.WrittenSpan, new FeatureSource(CollectionId, index));
    }

    private DerivedFields Derive(Geometry geometry, JsonElement properties)
    {
        double? lengthKm = geometry is LineString or MultiLineString ? Math.Round(Sphere.LengthKm(geometry), 3, MidpointRounding.AwayFromZero) : null;
        bool hasCountry = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("country", out var country) && country.ValueKind != JsonValueKind.Null;
        if (hasCountry || _countries?.LocateGeometry(geometry) is not { } match)
            return new DerivedFields(lengthKm, null, null);
        return new DerivedFields(lengthKm, match.Iso3, CountryCodes.NameOf(match.Iso3) ?? match.Name);
    }
}
