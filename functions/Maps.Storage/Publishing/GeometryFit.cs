using Maps.Core.Import;
using NetTopologySuite.Geometries;

namespace Maps.Storage.Publishing;

/// <summary>
/// Keeps a published collection's features to its declared geometry type, as the import does
/// (<see cref="GeometryTypes"/>), so that what the collection says is what clients get (GDAL types a layer
/// from it): a single geometry in a Multi collection is promoted to a one-part Multi, a one-part Multi
/// in a single collection is demoted (an upload cannot be fixed at the source as the import's can), and anything else (another family, several
/// parts in a single collection) is a misfit that fails the publish with the counts. <c>Geometry</c> takes
/// anything. A new collection without a declared type takes its type from the first feature: lines and
/// polygons always as Multi (an antimeridian split turns any line into a MultiLineString), points as the
/// first one is. Not thread-safe.
/// </summary>
public sealed class GeometryFit(string? declared)
{
    public const string Any = GeometryTypes.Any;

    private readonly Dictionary<string, int> _misfits = new(StringComparer.Ordinal);

    /// <summary>The collection's type: declared, or taken from the first feature (null before any).</summary>
    public string? Declared { get; private set; } = declared;

    public int Misfits { get; private set; }

    /// <summary>Misfit features by their geometry type, e.g. <c>Point: 1</c>.</summary>
    public IReadOnlyDictionary<string, int> MisfitTypes => _misfits;

    /// <summary>The geometry as the collection holds it, or null (counted) when it does not fit.</summary>
    public Geometry? Fit(Geometry geometry)
    {
        Declared ??= geometry switch
        {
            LineString or MultiLineString => nameof(MultiLineString),
            Polygon or MultiPolygon => nameof(MultiPolygon),
            _ => geometry.GeometryType,
        };
        var fitted = Fit(geometry, Declared);
        if (fitted is null)
        {
            Misfits++;
            _misfits[geometry.GeometryType] = _misfits.GetValueOrDefault(geometry.GeometryType) + 1;
        }
        return fitted;
    }

    /// <summary>The types a collection can declare.</summary>
    public static readonly IReadOnlyList<string> Declarable =
        [nameof(Point), nameof(MultiPoint), nameof(LineString), nameof(MultiLineString), nameof(Polygon), nameof(MultiPolygon), Any];

    public static bool IsKnown(string type) => Declarable.Contains(type);

    /// <summary><paramref name="geometry"/> as a <paramref name="declared"/> collection holds it, or null when it cannot.</summary>
    public static Geometry? Fit(Geometry geometry, string declared)
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
