using Maps.Core.Import;

namespace Maps.Analysis;

/// <summary>The analyses' and jobs' GeoJSON bodies: the one FeatureCollection reader, <c>type</c> optional, and what it refuses a 400.</summary>
public static class GeoJsonBody
{
    public static FeatureCollectionStream Open(Stream body) =>
        new(body, message => new MalformedBodyException("The GeoJSON body is refused: " + message), requireType: false);
}
