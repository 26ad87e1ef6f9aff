using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// Decides whether one feature of a layer may be written, and records each rejection with its reason
/// in a <see cref="LayerReport"/>. Rejected: missing or empty id; missing, unreadable or empty geometry;
/// a coordinate that is NaN or infinite; longitude outside [−180, 180] or latitude outside [−90, 90] by more
/// than <see cref="RangeNoise"/> (within it, floating-point noise such as 180.00000000000006 on a ring at the
/// antimeridian, which GDAL, QGIS and PostGIS accept, the coordinate is clamped and the fix counted in the report);
/// a reason of the layer's own (<c>featureError</c>: a cell site's radio technology, say). An id
/// already used in the layer is found later, when the layer file's writer sorts the ids on disk
/// (<see cref="Layers.LayerFileBuilder.Seal"/>, then <see cref="LayerReport.RejectDuplicates"/>): the
/// first occurrence wins, and a rejected feature never claims its id. One instance per layer; not
/// thread-safe. O(vertices) per feature, nothing kept per feature.
/// </summary>
public sealed class FeatureValidator(LayerReport report)
{
    public LayerReport Report { get; } = report;

    /// <summary>Counts the feature as read, checks it, and records a rejection when it fails.</summary>
    /// <param name="featureError">Why the layer's own rules refuse the feature, checked after id and geometry; null when they accept it.</param>
    /// <returns>True when the feature may be written.</returns>
    public bool Accept(string file, int index, string? id, Geometry? geometry, string? geometryError = null, string? featureError = null)
    {
        Report.Read++;
        Report.NoteFile(file);
        int clamped = geometry is null || geometryError is not null ? 0 : ClampNoise(geometry);
        string? reason = Check(id, geometry, geometryError) ?? featureError;
        if (reason is not null)
        {
            Report.Reject(new Rejection(file, index, string.IsNullOrEmpty(id) ? null : id, reason));
            return false;
        }
        if (clamped > 0)
            Report.Fix(ClampedFix, clamped);
        Report.Written++;
        return true;
    }

    /// <summary>How far outside ±180° / ±90° a coordinate may be and still count as on the edge.</summary>
    public const double RangeNoise = 1e-9;

    /// <summary>The report's name for <see cref="ClampNoise"/>'s fix.</summary>
    public const string ClampedFix = "coordinates within 1e-9° outside ±180°/±90° clamped to the edge";

    /// <summary>Clamps each coordinate within <see cref="RangeNoise"/> outside the range to its edge; returns how many were.</summary>
    public static int ClampNoise(Geometry geometry)
    {
        var filter = new ClampFilter();
        geometry.Apply(filter);
        if (filter.Clamped > 0)
            geometry.GeometryChanged();
        return filter.Clamped;
    }

    private sealed class ClampFilter : ICoordinateSequenceFilter
    {
        public int Clamped { get; private set; }

        public bool Done => false;

        public bool GeometryChanged => Clamped > 0;

        public void Filter(CoordinateSequence seq, int i)
        {
            if (Clamp(seq.GetX(i), 180) is { } x)
            {
                seq.SetX(i, x);
                Clamped++;
            }
            if (Clamp(seq.GetY(i), 90) is { } y)
            {
                seq.SetY(i, y);
                Clamped++;
            }
        }

        private static double? Clamp(double value, double edge) =>
            Math.Abs(value) > edge && Math.Abs(value) <= edge + RangeNoise ? Math.CopySign(edge, value) : null;
    }

    /// <summary>The reason a feature is invalid on its own (ignoring duplicates), or null when it is valid.</summary>
    public static string? Check(string? id, Geometry? geometry, string? geometryError = null)
    {
        if (string.IsNullOrWhiteSpace(id))
            return "missing id";
        if (geometryError is not null)
            return geometryError;
        if (geometry is null)
            return "missing geometry";
        if (geometry.IsEmpty)
            return "empty geometry";
        foreach (var c in geometry.Coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y))
                return $"coordinate is not a finite number ({c.X}, {c.Y})";
            if (c.X < -180 || c.X > 180 || c.Y < -90 || c.Y > 90)
                return $"coordinate out of range (lon {c.X}, lat {c.Y}; allowed lon −180..180, lat −90..90)";
        }
        for (int g = 0; g < geometry.NumGeometries; g++)
            if (geometry.GetGeometryN(g) is LineString { NumPoints: < 2 })
                return "line with fewer than 2 points";
        return null;
    }
}
