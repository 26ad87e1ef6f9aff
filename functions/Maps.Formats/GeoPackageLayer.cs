using Maps.Core.Import;
using Microsoft.Data.Sqlite;

namespace Maps.Formats;

/// <summary>One feature table of a GeoPackage: its geometry column, its integer primary key, its columns' declared types and how its CRS becomes lon/lat.</summary>
internal sealed record GeoPackageLayer(string Table, string GeometryColumn, string? PrimaryKey, IReadOnlyDictionary<string, string> DeclaredTypes, CrsTransform Crs)
{
    /// <summary>
    /// The layer named <paramref name="layer"/> (case-insensitive), or the first feature table of <c>gpkg_contents</c>.
    /// <see cref="ImportFileException"/> when the file has no <c>gpkg_contents</c>, no feature table, not that one
    /// (the message lists those it has), or a CRS that cannot be transformed.
    /// </summary>
    public static GeoPackageLayer Open(SqliteConnection connection, string? layer, string file)
    {
        if (!HasTable(connection, "gpkg_contents"))
            throw new ImportFileException(file, "not a GeoPackage: the SQLite database has no gpkg_contents table.");
        var tables = FeatureTables(connection);
        if (tables.Count == 0)
            throw new ImportFileException(file, "the GeoPackage has no feature layer (gpkg_contents lists no table with data_type 'features').");
        string table = layer is null ? tables[0]
            : tables.FirstOrDefault(t => string.Equals(t, layer, StringComparison.OrdinalIgnoreCase))
              ?? throw new ImportFileException(file, $"the GeoPackage has no layer '{layer}'. Its feature layers: {string.Join(", ", tables)}.");

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = $table";
        command.Parameters.AddWithValue("$table", table);
        string column;
        long srsId;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
                throw new ImportFileException(file, $"the GeoPackage layer '{table}' has no row in gpkg_geometry_columns, so its geometry column is unknown.");
            column = reader.GetString(0);
            srsId = reader.GetInt64(1);
        }
        var (primaryKey, declaredTypes) = ReadColumns(connection, table);
        return new GeoPackageLayer(table, column, primaryKey, declaredTypes, FindCrs(connection, srsId, file));
    }

    private static bool HasTable(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is not null;
    }

    private static List<string> FeatureTables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name FROM gpkg_contents WHERE lower(data_type) = 'features' ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
            if (!reader.IsDBNull(0))
                tables.Add(reader.GetString(0));
        return tables;
    }

    /// <summary>The single-column primary key (GeoPackage feature tables have an INTEGER one) or null, and each column's declared type (case-insensitive names).</summary>
    private static (string? PrimaryKey, IReadOnlyDictionary<string, string> DeclaredTypes) ReadColumns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA table_info({GeoPackageFormat.Quote(table)})";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        var types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            string name = reader.GetString(1);
            types[name] = reader.IsDBNull(2) ? "" : reader.GetString(2);
            if (reader.GetInt64(5) > 0)
                keys.Add(name);
        }
        return (keys.Count == 1 ? keys[0] : null, types);
    }

    private static CrsTransform FindCrs(SqliteConnection connection, long srsId, string file)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = $id";
        command.Parameters.AddWithValue("$id", srsId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            if (srsId is 0 or 4326)
                return CrsTransform.LonLat;
            throw new ImportFileException(file, $"the layer's CRS (srs_id {srsId}) is not in gpkg_spatial_ref_sys, so it cannot be transformed to EPSG:4326.");
        }
        string? organization = reader.IsDBNull(0) ? null : reader.GetString(0);
        long? code = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        string? definition = reader.IsDBNull(2) ? null : reader.GetString(2);
        return CrsTransform.ForGeoPackage(srsId, organization, code, definition, file);
    }
}
