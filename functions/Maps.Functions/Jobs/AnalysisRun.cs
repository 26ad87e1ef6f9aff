using Maps.Core.Layers;
using Maps.Functions.Hosting;

namespace Maps.Functions.Jobs;

/// <summary>What an analysis answered: its status, media type and any profile notes.</summary>
public sealed record AnalysisAnswer(int Status, string? ContentType, string? Notes);

/// <summary>
/// Runs an analysis endpoint's own handler on a request made here (parameters as its query
/// string, the points as its body) with the answer written to a stream, so that a job's chunk is
/// answered by exactly the code that answers the same rows over HTTP. The layers may be fixed (a
/// job's pinned versions) in place of the catalog's current ones.
/// </summary>
public static class AnalysisRun
{
    public static async Task<AnalysisAnswer> RunAsync(IServiceProvider services, ApiEndpoint endpoint, IReadOnlyDictionary<string, string> parameters,
        string? contentType, Stream? body, Stream output, LayerSet? layers, IReadOnlyDictionary<object, object?>? items, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext
        {
            RequestServices = layers is null ? scope.ServiceProvider : new FixedLayers(scope.ServiceProvider, new InMemoryLayerCatalog(layers)),
            RequestAborted = cancellationToken,
        };
        var request = context.Request;
        request.Method = endpoint.Methods[0];
        request.Scheme = "http";
        request.Host = new HostString("localhost");
        request.Path = endpoint.Pattern;
        request.QueryString = Query(parameters);
        request.ContentType = contentType;
        // Summaries are asked for as JSON: a job's summary is one JSON document whatever the points' format.
        request.Headers.Accept = "application/json, */*;q=0.1";
        if (body is not null)
            request.Body = body;
        context.Response.Body = output;
        foreach (var (key, value) in items ?? new Dictionary<object, object?>())
            context.Items[key] = value;
        await endpoint.Handler(context);
        await context.Response.BodyWriter.FlushAsync(cancellationToken);
        string? notes = context.Response.Headers[Analysis.Profile.ProfileApi.NotesHeader];
        return new AnalysisAnswer(context.Response.StatusCode, context.Response.ContentType, string.IsNullOrEmpty(notes) ? null : notes);
    }

    /// <summary>The analysis parameters as the endpoint's query string.</summary>
    public static QueryString Query(IReadOnlyDictionary<string, string> parameters) =>
        QueryString.Create(parameters.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));

    /// <summary>A request carrying only the parameters, for an endpoint's own parameter reader to check them without running it.</summary>
    public static HttpRequest RequestWith(IReadOnlyDictionary<string, string> parameters) =>
        new DefaultHttpContext { Request = { QueryString = Query(parameters) } }.Request;

    /// <summary>The request's services, but with the given layers as the catalog.</summary>
    private sealed class FixedLayers(IServiceProvider inner, ILayerCatalog catalog) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(ILayerCatalog) ? catalog : inner.GetService(serviceType);
    }
}
