using Maps.Core.Import;
using Maps.Core.Layers;

namespace Maps.Formats;

/// <summary>One feature of an upload as the UTF-8 bytes of a GeoJSON Feature, with the CRS its coordinates are in.</summary>
public delegate void FeatureHandler(ReadOnlySpan<byte> feature, int index, SourceCrs crs);

/// <summary>What a reader needs besides the bytes.</summary>
/// <param name="Name">The collection, for messages.</param>
/// <param name="TempDirectory">Where a reader may spool the body (GeoPackage, zip); it deletes what it writes.</param>
public sealed record UploadReadOptions(string Name, string TempDirectory)
{
    /// <summary>The GeoPackage layer to read (<c>?layer=</c>); the first feature table when absent.</summary>
    public string? Layer { get; init; }

    /// <summary>The CRS of formats that cannot name one (CSV, GeoJSON-seq; <c>?crs=</c>): EPSG:4326 / CRS84 (default) or EPSG:3857.</summary>
    public string? Crs { get; init; }
}

/// <summary>
/// What a format with a schema declares of its layer (GeoPackage, Shapefile): the name of its geometry column,
/// which becomes the collection's geometry queryable, and its columns' types in their order, as queryables
/// (<c>integer</c>, <c>number</c>, <c>boolean</c>, <c>string</c> with <c>format</c> <c>date</c> or <c>date-time</c>).
/// </summary>
public sealed record UploadSchema(string? GeometryName, IReadOnlyList<QueryableProperty> Columns);

/// <summary>
/// Where a reader sends what it reads: <see cref="Features"/> for the collection published to, and for
/// a format that holds a second layer (OFDS: spans and nodes) <see cref="Nodes"/>. <see cref="AfterBlock"/>
/// is awaited between blocks, so the publisher writes while the reader reads and memory stays flat.
/// <see cref="Schema"/>, when given, hears a schema once, before the first feature.
/// </summary>
public sealed record UploadSink(FeatureHandler Features, Func<CancellationToken, ValueTask> AfterBlock, FeatureHandler? Nodes = null, Action<UploadSchema>? Schema = null);

/// <summary>
/// One upload format. File-level problems (truncated or not this format, no layer, a CRS that cannot be
/// transformed: named) throw <see cref="ImportFileException"/>, a 400; a feature the reader cannot turn into
/// GeoJSON is handed on with a null geometry, so the validator rejects it with its index.
/// </summary>
public interface IUploadFormat
{
    /// <summary>The <c>?format=</c> value: <c>geojson</c>, <c>geojsonseq</c>, <c>csv</c>, <c>gpkg</c>, <c>shapefile</c>, <c>ofds</c>.</summary>
    string Id { get; }

    /// <summary>Content types that select this format.</summary>
    IReadOnlyList<string> MediaTypes { get; }

    /// <summary>File name endings that select it in a multipart upload (lower case, with the dot).</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>True when the format also yields nodes (<see cref="UploadSink.Nodes"/> must then be given).</summary>
    bool HasNodes { get; }

    /// <summary>Reads every feature in order; returns the number read.</summary>
    Task<int> ReadAsync(Stream body, UploadReadOptions options, UploadSink sink, CancellationToken cancellationToken = default);
}
