using System.Globalization;
using NetTopologySuite.Geometries;

namespace Maps.Core.Query;

/// <summary>
/// An OGC API bbox in CRS84: west, south, east, north. When west &gt; east the box crosses the
/// antimeridian and stands for two boxes, [west, 180] and [-180, east].
/// </summary>
public readonly record struct BoundingBox(double West, double South, double East, double North)
{
    public bool CrossesAntimeridian => West > East;

    /// <summary>The one or two lon/lat envelopes the box covers.</summary>
    public IReadOnlyList<Envelope> Envelopes() => CrossesAntimeridian
        ? [new Envelope(West, 180, South, North), new Envelope(-180, East, South, North)]
        : [new Envelope(West, East, South, North)];

    /// <summary>
    /// Parses <c>minx,miny,maxx,maxy</c> (or the 6-number 3D form, heights ignored).
    /// Longitudes must lie in [-180, 180], latitudes in [-90, 90], and south ≤ north.
    /// </summary>
    public static BoundingBox Parse(string text, string parameter = "bbox")
    {
        var parts = text.Split(',');
        if (parts.Length is not (4 or 6))
            throw new InvalidParameterException(parameter, $"'{parameter}' must be 4 numbers 'minLon,minLat,maxLon,maxLat' (or 6 with heights); got {parts.Length} value(s).");
        var numbers = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
                throw new InvalidParameterException(parameter, $"'{parameter}' value {i + 1} ('{parts[i]}') is not a finite number.");
        }
        var (west, south, east, north) = parts.Length == 4
            ? (numbers[0], numbers[1], numbers[2], numbers[3])
            : (numbers[0], numbers[1], numbers[3], numbers[4]);
        if (west is < -180 or > 180 || east is < -180 or > 180)
            throw new InvalidParameterException(parameter, $"'{parameter}' longitudes must lie between -180 and 180.");
        if (south is < -90 or > 90 || north is < -90 or > 90)
            throw new InvalidParameterException(parameter, $"'{parameter}' latitudes must lie between -90 and 90.");
        if (south > north)
            throw new InvalidParameterException(parameter, $"'{parameter}' has its south edge ({south}) above its north edge ({north}).");
        return new BoundingBox(west, south, east, north);
    }
}
