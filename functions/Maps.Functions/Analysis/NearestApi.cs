using System.Text.Json;
using Maps.Core.Layers;
using Maps.Core.Spatial;
using Maps.Functions.Hosting;
using Maps.Functions.Http;
using Maps.Functions.Ogc;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Analysis;

/// <summary>
/// Nearest backbone: <c>GET /api/analysis/nearest</c> for one point (the k nearest features and
/// their connector lines) and <c>POST /api/analysis/nearest</c> for a streamed batch of points.
/// </summary>
public static class NearestApi
{
    public static readonly QueryParameter Lon = QueryParameter.Number("lon", "Longitude of the point, in degrees (WGS 84, -180 to 180).", -180, 180) with { Required = true };

    public static readonly QueryParameter Lat = QueryParameter.Number("lat", "Latitude of the point, in degrees (WGS 84, -90 to 90).", -90, 90) with { Required = true };

    private static readonly QueryParameter[] GetParameters =
        [Lon, Lat, AnalysisParameters.ToParameter, AnalysisParameters.StatusParameter, AnalysisParameters.KParameter, AnalysisParameters.MaxDistanceKm];

    public const string NearestRoute = "analysis/nearest";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetAnalysisNearest", NearestRoute, ApiEndpoint.ReadMethods, c => GetNearest(c, c.Service<ILayerCatalog>(), c.Service<NearestIndexProvider>()))
            { QueryParameters = GetParameters, Summary = "The k nearest backbone features to one point, each followed by its connector line, as GeoJSON." },
        new("PostAnalysisNearest", NearestRoute, [HttpMethods.Post], c => BatchEndpoint.RunAsync(c, BatchQuery.Nearest, BatchEndpoint.NearestParameters))
        {
            Body = AnalysisApi.PointsBody, CorsPolicy = CorsPolicies.Write, ConcurrencyLimited = true,
            QueryParameters = BatchEndpoint.NearestParameters,
            Summary = "The nearest backbone feature of every row of a CSV or GeoJSON body, streamed back in the same format.",
        },
    ];

    public static async Task GetNearest(HttpContext context, ILayerCatalog catalog, NearestIndexProvider indexes)
    {
        var request = context.Request;
        QueryParameters.RequireOnly(request, GetParameters);
        Negotiation.RequireAcceptable(request, MediaTypes.GeoJson, MediaTypes.Json);
        var layers = await catalog.GetLayersAsync(context.RequestAborted);
        var query = QueryValues.Of(request);
        double lon = Lon.NumberValue(query)!.Value;
        double lat = Lat.NumberValue(query)!.Value;
        var to = AnalysisParameters.To(query, layers);
        var statuses = AnalysisParameters.Status(query);
        int k = AnalysisParameters.K(query);
        double? maxDistanceKm = AnalysisParameters.MaxDistanceKm.NumberValue(query);
        if (Conditional.IsNotModified(context, Conditional.Tag(layers.Version, "nearest", request.QueryString.Value)))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var results = indexes.Get(layers, to, statuses).Nearest(lon, lat, k, maxDistanceKm);

        context.Response.ContentType = MediaTypes.GeoJson;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartObject("query");
        writer.WriteNumber("lon", lon);
        writer.WriteNumber("lat", lat);
        JsonOutput.Strings(writer, "to", to);
        JsonOutput.Statuses(writer, statuses);
        writer.WriteNumber("k", k);
        JsonOutput.NumberOrNull(writer, "max_distance_km", maxDistanceKm);
        writer.WriteEndObject();
        writer.WriteStartArray("features");
        for (int i = 0; i < results.Count; i++)
        {
            var result = results[i];
            var feature = layers.Find(result.CollectionId)!.Find(result.FeatureId)!;
            WriteNearestFeature(writer, feature, result, rank: i + 1);
            WriteConnector(writer, lon, lat, result, rank: i + 1);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static readonly HashSet<string> AddedProperties = ["collection", "rank", "distance_km", "role"];

    /// <summary>The stored feature with its own properties plus collection, rank, distance_km and role.</summary>
    private static void WriteNearestFeature(Utf8JsonWriter writer, LayerFeature feature, NearestResult result, int rank)
    {
        using var stored = JsonDocument.Parse(feature.GeoJson);
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", feature.Id);
        writer.WritePropertyName("geometry");
        stored.RootElement.GetProperty("geometry").WriteTo(writer);
        writer.WriteStartObject("properties");
        if (feature.Properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in feature.Properties.EnumerateObject())
            {
                if (!AddedProperties.Contains(property.Name))
                    property.WriteTo(writer);
            }
        }
        writer.WriteString("collection", result.CollectionId);
        writer.WriteNumber("rank", rank);
        writer.WriteNumber("distance_km", result.DistanceKm);
        writer.WriteString("role", "nearest");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The line from the query point to the closest point of the feature.</summary>
    private static void WriteConnector(Utf8JsonWriter writer, double lon, double lat, NearestResult result, int rank)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteStartObject("geometry");
        writer.WriteString("type", "LineString");
        writer.WriteStartArray("coordinates");
        writer.WriteStartArray();
        writer.WriteNumberValue(lon);
        writer.WriteNumberValue(lat);
        writer.WriteEndArray();
        writer.WriteStartArray();
        writer.WriteNumberValue(result.ClosestLon);
        writer.WriteNumberValue(result.ClosestLat);
        writer.WriteEndArray();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        writer.WriteString("role", "connector");
        writer.WriteNumber("rank", rank);
        writer.WriteString("collection", result.CollectionId);
        writer.WriteString("nearest_id", result.FeatureId);
        writer.WriteNumber("distance_km", result.DistanceKm);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
