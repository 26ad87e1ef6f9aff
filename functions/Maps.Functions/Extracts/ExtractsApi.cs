using System.Text;
using Maps.Core.Layers;
using Maps.Core.Query;
using Maps.Functions.Hosting;
using Maps.Functions.Http;
using Maps.Functions.Ogc;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Extracts;

/// <summary>
/// Downloads of a whole collection or a filtered slice, streamed: <c>/api/extracts/{id}.{format}</c>
/// with format geojson, geojsonseq, csv, gpkg or fgb and the filters of items (bbox, datetime, queryable
/// equalities, properties=; no paging). Each download has a meaningful file name, an ETag of
/// (layer version, normalised query, format), licence, attribution and version in headers and — where
/// the format has room — in the file. The CSVW sidecar of a CSV extract is
/// <c>/api/extracts/{id}.csv-metadata.json</c>, answered by the same route (one function).
/// </summary>
public static class ExtractsApi
{
    private const int MaxAgeSeconds = 300;
    private const int MaxSummaryLength = 80;

    public static readonly IReadOnlyDictionary<string, IExtractWriter> Writers =
        new IExtractWriter[] { new GeoJsonExtractWriter(), new GeoJsonSeqExtractWriter(), new CsvExtractWriter(), new GeoPackageExtractWriter(), new FlatGeobufExtractWriter() }
            .ToDictionary(w => w.Format, StringComparer.Ordinal);

    public const string ExtractRoute = "extracts/{collectionId}.{format}";

    /// <summary>The download of a collection in a format: <c>{root}/extracts/{id}.{format}</c>.</summary>
    public static string ExtractUrl(string apiRoot, string collectionId, string format) =>
        $"{apiRoot}/{ExtractRoute.Replace("{collectionId}", collectionId).Replace("{format}", format)}";

    public static readonly ApiEndpoint[] Endpoints =
    [
        new("GetExtract", ExtractRoute, ApiEndpoint.ReadMethods,
                c => GetExtract(c, c.RequiredRouteValue("collectionId"), c.RequiredRouteValue("format"), c.Service<ILayerCatalog>(), c.Service<IOptions<MapsOptions>>()))
        {
            QueryParameters = FeatureQueryReader.FilterParameters, QueryablesAsParameters = true,
            Summary = "A whole collection or a filtered slice as one streamed download: format geojson, geojsonseq, csv, gpkg or fgb (FlatGeobuf) " +
                "(and csv-metadata.json, the CSVW description of the CSV). Same filters as items, no paging.",
        },
    ];

    public static async Task GetExtract(HttpContext context, string collectionId, string format, ILayerCatalog catalog, IOptions<MapsOptions> options)
    {
        bool csvMetadata = format == "json" && collectionId.EndsWith(CsvwMetadata.Suffix, StringComparison.Ordinal);
        if (csvMetadata)
            collectionId = collectionId[..^CsvwMetadata.Suffix.Length];
        var layer = await Catalogs.FindLayerAsync(catalog, collectionId, context.RequestAborted);
        IExtractWriter? writer = null;
        if (!csvMetadata && !Writers.TryGetValue(format, out writer))
            throw ApiException.BadRequest(
                $"Unknown extract format '{format}'. Formats: {string.Join(", ", Writers.Keys.Select(k => $"'{layer.Id}.{k}'"))}, and '{layer.Id}.csv-metadata.json' (CSVW metadata of the CSV).");
        Negotiation.RequireAcceptable(context.Request, csvMetadata ? CsvwMetadata.MediaType : writer!.MediaType);
        var (query, properties) = FeatureQueryReader.Read(context.Request, layer, options.Value, paged: false, []);
        string normalised = NormalisedQuery(context.Request);
        var extract = new Extract(layer, LayerQuery.Matching(layer, FeatureFilter.For(layer, query)), properties, normalised);
        string root = Links.ApiRoot(context.Request);

        if (csvMetadata)
        {
            if (Conditional.IsNotModified(context, Conditional.Tag(layer.Version, "csv-metadata", normalised, root), MaxAgeSeconds))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            string csvUrl = ExtractUrl(root, layer.Id, "csv") + context.Request.QueryString.Value;
            await Results.Text(CsvwMetadata.For(extract, csvUrl).ToJsonString(JsonDefaults.Serializer), CsvwMetadata.MediaType).ExecuteAsync(context);
            return;
        }

        var headers = context.Response.Headers;
        headers.ContentDisposition = $"attachment; filename=\"{FileName(layer, query, writer!)}\"";
        headers.Link = LinkHeader(layer, root, writer!, context.Request.QueryString.Value);
        headers["X-Maps-License"] = HeaderText(layer.Metadata.LicenseUrl is null ? layer.Metadata.License : $"{layer.Metadata.License} ({layer.Metadata.LicenseUrl})");
        headers["X-Maps-Attribution"] = HeaderText(layer.Metadata.Attribution);
        headers["X-Maps-Source"] = HeaderText(layer.Metadata.Source);
        headers["X-Maps-Version"] = layer.Version;
        if (Conditional.IsNotModified(context, Conditional.Tag(layer.Version, "extract", writer!.Format, normalised), MaxAgeSeconds))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Response.ContentType = writer.MediaType;
        if (HttpMethods.IsHead(context.Request.Method))
            return;
        await writer.WriteAsync(extract, context.Response.Body, length => context.Response.ContentLength = length, context.RequestAborted);
    }

