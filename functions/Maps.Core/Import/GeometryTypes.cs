using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// The rule that keeps a collection's declared geometry type honest. A reader such as GDAL types a layer
/// by its declared type and treats one feature of another type as a mixed layer ("Unknown (any)",
/// GEOMETRY in a GeoPackage), so every feature must be of the declared type. The only change made to a
/// geometry is the lossless one: in a collection declared Multi*, a single geometry of that family
/// becomes its one-part Multi form. Type names are the GeoJSON ones (<see cref="Geometry.GeometryType"/>),
/// compared ordinally; <see cref="Any"/> declares a genuinely mixed collection.
/// </summary>
public static class GeometryTypes
{
    /// <summary>The declared type of a collection whose features are of more than one family.</summary>
    public const string Any = "Geometry";

    /// <summary>
    /// The geometry in the declared type where that loses nothing: a Point, LineString or Polygon in a
    /// collection declared MultiPoint, MultiLineString or MultiPolygon becomes the Multi with it as its one
    /// part (same coordinates). Anything else is returned as it is, whether it fits or not
    /// (<see cref="Fits"/> tells).
    /// </summary>
    public static Geometry Promote(Geometry geometry, string declaredType) => (geometry, declaredType) switch
    {
        (Point point, "MultiPoint") => geometry.Factory.CreateMultiPoint([point]),
        (LineString line, "MultiLineString") => geometry.Factory.CreateMultiLineString([line]),
        (Polygon polygon, "MultiPolygon") => geometry.Factory.CreateMultiPolygon([polygon]),
        _ => geometry,
    };

    /// <summary>True when a feature of <paramref name="featureType"/> may stand in a collection declared <paramref name="declaredType"/>.</summary>
    public static bool Fits(string featureType, string declaredType) =>
        declaredType == Any || featureType == declaredType;

    /// <summary>
    /// The honest declared type for features of these types (once each or repeated): one type is itself; a
    /// single type with its Multi form is the Multi form (the singles are then promoted,
    /// <see cref="Promote"/>); anything else, and no features at all, is <see cref="Any"/>.
    /// </summary>
    public static string Declared(IEnumerable<string> featureTypes)
    {
        var types = featureTypes.ToHashSet(StringComparer.Ordinal);
        if (types.Count == 1)
            return types.First();
        if (types.Count == 2 && MultiOf(types) is { } multi)
            return multi;
        return Any;
    }

    /// <summary>The Multi type of a pair {single, its Multi}, or null when the pair is not one.</summary>
    private static string? MultiOf(HashSet<string> pair)
    {
        foreach (string single in (string[])["Point", "LineString", "Polygon"])
            if (pair.Contains(single) && pair.Contains("Multi" + single))
                return "Multi" + single;
        return null;
    }
}
