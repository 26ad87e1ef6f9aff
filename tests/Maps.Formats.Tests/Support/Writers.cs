using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Maps.Core.Layers;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Esri;

namespace Maps.Formats.Tests.Support;

/// <summary>
/// Writers of each format that share no code with the readers under test: SQLite statements and
/// NetTopologySuite's GeoPackageGeoWriter, its Shapefile writer zipped with ZipArchive, hand-quoted CSV.
/// </summary>
public static class Writers
{
    public const string Wgs84Wkt = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

    public const string Wgs84EsriWkt = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    /// <summary>EPSG:32632 as GDAL 3.6 writes it into gpkg_spatial_ref_sys (gdalsrsinfo -o wkt1).</summary>
    public const string Utm32Wkt = "PROJCS[\"WGS 84 / UTM zone 32N\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",9],PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH],AUTHORITY[\"EPSG\",\"32632\"]]";

    /// <summary>EPSG:32632 as GDAL 3.6 writes a Shapefile's .prj (ESRI WKT).</summary>
    public const string Utm32EsriWkt = "PROJCS[\"WGS_1984_UTM_Zone_32N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",9.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

    public const string WebMercatorEsriWkt = "PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Mercator_Auxiliary_Sphere\"],PARAMETER[\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",0.0],PARAMETER[\"Standard_Parallel_1\",0.0],PARAMETER[\"Auxiliary_Sphere_Type\",0.0],UNIT[\"Meter\",1.0]]";

    /// <summary>The CRS row a GeoPackage's layer points at.</summary>
    public sealed record Srs(long Id, string Organization, long Code, string Definition)
    {
        public static readonly Srs Wgs84 = new(4326, "EPSG", 4326, Wgs84Wkt);
        public static readonly Srs Utm32 = new(32632, "EPSG", 32632, Utm32Wkt);
    }

    /// <summary>A GeoPackage with one feature table per entry of <paramref name="layers"/> (fid, geom, name, count, value).</summary>
    public static byte[] GeoPackage(Srs srs, params (string Table, IReadOnlyList<SampleFeature> Features)[] layers)
    {
        string path = Path.Combine(Path.GetTempPath(), $"writer-{Guid.NewGuid():N}.gpkg");
        try
        {
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                Execute(connection, """
                    PRAGMA application_id = 1196444487;
                    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
                    CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
                    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
                    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL), ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);
                    """);
                if (srs.Id is not (0 or -1))
                    Execute(connection, "INSERT INTO gpkg_spatial_ref_sys VALUES ('layer crs', $id, $org, $code, $def, NULL)",
                        ("$id", srs.Id), ("$org", srs.Organization), ("$code", srs.Code), ("$def", srs.Definition));
                var writer = new GeoPackageGeoWriter();
                foreach (var (table, features) in layers)
                {
                    Execute(connection, $"CREATE TABLE \"{table}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY, name TEXT, count INTEGER, value REAL)");
                    Execute(connection, "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ($t, 'features', $t, $srs)", ("$t", table), ("$srs", srs.Id));
                    Execute(connection, "INSERT INTO gpkg_geometry_columns VALUES ($t, 'geom', 'GEOMETRY', $srs, 0, 0)", ("$t", table), ("$srs", srs.Id));
                    using var transaction = connection.BeginTransaction();
                    foreach (var feature in features)
                    {
                        feature.Geometry.SRID = (int)srs.Id;
                        Execute(connection, $"INSERT INTO \"{table}\" (geom, name, count, value) VALUES ($g, $n, $c, $v)",
                            ("$g", writer.Write(feature.Geometry)), ("$n", feature.Name), ("$c", feature.Count), ("$v", feature.Value));
                    }
                    transaction.Commit();
                }
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    /// <summary>An SQLite database that is not a GeoPackage (no gpkg tables).</summary>
    public static byte[] PlainSqlite()
    {
        string path = Path.Combine(Path.GetTempPath(), $"writer-{Guid.NewGuid():N}.sqlite");
        try
        {
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                Execute(connection, "CREATE TABLE towers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO towers (name) VALUES ('a');");
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// A zipped Shapefile of <paramref name="features"/> (one geometry type) with attributes id (when
    /// <paramref name="withId"/>), name, count and value, the .prj <paramref name="prj"/> (none when null), UTF-8 .cpg.
    /// </summary>
    public static byte[] ShapefileZip(IReadOnlyList<SampleFeature> features, string? prj, bool withId = true, string layer = "layer", string? folder = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"writer-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var nts = features.Select(f =>
            {
                var attributes = new AttributesTable();
                if (withId)
                    attributes.Add("id", f.Id);
                attributes.Add("name", f.Name);
                attributes.Add("count", f.Count);
                attributes.Add("value", f.Value);
                return (IFeature)new Feature(f.Geometry, attributes);
            }).ToList();
            Shapefile.WriteAllFeatures(nts, Path.Combine(directory, layer + ".shp"), prj, Encoding.UTF8);
            if (prj is null)
                File.Delete(Path.Combine(directory, layer + ".prj"));
            return Zip(Directory.GetFiles(directory).Select(f => ((folder is null ? "" : folder + "/") + Path.GetFileName(f), File.ReadAllBytes(f))).ToArray());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        return memory.ToArray();
    }

    /// <summary>RFC 4180 CSV: every field quoted when it holds the delimiter, a quote or a line break.</summary>
    public static string Csv(char delimiter, IEnumerable<string[]> rows) =>
        string.Concat(rows.Select(row => string.Join(delimiter, row.Select(f => Quote(f, delimiter))) + "\r\n"));

    private static string Quote(string field, char delimiter) =>
        field.IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    public static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A GeoJSON Feature as one line of text (geometry by NTS's STJ converter, full precision).</summary>
    public static string FeatureJson(SampleFeature feature) =>
        "{\"type\":\"Feature\",\"id\":" + JsonSerializer.Serialize(feature.Id) + ",\"geometry\":" + JsonSerializer.Serialize(feature.Geometry, GeoJsonOptions.Geometry)
        + ",\"properties\":{\"name\":" + JsonSerializer.Serialize(feature.Name) + ",\"count\":" + feature.Count + ",\"value\":" + N(feature.Value) + "}}";
}
