using System.Globalization;
using System.Text.Json;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Maps.Core.Query;

/// <summary>
/// The non-paging part of a <see cref="FeatureQuery"/>, compiled once per request: the bbox as
/// prepared polygons (exact intersection after the envelope test), the date interval and the
/// property equalities. Thread-safe once built.
/// </summary>
public sealed class FeatureFilter
{
    private readonly Envelope[]? _boxes;
    private readonly IPreparedGeometry[]? _preparedBoxes;
    private readonly DateInterval? _datetime;
    private readonly KeyValuePair<string, string>[] _equals;

    public FeatureFilter(FeatureQuery query)
    {
        if (query.Bbox is { } bbox)
        {
            _boxes = bbox.Envelopes().ToArray();
            _preparedBoxes = _boxes.Select(e => PreparedGeometryFactory.Prepare(GeoJsonOptions.Factory.ToGeometry(e))).ToArray();
        }
        _datetime = query.Datetime;
        _equals = query.PropertyEquals.ToArray();
    }

    /// <summary>True when the filter lets every feature through (no bbox, no datetime, no equalities).</summary>
    public bool IsEmpty => _boxes is null && _datetime is null && _equals.Length == 0;

    /// <summary>The envelopes to ask the spatial index for, or null when there is no bbox.</summary>
    public IReadOnlyList<Envelope>? Boxes => _boxes;

    public bool Matches(LayerFeature feature)
    {
        if (_datetime is { } interval && (feature.Year is not int year || !interval.Overlaps(year)))
            return false;
        foreach (var (name, wanted) in _equals)
        {
            if (!feature.Properties.TryGetProperty(name, out var value) || !ValueEquals(value, wanted))
                return false;
        }
        return _boxes is null || IntersectsBox(feature);
    }

    private bool IntersectsBox(LayerFeature feature)
    {
        for (int i = 0; i < _boxes!.Length; i++)
        {
            if (!_boxes[i].Intersects(feature.Envelope))
                continue;
            if (feature.Geometry is Point || _boxes[i].Contains(feature.Envelope) || _preparedBoxes![i].Intersects(feature.Geometry))
                return true;
        }
        return false;
    }

    /// <summary>Strings compare case-insensitively, numbers numerically, arrays match when any element does.</summary>
    internal static bool ValueEquals(JsonElement value, string wanted) => value.ValueKind switch
    {
        JsonValueKind.String => string.Equals(value.GetString(), wanted, StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Number => double.TryParse(wanted, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && value.GetDouble() == number,
        JsonValueKind.True => string.Equals(wanted, "true", StringComparison.OrdinalIgnoreCase),
        JsonValueKind.False => string.Equals(wanted, "false", StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Array => value.EnumerateArray().Any(element => ValueEquals(element, wanted)),
        _ => false,
    };
}
