using System.Globalization;
using System.IO.Compression;
using Maps.Core.Import;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace Maps.Formats;

/// <summary>
/// A zipped Esri Shapefile. The zip is spooled to a temp file, the layer's <c>.shp</c>, <c>.dbf</c>,
/// <c>.prj</c> and <c>.cpg</c> are extracted to a temp folder of their own (under fixed names, so no entry path
/// is ever used as one; the <c>.shx</c> index is not needed to read in order) and, once <see cref="ShapefileStructure"/>
/// has checked their lengths, read with NetTopologySuite.IO.Esri.Shapefile: attributes become properties, the DBF
/// text encoding comes from the <c>.cpg</c> (or the DBF's language byte); a one-part polyline or polygon is a
/// LineString or Polygon. The layer is the <c>.shp</c> named by
/// <see cref="UploadReadOptions.Layer"/> or the first in the zip. The <c>.prj</c> is required: without it the CRS is
/// unknown, and guessing lon/lat would put a projected layer in the wrong place. The feature id is an <c>id</c>
/// attribute if there is one, else the record number from 1. A zip that cannot be read, with no <c>.shp</c>, no
/// <c>.dbf</c> or <c>.prj</c> beside it, a CRS that cannot be transformed, or a record that cannot be read, is an
/// <see cref="ImportFileException"/>.
/// </summary>
public sealed class ShapefileFormat : IUploadFormat
{
    private const int BlockFeatures = 1000;

    public string Id => "shapefile";

    public IReadOnlyList<string> MediaTypes { get; } = ["application/zip", "application/x-zip-compressed", "application/x-shapefile"];

    public IReadOnlyList<string> Extensions { get; } = [".zip", ".shp.zip"];

    public bool HasNodes => false;

    public async Task<int> ReadAsync(Stream body, UploadReadOptions options, UploadSink sink, CancellationToken cancellationToken = default)
    {
        string name = options.Name;
        using var zipFile = await TempFile.SpoolAsync(body, options.TempDirectory, ".zip", cancellationToken);
        string folder = Path.Combine(options.TempDirectory, $"shapefile-{Guid.NewGuid():N}");
        try
        {
            string shp = await ExtractLayerAsync(zipFile.Path, folder, options.Layer, name, cancellationToken);
            return await ReadShapefileAsync(shp, sink, name, cancellationToken);
        }
        finally
        {
            try
            {
                if (Directory.Exists(folder))
                    Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp directory's own clean-up.
            }
        }
    }

    /// <summary>Extracts the layer's files as <c>layer.*</c> into <paramref name="folder"/>; returns the path of the <c>.shp</c>.</summary>
    private static async Task<string> ExtractLayerAsync(string zipPath, string folder, string? layer, string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var zip = await ZipFile.OpenReadAsync(zipPath, cancellationToken);
            var shps = zip.Entries.Where(e => IsLayerFile(e, ".shp")).ToList();
            if (shps.Count == 0)
                throw new ImportFileException(name, "the zip has no .shp (a zipped Shapefile needs its .shp, .dbf and .prj).");
            var shp = layer is null ? shps[0]
                : shps.FirstOrDefault(e => string.Equals(Path.GetFileNameWithoutExtension(e.Name), layer, StringComparison.OrdinalIgnoreCase))
                  ?? throw new ImportFileException(name, $"the zip has no layer '{layer}'. Its layers: {string.Join(", ", shps.Select(e => Path.GetFileNameWithoutExtension(e.Name)))}.");
            string stem = shp.FullName[..^4];
            string layerName = Path.GetFileNameWithoutExtension(shp.Name);
            ZipArchiveEntry? Sibling(string extension) =>
                zip.Entries.FirstOrDefault(e => e.FullName.Length == stem.Length + extension.Length
                    && e.FullName.StartsWith(stem, StringComparison.OrdinalIgnoreCase)
                    && e.FullName.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
            var dbf = Sibling(".dbf") ?? throw new ImportFileException(name, $"the zip has {shp.FullName} but no {layerName}.dbf beside it (the attributes are in the .dbf).");
            var prj = Sibling(".prj") ?? throw new ImportFileException(name,
                $"the zip has {shp.FullName} but no {layerName}.prj, so its CRS is unknown; add the .prj the GIS wrote with it.");
            Directory.CreateDirectory(folder);
            string shpPath = Path.Combine(folder, "layer.shp");
            await ExtractAsync(shp, shpPath, cancellationToken);
            await ExtractAsync(dbf, Path.Combine(folder, "layer.dbf"), cancellationToken);
            await ExtractAsync(prj, Path.Combine(folder, "layer.prj"), cancellationToken);
            if (Sibling(".cpg") is { } cpg)
                await ExtractAsync(cpg, Path.Combine(folder, "layer.cpg"), cancellationToken);
            return shpPath;
        }
        catch (InvalidDataException e)
        {
            throw new ImportFileException(name, $"not a readable zip file ({e.Message}).", e);
        }
    }

