using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// Decides whether one feature of a layer may be written, and records each rejection with its reason
/// in a <see cref="LayerReport"/>. Rejected: missing or empty id; missing, unreadable or empty geometry;
/// a coordinate that is NaN or infinite; longitude outside [−180, 180] or latitude outside [−90, 90];
/// a reason of the layer's own (<c>featureError</c>: a cell site's radio technology, say); an id already
/// accepted in this layer (the first occurrence wins, later ones are rejected, and a rejected feature never
/// claims its id). One instance per layer; not thread-safe. O(vertices) per feature.
/// Ids are remembered as 64-bit XxHash3 digests, not strings: about 24 bytes per feature however long
/// its id, so a publish of millions of features keeps its memory to that. Two different ids share a
/// digest with probability about n²/2⁶⁵ (3·10⁻⁶ for ten million features), which would reject the second as a duplicate.
/// </summary>
public sealed class FeatureValidator(LayerReport report)
{
    private readonly Dictionary<ulong, int> _accepted = [];

    public LayerReport Report { get; } = report;

    /// <summary>Counts the feature as read, checks it, and records a rejection when it fails.</summary>
    /// <param name="featureError">Why the layer's own rules refuse the feature, checked after id and geometry; null when they accept it.</param>
    /// <returns>True when the feature may be written.</returns>
    public bool Accept(string file, int index, string? id, Geometry? geometry, string? geometryError = null, string? featureError = null)
    {
        Report.Read++;
        string? reason = Check(id, geometry, geometryError) ?? featureError;
        ulong digest = reason is null ? Digest(id!) : 0;
        if (reason is null && _accepted.TryGetValue(digest, out int first))
            reason = $"duplicate id '{id}' (first used by feature #{first})";
        if (reason is not null)
        {
            Report.Reject(new Rejection(file, index, string.IsNullOrEmpty(id) ? null : id, reason));
            return false;
        }
        _accepted.Add(digest, index);
        Report.Written++;
        return true;
    }

    private static ulong Digest(string id) => System.IO.Hashing.XxHash3.HashToUInt64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(id.AsSpan()));

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
