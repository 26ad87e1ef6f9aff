using Maps.Core.Layers;
using Maps.Core.Import;
using Maps.Formats;
using Maps.Functions.Hosting;
using Maps.Functions.Http;
using Maps.Functions.Ogc;
using Maps.Storage;
using Maps.Storage.Publishing;

namespace Maps.Functions.Manage;

/// <summary>
/// Publishing into the layer store, Table Storage or the local one (docs/architecture.md §7): upload a new
/// version in any upload format, list versions, roll back, delete. Everything under <c>/api/manage</c>:
/// key-protected by the Functions host (authLevel <c>function</c>) and by <see cref="ManageKeyGuard"/> (the key standalone). Publishing and listing share a route,
/// so the Functions app has one function per (route, method) pair.
/// </summary>
public static class ManageApi
{
    /// <summary>Rejections listed in a response (the count is always complete).</summary>
    public const int MaxListedRejections = 1000;

    /// <summary>A publish's parameters: the collection's metadata record (for a new collection) and how to read the upload.</summary>
    private static readonly QueryParameter[] PublishParameters =
    [
        new("title", "Collection title (required for a new collection)."),
        new("description", "Collection description."),
        new("license", "Licence, SPDX id or name (required for a new collection)."),
        new("licenseUrl", "Link to the licence text.") { Format = "uri" },
        new("attribution", "Attribution to show with the data (required for a new collection)."),
        new("source", "Where the data comes from (required for a new collection)."),
        new("sourceUrl", "Link to the source.") { Format = "uri" },
        new("dateProperty", "Integer year property that datetime filters use."),
        QueryParameter.Choice("geometryType", "GeoJSON geometry type of a new collection (from its first feature when absent: lines and polygons as Multi); Geometry for mixed types.",
            [.. GeometryFit.Declarable]),
        QueryParameter.Choice("format", "Upload format, when the content type or file name does not say it.", [.. UploadFormats.All.Select(f => f.Id)]),
        new("layer", "GeoPackage layer to publish (the first feature table when absent)."),
        new("crs", "CRS of a CSV or GeoJSON-seq upload: EPSG:4326 or CRS84 (default), or EPSG:3857, by code, URN or URI.") { Default = "EPSG:4326", Example = "EPSG:3857" },
        new("replace", "true to publish a version that drops more than half of the features served now.") { Type = "boolean", Default = false },
    ];

    private static readonly QueryParameter VersionParameter = new("version",
        "The version id to make current (see GET .../versions), or previous: the newest complete version older than the current one.") { Required = true };

    /// <summary>The manage key may come as <c>?code=</c> (documented as the security scheme, not as a parameter).</summary>
    private static string[] WithKey(params IEnumerable<QueryParameter> declared) => [.. declared.Select(p => p.Name), ManageKeyGuard.QueryName];

    public const string VersionsRoute = "manage/collections/{collectionId}/versions";
    public const string RollbackRoute = "manage/collections/{collectionId}/rollback";
    public const string ManagedCollectionRoute = "manage/collections/{collectionId}";

    /// <summary>The <c>version</c> of a rollback to the newest complete version older than the current one.</summary>
    public const string PreviousVersion = "previous";

    /// <summary>Under /api/manage: a function key (the host's, or Maps:ManageKey standalone) and the write CORS policy.</summary>
    private static ApiEndpoint Manage(string name, string route, string method, Func<HttpContext, string, LayerStoreHost, Task<IResult>> handler) =>
        new(name, route, [method], HandlerContext.Executing(c => handler(c, c.RequiredRouteValue("collectionId"), c.Service<LayerStoreHost>())))
        {
            Access = EndpointAccess.FunctionKey,
            CorsPolicy = CorsPolicies.Write,
        };

