using System.Text.Json;

namespace Maps.Formats.Ofds;

/// <summary>Whether a GeoJSON feature is a node or a span.</summary>
internal enum OfdsFeatureKind { Node, Span }

internal static class OfdsFeatureKinds
{
    /// <summary>
    /// The standard's <c>properties.featureType</c> when it says; else the file the feature came from
    /// (<paramref name="fileKind"/>: nodes.geojson or spans.geojson); else the geometry (a point is a node,
    /// a line a span); else a span when it has a <c>start</c> or <c>end</c>.
    /// </summary>
    public static OfdsFeatureKind Of(JsonElement feature, OfdsFeatureKind? fileKind)
    {
        var properties = OfdsJson.Member(feature, "properties");
        switch (OfdsJson.Text(properties, "featureType"))
        {
            case "node":
                return OfdsFeatureKind.Node;
            case "span":
                return OfdsFeatureKind.Span;
        }
        if (fileKind is { } kind)
            return kind;
        switch (OfdsJson.Text(OfdsJson.Member(feature, "geometry"), "type"))
        {
            case "Point" or "MultiPoint":
                return OfdsFeatureKind.Node;
            case "LineString" or "MultiLineString":
                return OfdsFeatureKind.Span;
        }
        return OfdsJson.Member(properties, "start").ValueKind != JsonValueKind.Undefined
            || OfdsJson.Member(properties, "end").ValueKind != JsonValueKind.Undefined
            ? OfdsFeatureKind.Span : OfdsFeatureKind.Node;
    }
}