    /// <summary>The query's parameters sorted by name (<c>country=NGA&amp;status=operational</c>): one cache key per meaning.</summary>
    public static string NormalisedQuery(HttpRequest request) =>
        string.Join('&', request.Query.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value.ToString())}"));

    /// <summary>
    /// <c>&lt;collection&gt;[-&lt;filters&gt;]-&lt;version8&gt;.&lt;ext&gt;</c>, e.g.
    /// <c>fibre-links-NGA-operational-1a2b3c4d.geojson</c>: equality values in parameter-name order,
    /// then <c>bbox_w_s_e_n</c> and the datetime; characters outside [A-Za-z0-9._-] become '_'.
    /// </summary>
    public static string FileName(Layer layer, FeatureQuery query, IExtractWriter writer)
    {
        var parts = query.PropertyEquals.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList();
        if (query.Bbox is { } bbox)
            parts.Add(FormattableString.Invariant($"bbox_{bbox.West}_{bbox.South}_{bbox.East}_{bbox.North}"));
        if (query.Datetime is { } datetime)
            parts.Add($"{datetime.Start?.ToString("yyyy-MM-dd") ?? ".."}_{datetime.End?.ToString("yyyy-MM-dd") ?? ".."}");
        string summary = Sanitise(string.Join('-', parts));
        if (summary.Length > MaxSummaryLength)
            summary = summary[..MaxSummaryLength];
        return $"{layer.Id}{(summary.Length > 0 ? "-" + summary : "")}-{layer.Version[..8]}.{writer.Extension}";
    }

    private static string Sanitise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        return builder.ToString();
    }

    private static string[] LinkHeader(Layer layer, string root, IExtractWriter writer, string? queryString)
    {
        var links = new List<string> { $"<{root}/collections/{layer.Id}>; rel=\"collection\"; type=\"{MediaTypes.Json}\"" };
        if (layer.Metadata.LicenseUrl is { } license)
            links.Add($"<{license}>; rel=\"license\"");
        if (writer is CsvExtractWriter)
            links.Add($"<{ExtractUrl(root, layer.Id + CsvwMetadata.Suffix, "json")}{queryString}>; rel=\"describedby\"; type=\"{CsvwMetadata.MediaType}\"");
        return links.Select(HeaderText).ToArray();
    }

    /// <summary>Header values must be ASCII: anything else is percent-encoded (UTF-8), as in RFC 8187 values.</summary>
    private static string HeaderText(string text) =>
        text.All(c => c is >= ' ' and <= '~') ? text : string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : Uri.EscapeDataString(c.ToString())));
}