    public static readonly ApiEndpoint[] Endpoints =
    [
        Manage("PublishVersion", VersionsRoute, HttpMethods.Post, PublishVersion) with
        {
            ConcurrencyLimited = true,
            Summary = "Publish a new version of a collection from an upload (key required).",
            QueryParameters = PublishParameters,
            Body = new("The features, validated like the import, in any of the upload formats (" + UploadFormatChoice.Listing
                + "); or multipart/form-data with a <id>.collection.json part before the data part; or text/uri-list, the URL of the data (a Blob SAS URL). "
                + "Up to 2 GiB decoded (Maps:Manage:MaxUploadBytes); the Functions host takes at most 100 MB on the wire, so send a larger body compressed "
                + "(Content-Encoding: gzip, deflate or br) or by URL.",
                [.. UploadFormats.All.SelectMany(f => f.MediaTypes).Distinct(), "multipart/form-data", UploadBody.UriList]),
        },
        Manage("ListVersions", VersionsRoute, HttpMethods.Get, ListVersions) with
            { Summary = "Every version of a collection, newest first, with the current one marked (key required)." },
        Manage("RollbackCollection", RollbackRoute, HttpMethods.Post, Rollback) with
            { Summary = "Make an earlier complete version current again: ?version=<id>, or ?version=previous (key required).", QueryParameters = [VersionParameter] },
        Manage("DeleteCollection", ManagedCollectionRoute, HttpMethods.Delete, DeleteCollection) with
            { Summary = "Remove a collection and all its versions from the layer store (key required)." },
    ];

    public static async Task<IResult> PublishVersion(HttpContext context, string collectionId, LayerStoreHost host)
    {
        QueryParameters.RequireOnly(context.Request, WithKey(PublishParameters));
        var request = new PublishRequest(collectionId, (_, _) => Task.FromResult(0))
        {
            Input = new MetadataInput
            {
                Title = Q("title"), Description = Q("description"), License = Q("license"), LicenseUrl = Q("licenseUrl"),
                Attribution = Q("attribution"), Source = Q("source"), SourceUrl = Q("sourceUrl"),
                DateProperty = Q("dateProperty"), GeometryType = Q("geometryType"),
            },
            Replace = Q("replace") switch
            {
                null or "false" => false,
                "true" => true,
                var other => throw ApiException.BadRequest($"replace must be true or false, not '{other}'."),
            },
        };

        PublishResult result;
        try
        {
            var options = new UploadReadOptions(collectionId, Path.GetTempPath()) { Layer = Q("layer"), Crs = Q("crs") };
            long maxBytes = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ManageOptions>>().Value.MaxUploadBytes;
            result = await UploadBody.PublishAsync(context, collectionId, host.Publisher, request, Q("format"), options, maxBytes, context.RequestAborted);
        }
        catch (UploadRejectedException e) when (e.Report is not null || e.Members is not null)
        {
            var members = e.Report is null ? new Dictionary<string, object?> { ["collection"] = collectionId } : ReportMembers(e.Report, null);
            foreach (var (name, value) in e.Members ?? new Dictionary<string, object?>())
                members[name] = value;
            int status = ProblemExceptionHandler.StatusOf(e.Problem);
            return new ProblemResult(status, ProblemWriter.TitleOf(status), e.Message, members);
        }
        catch (PublishConflictException)
        {
            await RefreshQuietlyAsync(host); // Another writer won: serve what it published.
            throw;
        }
        await RefreshQuietlyAsync(host);
        string location = $"{Links.ApiRoot(context.Request)}/manage/collections/{collectionId}/versions";
        var body = ReportMembers(result.Main.Report, result.Main.VersionId);
        body["pruned"] = result.Main.Pruned;
        if (result.Versions.Count > 1)
            body["nodes"] = ReportMembers(result.Versions[1].Report, result.Versions[1].VersionId);
        return new CreatedResult(location, Results.Json(body, JsonDefaults.Serializer, MediaTypes.Json, StatusCodes.Status201Created));

        string? Q(string name) => QueryParameters.Single(context.Request, name);
    }

