using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Maps.Functions.Extracts;

/// <summary>
/// <c>application/geopackage+sqlite3</c> (OGC GeoPackage 1.3). SQLite needs random access, so the
/// package is built in a temporary file — every row inserted in one transaction through one
/// prepared command — then streamed out and deleted (<see cref="FileOptions.DeleteOnClose"/>):
/// memory is constant, disk use is the size of the package. Geometries are GeoPackage binary
/// (NetTopologySuite.IO.GeoPackage) in EPSG:4326. Provenance goes into the <c>description</c> of
/// <c>gpkg_contents</c> and into the Metadata extension (<c>gpkg_metadata</c> +
/// <c>gpkg_metadata_reference</c>): a Dublin Core JSON record, and the same facts in GDAL's own
/// metadata form so that <c>ogrinfo</c> shows them. No R-tree index is written (GIS tools build one
/// on demand). Arrays and objects are stored as JSON text.
/// </summary>
public sealed class GeoPackageExtractWriter : IExtractWriter
{
    private const int ApplicationId = 0x47504B47; // "GPKG"
    private const int UserVersion = 10300;        // GeoPackage 1.3.0
    private const int CancellationCheckRows = 4096;
    private const string MetadataExtension = "http://www.geopackage.org/spec/#extension_metadata";

    public string Format => "gpkg";

    public string MediaType => "application/geopackage+sqlite3";

    public string Title => "GeoPackage";

    public string Extension => "gpkg";

    public async Task WriteAsync(Extract extract, Stream output, Action<long>? lengthKnown = null, CancellationToken cancellationToken = default)
    {
        string path = Path.Combine(Path.GetTempPath(), $"maps-extract-{Guid.NewGuid():N}.gpkg");
        FileStream file;
        try
        {
            Build(extract, path, cancellationToken);
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Delete, 64 * 1024,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        await using (file)
        {
            lengthKnown?.Invoke(file.Length);
            await file.CopyToAsync(output, 64 * 1024, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>Writes the whole GeoPackage to <paramref name="path"/> (which must not exist).</summary>
    public static void Build(Extract extract, string path, CancellationToken cancellationToken = default)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {UserVersion}; " +
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA page_size = 65536;");
        using var transaction = connection.BeginTransaction();
        CreateCoreTables(connection);
        string table = extract.Layer.Id;
        var columns = extract.Columns;
        WriteContents(connection, extract, table);
        CreateFeatureTable(connection, extract, table, columns);
        var extent = InsertFeatures(connection, extract, table, columns, cancellationToken);
        WriteExtent(connection, table, extent);
        WriteMetadata(connection, extract, table);
        transaction.Commit();
    }

    private static void CreateCoreTables(SqliteConnection connection) => Execute(connection, """
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
          organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
        INSERT INTO gpkg_spatial_ref_sys VALUES
          ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
          ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
          ('WGS 84 geodetic', 4326, 'EPSG', 4326,
           'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
           'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
          description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
          CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
          srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
          CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
          CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
          CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
        CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
          scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
        CREATE TABLE gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
          md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');
        CREATE TABLE gpkg_metadata_reference (reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
          timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
          CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
          CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
        """);

    private static void CreateFeatureTable(SqliteConnection connection, Extract extract, string table, IReadOnlyList<PropertyColumn> columns)
    {
        var sql = new StringBuilder($"CREATE TABLE {Quote(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {extract.Schema.GeometryType}, id TEXT NOT NULL UNIQUE");
        foreach (var column in columns)
            sql.Append(", ").Append(Quote(column.Name)).Append(' ').Append(SqlType(column.Kind));
        sql.Append(')');
        Execute(connection, sql.ToString());
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO gpkg_geometry_columns VALUES ($table, 'geom', $type, 4326, 0, 0)";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$type", extract.Schema.GeometryType);
        command.ExecuteNonQuery();
    }

    private static Envelope InsertFeatures(SqliteConnection connection, Extract extract, string table, IReadOnlyList<PropertyColumn> columns, CancellationToken cancellationToken)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {Quote(table)} (geom, id{string.Concat(columns.Select(c => ", " + Quote(c.Name)))}) " +
            $"VALUES ($geom, $id{string.Concat(columns.Select((_, i) => $", $p{i}"))})";
        var geom = insert.Parameters.Add("$geom", SqliteType.Blob);
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var values = columns.Select((c, i) => insert.Parameters.Add($"$p{i}", c.Kind switch
        {
            ColumnKind.Integer or ColumnKind.Boolean => SqliteType.Integer,
            ColumnKind.Real => SqliteType.Real,
            _ => SqliteType.Text,
        })).ToArray();
        insert.Prepare();

        var geometryWriter = new GeoPackageGeoWriter();
        var extent = new Envelope();
        int rows = 0;
        foreach (var feature in extract.Features)
        {
            if (++rows % CancellationCheckRows == 0)
                cancellationToken.ThrowIfCancellationRequested();
            geom.Value = geometryWriter.Write(feature.Geometry);
            id.Value = feature.Id;
            for (int i = 0; i < columns.Count; i++)
            {
                values[i].Value = feature.Properties.ValueKind == JsonValueKind.Object && feature.Properties.TryGetProperty(columns[i].Name, out var value)
                    ? ValueOf(value, columns[i].Kind)
                    : DBNull.Value;
            }
            insert.ExecuteNonQuery();
            extent.ExpandToInclude(feature.Envelope);
        }
        return extent;
    }

    private static object ValueOf(JsonElement value, ColumnKind kind) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => DBNull.Value,
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => kind == ColumnKind.Boolean ? 1 : "true",
        JsonValueKind.False => kind == ColumnKind.Boolean ? 0 : "false",
        JsonValueKind.Number when kind == ColumnKind.Integer => value.GetInt64(),
        JsonValueKind.Number when kind == ColumnKind.Real => value.GetDouble(),
        _ => value.GetRawText(),
    };

