using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Maps.Core.Layers;

/// <summary>The one System.Text.Json configuration used to read and write GeoJSON geometries.</summary>
public static class GeoJsonOptions
{
    /// <summary>Lon/lat geometries (SRID 4326 as the CRS84 axis order), full double precision.</summary>
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static readonly JsonSerializerOptions Geometry = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(Factory));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
