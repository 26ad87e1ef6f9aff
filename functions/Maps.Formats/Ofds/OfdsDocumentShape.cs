namespace Maps.Formats.Ofds;

/// <summary>The two JSON forms an OFDS upload can take.</summary>
internal enum OfdsDocumentShape
{
    /// <summary><c>{"networks": [...]}</c>: the JSON publication format.</summary>
    NetworkPackage,

    /// <summary>A GeoJSON FeatureCollection of nodes, spans or both: the GeoJSON publication format.</summary>
    FeatureCollection,
}