    /// <summary>A real layer file, not macOS resource-fork litter (<c>__MACOSX/</c>, <c>._name</c>).</summary>
    private static bool IsLayerFile(ZipArchiveEntry entry, string extension) =>
        entry.FullName.EndsWith(extension, StringComparison.OrdinalIgnoreCase)
        && !entry.FullName.StartsWith("__MACOSX/", StringComparison.OrdinalIgnoreCase)
        && !entry.Name.StartsWith("._", StringComparison.Ordinal)
        && entry.Name.Length > extension.Length;

    private static async Task ExtractAsync(ZipArchiveEntry entry, string path, CancellationToken cancellationToken)
    {
        await using var input = await entry.OpenAsync(cancellationToken);
        await using var output = File.Create(path);
        await input.CopyToAsync(output, cancellationToken);
    }

    private static async Task<int> ReadShapefileAsync(string shpPath, UploadSink sink, string name, CancellationToken cancellationToken)
    {
        string prj = await File.ReadAllTextAsync(Path.ChangeExtension(shpPath, ".prj"), cancellationToken);
        var crs = CrsTransform.ForPrj(prj, name);
        ShapefileStructure.Check(shpPath, Path.ChangeExtension(shpPath, ".dbf"), name);
        using var layer = Library(name, "cannot be opened", () => Shapefile.OpenRead(shpPath, new ShapefileReaderOptions { Encoding = DbfEncoding(shpPath) }));
        int idField = -1;
        for (int i = 0; i < layer.Fields.Count; i++)
            if (string.Equals(layer.Fields[i].Name, "id", StringComparison.OrdinalIgnoreCase))
                idField = i;
        sink.Schema?.Invoke(new UploadSchema(null, Enumerable.Range(0, layer.Fields.Count).Where(i => i != idField)
            .Select(i => ColumnTypes.Queryable(layer.Fields[i].Name, ColumnTypes.FromDbf(layer.Fields[i]))).OfType<QueryableProperty>().ToArray()));
        using var writer = new FeatureJsonWriter();
        int count = 0;
        while (Library(name, $"record {count + 1} cannot be read", layer.Read))
        {
            var geometry = layer.Geometry is { IsEmpty: false } g ? crs.Apply(SinglePart(g)) : null;
            string? id = idField >= 0
                ? NullIfBlank(Convert.ToString(layer.Fields[idField].Value, CultureInfo.InvariantCulture))
                : (count + 1).ToString(CultureInfo.InvariantCulture);
            writer.Begin(id, geometry);
            for (int i = 0; i < layer.Fields.Count; i++)
                if (i != idField)
                    writer.Property(layer.Fields[i].Name, layer.Fields[i].Value is string text && text.Length == 0 ? null : layer.Fields[i].Value);
            sink.Features(writer.End(), count++, crs.Crs);
            if (count % BlockFeatures == 0)
                await sink.AfterBlock(cancellationToken);
        }
        await sink.AfterBlock(cancellationToken);
        return count;
    }

    /// <summary>
    /// The DBF's text encoding: the <c>.cpg</c>'s, which the library reads itself (null), else the code page its
    /// language driver byte names, as GDAL reads it (GDAL writes 0x57, ANSI, with no <c>.cpg</c>: Windows-1252).
    /// The library does not map that byte itself, and .NET has the Windows code pages only with their provider.
    /// </summary>
    private static System.Text.Encoding? DbfEncoding(string shpPath)
    {
        if (File.Exists(Path.ChangeExtension(shpPath, ".cpg")))
            return null;
        using var dbf = File.OpenRead(Path.ChangeExtension(shpPath, ".dbf"));
        Span<byte> header = stackalloc byte[32];
        if (dbf.ReadAtLeast(header, 32, throwOnEndOfStream: false) < 32)
            return null;
        int codePage = header[29] switch
        {
            0x01 => 437, 0x02 => 850, 0x03 or 0x57 => 1252, 0x64 => 852, 0x65 => 866, 0x66 => 865, 0x78 => 950, 0x79 => 949,
            0x7A => 936, 0x7B => 932, 0x7C => 874, 0x7D => 1255, 0x7E => 1256, 0xC8 => 1250, 0xC9 => 1251, 0xCA => 1254, 0xCB => 1253,
            _ => 0,
        };
        if (codePage == 0)
            return null;
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return System.Text.Encoding.GetEncoding(codePage);
    }

    /// <summary>
    /// Runs one call into the Shapefile library, which reports a damaged file with whatever exception its
    /// parsing meets (end of stream, index out of range, its own ShapefileException); each is the file's fault.
    /// </summary>
    private static T Library<T>(string name, string what, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException or ImportFileException))
        {
            throw new ImportFileException(name, $"the Shapefile {what}: {e.Message}", e);
        }
    }

    /// <summary>
    /// A one-part polyline or polygon as a LineString or Polygon, as GDAL reads it: the format stores every
    /// polyline and polygon as multi-part, and the library reads them all as Multi*.
    /// </summary>
    private static Geometry SinglePart(Geometry geometry) =>
        geometry is MultiLineString or MultiPolygon && geometry.NumGeometries == 1 ? geometry.GetGeometryN(0) : geometry;

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
