using Maps.Core.Import;
using NetTopologySuite.Geometries;

namespace Maps.Import;

/// <summary>What every source mapper needs: where the sources are and how to find a point's country.</summary>
internal sealed class ImportContext
{
    public const string BoundariesFile = "country-boundaries/worldatlas_50m_countries.geojson";

    public ImportContext(string sourcesDirectory)
    {
        SourcesDirectory = sourcesDirectory;
        Countries = CountryLocator.FromGeoJsonFile(System.IO.Path.Combine(sourcesDirectory, BoundariesFile));
    }

    public string SourcesDirectory { get; }

    public CountryLocator Countries { get; }

    /// <summary>Reads a source file given relative to the sources directory; messages name it by that relative path.</summary>
    public SourceCollection Read(string relativePath)
    {
        string full = System.IO.Path.Combine(SourcesDirectory, relativePath);
        if (!File.Exists(full))
            throw new ImportFileException(relativePath, "file not found.");
        byte[] bytes = File.ReadAllBytes(full);
        return GeoJsonSourceReader.Parse(bytes, relativePath);
    }

    /// <summary>
    /// Reads a source CSV given relative to the sources directory (gzip-compressed when its name ends in
    /// <c>.gz</c>, as OpenCelliD ships its exports); messages name it by that relative path.
    /// </summary>
    public SourceCsv ReadCsv(string relativePath)
    {
        string full = System.IO.Path.Combine(SourcesDirectory, relativePath);
        if (!File.Exists(full))
            throw new ImportFileException(relativePath, "file not found.");
        if (!full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            return CsvSourceReader.ReadFile(full, relativePath);
        try
        {
            using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(full), System.IO.Compression.CompressionMode.Decompress);
            return CsvSourceReader.Read(gzip, relativePath);
        }
        catch (InvalidDataException e)
        {
            throw new ImportFileException(relativePath, $"not a gzip file ({e.Message}).", e);
        }
    }

    /// <summary>The country of a feature: the one rule of the import and the publish (<see cref="CountryLocator.CountryOf"/>).</summary>
    public (string? Iso3, string? Name) CountryOf(Geometry geometry, string? sourceName = null) => Countries.CountryOf(geometry, sourceName);
}

/// <summary>Small helpers shared by the source mappers.</summary>
internal static class Map
{
    /// <summary>Null for missing values and the null spellings of the sources ("&lt;NA&gt;", "NA", "null", "None").</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
            return null;
        string trimmed = value.Trim();
        return trimmed.Length == 0 || trimmed is "<NA>" or "NA" or "N/A" or "null" or "None" ? null : trimmed;
    }

    public static int? Year(string? value) =>
        int.TryParse(Clean(value), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int y) ? y : null;

    /// <summary>
    /// Runs every feature of <paramref name="source"/> through the one ingest path (id from <paramref name="idOf"/>);
    /// <paramref name="map"/> gives an accepted feature's properties from its final geometry (split, fitted, rounded).
    /// </summary>
    public static void Features(SourceCollection source, LayerIngest ingest,
        Func<SourceFeature, string?> idOf, Func<SourceFeature, string, Geometry, OutputFeature> map)
    {
        foreach (var f in source.Features)
        {
            string? id = idOf(f);
            ingest.Add(source.File, f.Index, id, f.Geometry, f.GeometryError, null, geometry => LayerFileWriter.Properties(map(f, id!, geometry)), f.Fixed);
        }
    }

    /// <summary>
    /// Runs every row of a CSV of points through the one ingest path. The point is
    /// (<paramref name="lonColumn"/>, <paramref name="latColumn"/>); a row without a readable number there
    /// is rejected with that reason, and a number out of range or not finite by the validator.
    /// <paramref name="rowError"/> gives the layer's own reason to refuse a row (null: none).
    /// </summary>
    public static void CsvPoints(SourceCsv csv, LayerIngest ingest, int lonColumn, int latColumn,
        Func<string[], string?> idOf, Func<string[], string?>? rowError, Func<string[], string, Geometry, OutputFeature> map)
    {
        for (int index = 0; index < csv.Rows.Count; index++)
        {
            var row = csv.Rows[index];
            string? id = idOf(row);
            double? lon = csv.Number(row, lonColumn), lat = csv.Number(row, latColumn);
            Geometry? point = lon is { } x && lat is { } y ? GeoJsonOptions.Factory.CreatePoint(new Coordinate(x, y)) : null;
            string? geometryError = point is null
                ? $"no point: {(lon is null ? "longitude" : "latitude")} '{SourceCsv.Field(row, lon is null ? lonColumn : latColumn)}' is missing or not a number"
                : null;
            ingest.Add(csv.File, index, id, point, geometryError, point is null ? null : rowError?.Invoke(row), geometry => LayerFileWriter.Properties(map(row, id!, geometry)));
        }
    }

    /// <summary>
    /// A curated queryable: the import derives every property's queryable from the features it writes
    /// (<see cref="QueryableAccumulator"/>) and takes from this one its description, its enum (when the
    /// property is a string) and its place in the order; <paramref name="type"/> (and <paramref name="itemsType"/>)
    /// only count when the data has no non-null value to tell the type by.
    /// </summary>
    public static QueryableProperty Q(string name, string type, string description, IReadOnlyList<string>? values = null, string? itemsType = null) =>
        new() { Name = name, Type = type, Description = description, Values = values, ItemsType = itemsType };

    public static QueryableProperty Status => CuratedQueryables.Status;

    public static QueryableProperty Country => CuratedQueryables.Country;
}

/// <summary>One shipped layer: its metadata and how to build its features from the sources.</summary>
internal interface ILayerSource
{
    CollectionMetadata Metadata { get; }

    /// <summary>Sends every feature of the layer's sources through <paramref name="ingest"/> (<see cref="Map.Features"/>, <see cref="Map.CsvPoints"/>).</summary>
    void Build(ImportContext context, LayerIngest ingest);
}

/// <summary>
/// A layer built only when its sources folder holds data for it, with metadata that depends on that data.
/// When it holds none the layer is skipped: not built, and any files of it in the output are removed, so
/// the output always follows the sources.
/// </summary>
internal interface IOptionalLayerSource : ILayerSource
{
    /// <summary>The layer's metadata for what the sources hold, or null when they hold nothing for it.</summary>
    CollectionMetadata? MetadataFor(ImportContext context);

    /// <summary>Why the layer is skipped, for the import's report (e.g. "no CSV in cell-sites/").</summary>
    string Absent { get; }
}
