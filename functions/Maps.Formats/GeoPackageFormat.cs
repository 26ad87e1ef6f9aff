using System.Globalization;
using Maps.Core.Import;
using Maps.Core.Layers;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Maps.Formats;

/// <summary>
/// An OGC GeoPackage: the body is spooled to a temp file (SQLite needs to seek) and one feature table is
/// read, <see cref="UploadReadOptions.Layer"/> or the first in <c>gpkg_contents</c>. Geometries come from
/// NetTopologySuite's <see cref="GeoPackageGeoReader"/> and are brought to lon/lat by <see cref="CrsTransform"/>
/// from the layer's <c>gpkg_spatial_ref_sys</c> row. The feature id is the table's integer primary key; every
/// other column but the geometry is a property, its value read as its declared type (<see cref="ColumnTypes.Convert"/>:
/// BOOLEAN as true/false, DATETIME as RFC 3339 in UTC). A geometry blob that cannot be read is handed on as null
/// (rejected alone); a file that is not SQLite, has no <c>gpkg_contents</c>, no such layer or a CRS that cannot be
/// transformed, or is corrupt part way, is an <see cref="ImportFileException"/>.
/// </summary>
public sealed class GeoPackageFormat : IUploadFormat
{
    private const int BlockFeatures = 1000;
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    public string Id => "gpkg";

    public IReadOnlyList<string> MediaTypes { get; } = ["application/geopackage+sqlite3", "application/geopackage+vnd.sqlite3", "application/x-sqlite3"];

    public IReadOnlyList<string> Extensions { get; } = [".gpkg"];

    public bool HasNodes => false;

    public async Task<int> ReadAsync(Stream body, UploadReadOptions options, UploadSink sink, CancellationToken cancellationToken = default)
    {
        using var file = await TempFile.SpoolAsync(body, options.TempDirectory, ".gpkg", cancellationToken);
        CheckMagic(file.Path, options.Name);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file.Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            var layer = GeoPackageLayer.Open(connection, options.Layer, options.Name);
            return await ReadFeaturesAsync(connection, layer, sink, options.Name, cancellationToken);
        }
        catch (Exception e) when (e is SqliteException or InvalidCastException or FormatException or OverflowException)
        {
            // SQLite's own errors (corrupt pages, a malformed schema) and values of a type a catalogue column cannot have.
            throw new ImportFileException(options.Name, $"not a readable GeoPackage ({e.Message}).", e);
        }
    }

    private static void CheckMagic(string path, string name)
    {
        Span<byte> head = stackalloc byte[16];
        using (var stream = File.OpenRead(path))
        {
            if (stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !head.SequenceEqual(SqliteMagic))
                throw new ImportFileException(name, "not a GeoPackage: the file is not an SQLite database.");
        }
    }

    private static async Task<int> ReadFeaturesAsync(SqliteConnection connection, GeoPackageLayer layer, UploadSink sink, string name, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {Quote(layer.Table)}";
        using var reader = command.ExecuteReader();
        int geometryOrdinal = Ordinal(reader, layer.GeometryColumn);
        if (geometryOrdinal < 0)
            throw new ImportFileException(name, $"the GeoPackage layer '{layer.Table}' has no column '{layer.GeometryColumn}', which gpkg_geometry_columns names as its geometry.");
        int keyOrdinal = layer.PrimaryKey is null ? -1 : Ordinal(reader, layer.PrimaryKey);
        var types = new ColumnType[reader.FieldCount];
        for (int i = 0; i < types.Length; i++)
            types[i] = layer.DeclaredTypes.TryGetValue(reader.GetName(i), out var declared) ? ColumnTypes.FromGeoPackage(declared) : ColumnType.Any;
        sink.Schema?.Invoke(new UploadSchema(layer.GeometryColumn, Enumerable.Range(0, types.Length)
            .Where(i => i != geometryOrdinal && i != keyOrdinal)
            .Select(i => ColumnTypes.Queryable(reader.GetName(i), types[i])).OfType<QueryableProperty>().ToArray()));
        var geometryReader = new GeoPackageGeoReader();
        using var writer = new FeatureJsonWriter();
        int count = 0;
        while (reader.Read())
        {
            var geometry = ReadGeometry(geometryReader, reader, geometryOrdinal);
            if (geometry is not null)
                geometry = layer.Crs.Apply(geometry);
            if (keyOrdinal >= 0 && reader.GetValue(keyOrdinal) is long key)
                writer.Begin(key, geometry);
            else
                writer.Begin(keyOrdinal >= 0 ? Convert.ToString(reader.GetValue(keyOrdinal), CultureInfo.InvariantCulture) : (count + 1).ToString(CultureInfo.InvariantCulture), geometry);
            for (int i = 0; i < reader.FieldCount; i++)
                if (i != geometryOrdinal && i != keyOrdinal)
                    writer.Property(reader.GetName(i), ColumnTypes.Convert(reader.GetValue(i), types[i]));
            sink.Features(writer.End(), count++, layer.Crs.Crs);
            if (count % BlockFeatures == 0)
                await sink.AfterBlock(cancellationToken);
        }
        await sink.AfterBlock(cancellationToken);
        return count;
    }

    private static int Ordinal(SqliteDataReader reader, string column)
    {
        for (int i = 0; i < reader.FieldCount; i++)
            if (string.Equals(reader.GetName(i), column, StringComparison.OrdinalIgnoreCase))
                return i;
        return -1;
    }

    private static Geometry? ReadGeometry(GeoPackageGeoReader geometryReader, SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal) || reader.GetValue(ordinal) is not byte[] blob || blob.Length == 0)
            return null;
        try
        {
            var geometry = geometryReader.Read(blob);
            return geometry is null || geometry.IsEmpty ? null : geometry;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A blob that is not a GeoPackage geometry: this feature alone is rejected.
            return null;
        }
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
