using System.Text.Json;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Functions.Hosting;
using Maps.Functions.Html;
using Maps.Functions.Http;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Ogc;

/// <summary>OGC API – Features items: keyset-paged feature pages and single features.</summary>
public static class ItemsApi
{
    public const string ItemsRoute = "collections/{collectionId}/items";
    public const string ItemRoute = "collections/{collectionId}/items/{featureId}";

    /// <summary>The coordinates' CRS, as OGC API – Features Part 2 says a response names it.</summary>
    private const string ContentCrs = "<" + CollectionDocument.Crs84 + ">";

    private static readonly QueryParameter[] ItemParameters = [StandardParameters.F, FeatureQueryReader.ResponseCrs];

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetItems", ItemsRoute, ApiEndpoint.ReadMethods,
                c => GetItems(c, c.RequiredRouteValue("collectionId"), c.Service<ILayerCatalog>(), c.Service<IOptions<MapsOptions>>()))
        {
            QueryParameters = [StandardParameters.F, .. FeatureQueryReader.FilterParameters, .. FeatureQueryReader.PagingParameters], QueryablesAsParameters = true,
            Summary = "Features of a collection, filtered by bbox, datetime and queryable properties, in keyset pages.",
        },
        new("GetItem", ItemRoute, ApiEndpoint.ReadMethods,
                c => GetItem(c, c.RequiredRouteValue("collectionId"), c.RequiredRouteValue("featureId"), c.Service<ILayerCatalog>()))
            { QueryParameters = ItemParameters, Summary = "One feature by id." },
    ];

    public static async Task GetItems(HttpContext context, string collectionId, ILayerCatalog catalog, IOptions<MapsOptions> options)
    {
        var layer = await Catalogs.FindLayerAsync(catalog, collectionId, context.RequestAborted);
        var format = Negotiation.Choose(context.Request);
        var (query, properties) = FeatureQueryReader.Read(context.Request, layer, options.Value, paged: true, [StandardParameters.F.Name]);
        if (Conditional.IsNotModified(context, Conditional.Tag(layer.Version, format.ToString(), context.Request.QueryString.Value)))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var page = LayerQuery.Execute(layer, query);
        string root = Links.ApiRoot(context.Request);
        string self = $"{root}/collections/{layer.Id}/items";
        string? next = page.NextAfter is null ? null : self + QueryWith(context.Request, "after", page.NextAfter);

        if (format == OutputFormat.Html)
        {
            await HtmlResults.WriteAsync(context, CollectionPages.Items(layer, page, root, next, QueryWith(context.Request, "f", "json"),
                context.Request.Query.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.ToString())).ToArray()));
            return;
        }
        context.Response.ContentType = MediaTypes.GeoJson;
        context.Response.Headers["Content-Crs"] = ContentCrs;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteNumber("numberMatched", page.NumberMatched);
        writer.WriteNumber("numberReturned", page.Features.Count);
        writer.WriteStartArray("links");
        WriteLink(writer, self + context.Request.QueryString.Value, "self", MediaTypes.GeoJson);
        WriteLink(writer, self + QueryWith(context.Request, "f", "html"), "alternate", MediaTypes.Html);
        WriteLink(writer, $"{root}/collections/{layer.Id}", "collection", MediaTypes.Json);
        if (next is not null)
            WriteLink(writer, next, "next", MediaTypes.GeoJson);
        writer.WriteEndArray();
        writer.WriteStartArray("features");
        foreach (var feature in page.Features)
        {
            FeatureJsonWriter.Write(writer, feature, properties);
            if (writer.BytesPending > 32 * 1024)
                await writer.FlushAsync(context.RequestAborted);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static async Task GetItem(HttpContext context, string collectionId, string featureId, ILayerCatalog catalog)
    {
        var layer = await Catalogs.FindLayerAsync(catalog, collectionId, context.RequestAborted);
        QueryParameters.RequireOnly(context.Request, ItemParameters);
        FeatureQueryReader.RequireCrs84(context.Request, "crs");
        var format = Negotiation.Choose(context.Request);
        var feature = layer.Find(featureId)
            ?? throw ApiException.NotFound($"Collection '{collectionId}' has no feature with id '{featureId}'.");
        if (Conditional.IsNotModified(context, Conditional.Tag(layer.Version, format.ToString(), featureId)))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        string root = Links.ApiRoot(context.Request);
        if (format == OutputFormat.Html)
        {
            await HtmlResults.WriteAsync(context, CollectionPages.Item(layer, feature, root));
            return;
        }
        context.Response.ContentType = MediaTypes.GeoJson;
        context.Response.Headers["Content-Crs"] = ContentCrs;
        string self = $"{root}/collections/{layer.Id}/items/{Uri.EscapeDataString(feature.Id)}";
        // The stored feature ends with '}': append the links member in place instead of re-encoding.
        await context.Response.Body.WriteAsync(feature.GeoJson[..^1], context.RequestAborted);
        var links = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(links, JsonDefaults.Writer))
        {
            writer.WriteStartArray();
            WriteLink(writer, self, "self", MediaTypes.GeoJson);
            WriteLink(writer, self + "?f=html", "alternate", MediaTypes.Html);
            WriteLink(writer, $"{root}/collections/{layer.Id}", "collection", MediaTypes.Json);
            writer.WriteEndArray();
        }
        await context.Response.Body.WriteAsync(",\"links\":"u8.ToArray(), context.RequestAborted);
        await context.Response.Body.WriteAsync(links.WrittenMemory, context.RequestAborted);
        await context.Response.Body.WriteAsync("}"u8.ToArray(), context.RequestAborted);
    }

    private static void WriteLink(Utf8JsonWriter writer, string href, string rel, string type)
    {
        writer.WriteStartObject();
        writer.WriteString("href", href);
        writer.WriteString("rel", rel);
        writer.WriteString("type", type);
        writer.WriteEndObject();
    }

    /// <summary>The request's query string with one parameter set to a new value (others kept in order).</summary>
    public static string QueryWith(HttpRequest request, string name, string value)
    {
        var pairs = request.Query.Where(kv => kv.Key != name)
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value.ToString()))
            .Append(new KeyValuePair<string, string?>(name, value));
        return Microsoft.AspNetCore.Http.QueryString.Create(pairs).Value ?? "";
    }
}