    private static void WriteContents(SqliteConnection connection, Extract extract, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) " +
            "VALUES ($table, 'features', $identifier, $description, 4326)";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$identifier", extract.Metadata.Title);
        command.Parameters.AddWithValue("$description", $"{extract.Metadata.Description} {extract.Provenance}");
        command.ExecuteNonQuery();
    }

    private static void WriteExtent(SqliteConnection connection, string table, Envelope extent)
    {
        if (extent.IsNull)
            return;
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE gpkg_contents SET min_x = $minX, min_y = $minY, max_x = $maxX, max_y = $maxY WHERE table_name = $table";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$minX", extent.MinX);
        command.Parameters.AddWithValue("$minY", extent.MinY);
        command.Parameters.AddWithValue("$maxX", extent.MaxX);
        command.Parameters.AddWithValue("$maxY", extent.MaxY);
        command.ExecuteNonQuery();
    }

    /// <summary>Two metadata records for the table: Dublin Core terms as JSON, and GDAL's metadata XML.</summary>
    private static void WriteMetadata(SqliteConnection connection, Extract extract, string table)
    {
        Execute(connection, $"""
            INSERT INTO gpkg_extensions VALUES
              ('gpkg_metadata', NULL, 'gpkg_metadata', '{MetadataExtension}', 'read-write'),
              ('gpkg_metadata_reference', NULL, 'gpkg_metadata', '{MetadataExtension}', 'read-write');
            """);
        InsertMetadata(connection, table, 1, "http://purl.org/dc/terms/", "application/json", DublinCore(extract));
        InsertMetadata(connection, table, 2, "http://gdal.org", "text/xml", GdalMetadata(extract));
    }

    private static void InsertMetadata(SqliteConnection connection, string table, int id, string standard, string mimeType, string metadata)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO gpkg_metadata (id, md_scope, md_standard_uri, mime_type, metadata) VALUES ($id, 'dataset', $standard, $mime, $metadata); " +
            "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, md_file_id) VALUES ('table', $table, $id);";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$standard", standard);
        command.Parameters.AddWithValue("$mime", mimeType);
        command.Parameters.AddWithValue("$metadata", metadata);
        command.Parameters.AddWithValue("$table", table);
        command.ExecuteNonQuery();
    }

    private static string DublinCore(Extract extract)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Http.JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            foreach (var (term, _, value) in Facts(extract))
                writer.WriteString(term, value);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The form GDAL reads as layer metadata (<c>ogrinfo</c> prints it): LICENSE=..., ATTRIBUTION=....</summary>
    private static string GdalMetadata(Extract extract)
    {
        var xml = new StringBuilder("<GDALMultiDomainMetadata><Metadata>");
        foreach (var (_, key, value) in Facts(extract))
            xml.Append("<MDI key=\"").Append(key).Append("\">")
               .Append(SecurityElement.Escape(value)).Append("</MDI>");
        return xml.Append("</Metadata></GDALMultiDomainMetadata>").ToString();
    }

    /// <summary>Each fact as a Dublin Core term and a GDAL metadata key.</summary>
    private static IEnumerable<(string Term, string Key, string Value)> Facts(Extract extract)
    {
        var metadata = extract.Metadata;
        yield return ("dc:title", "TITLE", metadata.Title);
        yield return ("dc:description", "DESCRIPTION", metadata.Description);
        yield return ("dc:license", "LICENSE", metadata.LicenseUrl is null ? metadata.License : $"{metadata.License} ({metadata.LicenseUrl})");
        yield return ("dc:rights", "ATTRIBUTION", metadata.Attribution);
        yield return ("dc:source", "SOURCE", metadata.SourceUrl is null ? metadata.Source : $"{metadata.Source} ({metadata.SourceUrl})");
        yield return ("dc:hasVersion", "VERSION", extract.Layer.Version);
        yield return ("maps:query", "QUERY", extract.Query);
        yield return ("maps:generated_by", "GENERATED_BY", Extract.GeneratedBy);
    }

    private static string SqlType(ColumnKind kind) => kind switch
    {
        ColumnKind.Integer => "INTEGER",
        ColumnKind.Real => "REAL",
        ColumnKind.Boolean => "BOOLEAN",
        _ => "TEXT",
    };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