    public static async Task<IResult> ListVersions(HttpContext context, string collectionId, LayerStoreHost host)
    {
        QueryParameters.RequireOnly(context.Request, [ManageKeyGuard.QueryName]);
        var store = host.Store;
        var entry = await store.GetCatalogEntryAsync(collectionId, context.RequestAborted);
        var versions = await store.ListVersionsAsync(collectionId, context.RequestAborted);
        if (entry is null && versions.Count == 0)
            throw NotInStore(collectionId, host);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            collection = collectionId,
            current = entry?.CurrentVersion,
            versions = versions.Reverse().Select(v => new
            {
                id = v.VersionId,
                created = v.Created,
                status = v.Status,
                count = v.FeatureCount,
                bytes = v.ByteSize,
                blocks = v.Blocks,
                hash = v.ContentHash,
                store = host.Store.Kind,
                current = v.VersionId == entry?.CurrentVersion,
            }),
        }, JsonDefaults.Serializer, MediaTypes.Json);
    }

    public static async Task<IResult> Rollback(HttpContext context, string collectionId, LayerStoreHost host)
    {
        QueryParameters.RequireOnly(context.Request, WithKey(VersionParameter));
        string version = QueryParameters.Single(context.Request, "version") is { Length: > 0 } v
            ? v
            : throw ApiException.BadRequest("Name the version to make current: ?version=<id> (see GET .../versions), or ?version=previous.");
        var store = host.Store;
        var entry = await store.GetCatalogEntryAsync(collectionId, context.RequestAborted)
            ?? throw NotInStore(collectionId, host);
        if (version == PreviousVersion)
        {
            var versions = await store.ListVersionsAsync(collectionId, context.RequestAborted);
            version = versions.Where(x => x.IsComplete && string.CompareOrdinal(x.VersionId, entry.CurrentVersion) < 0).MaxBy(x => x.VersionId, StringComparer.Ordinal)?.VersionId
                ?? throw ApiException.NotFound($"Collection '{collectionId}' has no complete version older than its current one ({entry.CurrentVersion}).");
        }
        var target = await store.GetVersionAsync(collectionId, version, context.RequestAborted);
        if (target is not { IsComplete: true })
            throw ApiException.NotFound($"Collection '{collectionId}' has no complete version '{version}'.");
        // The queryables describe the data: the target version's, where it stored them (versions published before it did not).
        var metadata = target.Queryables is { } queryables ? entry.Metadata with { Queryables = queryables } : entry.Metadata;
        await store.SwitchCurrentVersionAsync(collectionId, version, metadata, entry, context.RequestAborted);
        await RefreshQuietlyAsync(host);
        return Results.Json(new { collection = collectionId, version, previous = entry.CurrentVersion }, JsonDefaults.Serializer, MediaTypes.Json);
    }

    public static async Task<IResult> DeleteCollection(HttpContext context, string collectionId, LayerStoreHost host)
    {
        QueryParameters.RequireOnly(context.Request, [ManageKeyGuard.QueryName]);
        if (!await host.Store.DeleteCollectionAsync(collectionId, context.RequestAborted))
            throw NotInStore(collectionId, host);
        await RefreshQuietlyAsync(host);
        return Results.NoContent();
    }

    /// <summary>404 for a collection the store does not hold; a shipped layer says so (it is read-only, and served again once its published versions are deleted).</summary>
    private static ApiException NotInStore(string collectionId, LayerStoreHost host) =>
        ApiException.NotFound(host.FindShipped(collectionId) is not null
            ? $"'{collectionId}' is a shipped layer with no published version: it is read-only, and a version published under its id overrides it."
            : $"The layer store has no collection '{collectionId}'.");

    private static Dictionary<string, object?> ReportMembers(LayerReport report, string? versionId) => new()
    {
        ["collection"] = report.LayerId,
        ["version"] = versionId,
        ["read"] = report.Read,
        ["written"] = report.Written,
        ["rejectedCount"] = report.Rejected,
        ["fixed"] = report.Fixes,
        ["rejected"] = report.Rejections.Take(MaxListedRejections)
            .Select(r => new Dictionary<string, object?> { ["index"] = r.Index, ["id"] = r.FeatureId, ["reason"] = r.Reason }).ToArray(),
    };

    /// <summary>This instance serves its own change at once; others pick it up within RefreshSeconds.</summary>
    private static async Task RefreshQuietlyAsync(LayerStoreHost host)
    {
        try
        {
            await host.Catalog.RefreshAsync();
        }
        catch (Exception)
        {
            // The change is stored; this instance catches up on its next refresh.
        }
    }

    private sealed class CreatedResult(string location, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
