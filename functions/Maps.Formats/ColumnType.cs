using System.Globalization;
using Maps.Core.Import;
using Maps.Core.Layers;

namespace Maps.Formats;

/// <summary>What a format declares a column to hold, so that its values keep their type whatever the storage holds them as.</summary>
internal enum ColumnType
{
    /// <summary>Not declared, or a type with no JSON counterpart: values as the storage gives them.</summary>
    Any,
    Boolean,
    Integer,
    Number,
    Text,
    Date,
    DateTime,
}

internal static class ColumnTypes
{
    /// <summary>
    /// A GeoPackage column's declared type (GeoPackage 1.4, table 1): BOOLEAN; TINYINT, SMALLINT, MEDIUMINT, INT,
    /// INTEGER; FLOAT, DOUBLE, REAL; TEXT(n); DATE; DATETIME. Anything else (BLOB, a geometry) is <see cref="ColumnType.Any"/>.
    /// </summary>
    public static ColumnType FromGeoPackage(string declared)
    {
        int paren = declared.IndexOf('(');
        string name = (paren >= 0 ? declared[..paren] : declared).Trim().ToUpperInvariant();
        return name switch
        {
            "BOOLEAN" => ColumnType.Boolean,
            "TINYINT" or "SMALLINT" or "MEDIUMINT" or "INT" or "INTEGER" => ColumnType.Integer,
            "FLOAT" or "DOUBLE" or "REAL" => ColumnType.Number,
            "TEXT" => ColumnType.Text,
            "DATE" => ColumnType.Date,
            "DATETIME" => ColumnType.DateTime,
            _ => ColumnType.Any,
        };
    }

    /// <summary>A dBASE field's type: C text, D date, L logical, N integer without decimals and number with them, F number.</summary>
    public static ColumnType FromDbf(NetTopologySuite.IO.Esri.Dbf.Fields.DbfField field) => field.FieldType switch
    {
        NetTopologySuite.IO.Esri.Dbf.DbfType.Character => ColumnType.Text,
        NetTopologySuite.IO.Esri.Dbf.DbfType.Date => ColumnType.Date,
        NetTopologySuite.IO.Esri.Dbf.DbfType.Logical => ColumnType.Boolean,
        NetTopologySuite.IO.Esri.Dbf.DbfType.Numeric when field.NumericScale == 0 => ColumnType.Integer,
        NetTopologySuite.IO.Esri.Dbf.DbfType.Numeric or NetTopologySuite.IO.Esri.Dbf.DbfType.Float => ColumnType.Number,
        _ => ColumnType.Any,
    };

    /// <summary>A column as the queryable its type declares, or null for <see cref="ColumnType.Any"/>.</summary>
    public static QueryableProperty? Queryable(string name, ColumnType type) => type switch
    {
        ColumnType.Boolean => new QueryableProperty { Name = name, Type = "boolean" },
        ColumnType.Integer => new QueryableProperty { Name = name, Type = "integer" },
        ColumnType.Number => new QueryableProperty { Name = name, Type = "number" },
        ColumnType.Text => new QueryableProperty { Name = name, Type = "string" },
        ColumnType.Date => new QueryableProperty { Name = name, Type = "string", Format = "date" },
        ColumnType.DateTime => new QueryableProperty { Name = name, Type = "string", Format = "date-time" },
        _ => null,
    };

    /// <summary>
    /// A stored value as its declared type: SQLite keeps a BOOLEAN as 0 or 1 and a DATETIME as text without a
    /// zone (UTC, by the GeoPackage standard), and a column of one type may hold a value of another (SQLite's
    /// type affinity). A value that is not what its column declares is kept as it is stored, never lost.
    /// </summary>
    public static object? Convert(object? value, ColumnType type) => (type, value) switch
    {
        (_, null or DBNull) => null,
        (ColumnType.Boolean, long l) when l is 0 or 1 => l == 1,
        (ColumnType.Integer, double d) when double.IsFinite(d) && Math.Floor(d) == d && Math.Abs(d) < 9e15 => (long)d,
        (ColumnType.Number, long l) => (double)l,
        (ColumnType.Text, long or double) => System.Convert.ToString(value, CultureInfo.InvariantCulture),
        (ColumnType.DateTime, string s) => TemporalText.DeclaredDateTime(s),
        (ColumnType.Date, string s) when s.Length > 10 && TemporalText.ToUtc(s, spaceSeparated: true) is { } utc && utc.EndsWith("T00:00:00Z", StringComparison.Ordinal) => s[..10],
        _ => value,
    };
}
