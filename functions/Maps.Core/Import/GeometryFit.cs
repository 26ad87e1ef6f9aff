using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// Keeps a layer's features to its declared geometry type (<see cref="GeometryTypes"/>), so that what the
/// collection says is what clients get (GDAL types a layer from it): a single geometry in a Multi collection
/// is promoted to a one-part Multi, a one-part Multi in a single collection is demoted, and anything else
/// (another family, several parts in a single collection) is a misfit, counted by type with the first ids,
/// that fails the import or the publish. <c>Geometry</c> takes anything. A new collection without a declared
/// type takes its type from the first feature: lines and polygons always as Multi (an antimeridian split turns
/// any line into a MultiLineString), points as the first one is. Not thread-safe.
/// </summary>
public sealed class GeometryFit(string? declared)
{
    public const string Any = GeometryTypes.Any;

    /// <summary>How many misfits' ids are kept for the message.</summary>
    public const int NamedMisfits = 5;

    private readonly Dictionary<string, int> _misfits = new(StringComparer.Ordinal);
    private readonly List<string> _misfitIds = [];
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);

    /// <summary>The collection's type: declared, or taken from the first feature (null before any).</summary>
    public string? Declared { get; private set; } = declared;

    public int Misfits { get; private set; }

    /// <summary>Misfit features by their geometry type, e.g. <c>Point: 1</c>.</summary>
    public IReadOnlyDictionary<string, int> MisfitTypes => _misfits;

    /// <summary>The first misfits, as <c>id (Type)</c> or <c>id (Type, n parts)</c>.</summary>
    public IReadOnlyList<string> MisfitIds => _misfitIds;

    /// <summary>The type that would be honest for every feature seen, fitted or not (<see cref="GeometryTypes.Declared"/>).</summary>
    public string HonestType => GeometryTypes.Declared(_types);

    /// <summary>The geometry as the collection holds it, or null (counted) when it does not fit.</summary>
    public Geometry? Fit(Geometry geometry, string? id = null)
    {
        Declared ??= geometry switch
        {
            LineString or MultiLineString => nameof(MultiLineString),
            Polygon or MultiPolygon => nameof(MultiPolygon),
            _ => geometry.GeometryType,
        };
        var fitted = FitTo(geometry, Declared);
        _types.Add(fitted?.GeometryType ?? GeometryTypes.Promote(geometry, Declared).GeometryType);
        if (fitted is null)
        {
            Misfits++;
            _misfits[geometry.GeometryType] = _misfits.GetValueOrDefault(geometry.GeometryType) + 1;
            if (_misfitIds.Count < NamedMisfits)
                _misfitIds.Add($"{id} ({geometry.GeometryType}{(geometry.NumGeometries > 1 ? $", {geometry.NumGeometries} parts" : "")})");
        }
        return fitted;
    }

    /// <summary>The types a collection can declare.</summary>
    public static readonly IReadOnlyList<string> Declarable =
        [nameof(Point), nameof(MultiPoint), nameof(LineString), nameof(MultiLineString), nameof(Polygon), nameof(MultiPolygon), Any];

    public static bool IsKnown(string type) => Declarable.Contains(type);

    /// <summary><paramref name="geometry"/> as a <paramref name="declared"/> collection holds it, or null when it cannot.</summary>
    public static Geometry? FitTo(Geometry geometry, string declared)
    {
        var promoted = GeometryTypes.Promote(geometry, declared);
        if (GeometryTypes.Fits(promoted.GeometryType, declared))
            return promoted;
        return (declared, geometry) switch
        {
            (nameof(Point), MultiPoint { NumGeometries: 1 } m) => m.GetGeometryN(0),
            (nameof(LineString), MultiLineString { NumGeometries: 1 } m) => m.GetGeometryN(0),
            (nameof(Polygon), MultiPolygon { NumGeometries: 1 } m) => m.GetGeometryN(0),
            _ => null,
        };
    }
}
