using Maps.Core.Query;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Maps.Storage;
using Maps.Storage.Publishing;
using Microsoft.AspNetCore.Mvc;

namespace Maps.Functions.Http;

/// <summary>
/// The single table from exceptions to HTTP problems, called by <see cref="Hosting.ApiDispatcher"/> in
/// both hosting modes. Domain and request errors say what was wrong; anything unexpected becomes a
/// bare 500 with no stack trace or path in the body. An error after the answer has started cannot
/// change its status: the connection is aborted, so the client sees a cut answer, not a complete one.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger)
{
    public async Task HandleAsync(HttpContext context, Exception exception)
    {
        var problem = exception switch
        {
            ApiException e => Problem(e.Status, e.Title, e.Message),
            InvalidParameterException e => Problem(StatusCodes.Status400BadRequest, "Bad Request", e.Message),
            MalformedBodyException e => Problem(StatusCodes.Status400BadRequest, "Bad Request", e.Message),
            BatchInputException e => Problem(StatusCodes.Status400BadRequest, "Bad Request", e.Message),
            BatchLimitException e => Problem(StatusCodes.Status413PayloadTooLarge, "Payload Too Large", e.Message),
            Jobs.HrefUnreadableException { TooLarge: true } e => Problem(StatusCodes.Status413PayloadTooLarge, "Payload Too Large", e.Message),
            Jobs.HrefUnreadableException e => Problem(StatusCodes.Status400BadRequest, "Bad Request", e.Message),
            UploadRejectedException e => Problem(StatusOf(e.Problem), ProblemWriter.TitleOf(StatusOf(e.Problem)), e.Message),
            Maps.Core.Layers.LayerUnavailableException e => Problem(StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
                e.Message + " Its data is damaged; other collections are served. Retry later, or publish it again."),
            PublishConflictException e => Problem(StatusCodes.Status409Conflict, "Conflict", e.Message),
            StoreNotFoundException e => Problem(StatusCodes.Status404NotFound, "Not Found", e.Message),
            BadHttpRequestException e when e.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                Problem(e.StatusCode, "Payload Too Large", TooLargeDetail(context, e)),
            BadHttpRequestException e => Problem(e.StatusCode, "Bad Request", "The request could not be read: " + e.Message),
            // The store wraps every call that finds storage unreachable (StoreErrors.Guard); an IOException from
            // anywhere else (a request body, a temp file) is not a storage outage.
            StorageUnavailableException or Azure.RequestFailedException when StoreErrors.IsUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
                "The layer store cannot be reached; reads keep serving the last loaded layers. Retry later."),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };
        if (problem is null)
        {
            if (context.RequestAborted.IsCancellationRequested)
                return;
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "Internal Server Error", "The server failed to answer this request.");
        }
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        // Clear drops what the handler set, but the CORS headers the dispatcher applied must stay,
        // or a browser could not read why its request failed.
        var cors = context.Response.Headers.Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)
            || h.Key.Equals(HeaderNames.Vary, StringComparison.OrdinalIgnoreCase)).ToArray();
        context.Response.Clear();
        foreach (var (name, value) in cors)
            context.Response.Headers[name] = value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = "30";
        try
        {
            await ProblemWriter.WriteAsync(context, problem.Status!.Value, problem.Title!, problem.Detail!);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted)
        {
            // The client left, or the connection broke while the problem was written: nothing more to tell it.
            context.Abort();
        }
    }

    /// <summary>Ours (BodyLimitStream) or Kestrel's own cap, whichever counted past its limit first: one sentence for both.</summary>
    private static string TooLargeDetail(HttpContext context, BadHttpRequestException e) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is long limit && !e.Message.StartsWith("The request body is larger", StringComparison.Ordinal)
            ? Analysis.BodyLimitStream.TooLarge(limit).Message
            : e.Message;

    /// <summary>The HTTP status of each reason an upload is refused.</summary>
    public static int StatusOf(UploadProblem problem) => problem switch
    {
        UploadProblem.Unpublishable => StatusCodes.Status422UnprocessableEntity,
        UploadProblem.WouldDropFeatures => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}
