using Maps.Core.Query;
using Microsoft.AspNetCore.Http.Features;
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
            UploadRejectedException e => Problem(e.Status, ProblemWriter.TitleOf(e.Status), e.Message),
            PublishConflictException e => Problem(StatusCodes.Status409Conflict, "Conflict", e.Message),
            StoreNotFoundException e => Problem(StatusCodes.Status404NotFound, "Not Found", e.Message),
            // Ours (BodyLimitStream) or Kestrel's own, whichever counted past the limit first: one sentence for both.
            BadHttpRequestException e when e.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                Problem(e.StatusCode, "Payload Too Large",
                    context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is long limit
                        ? Analysis.BodyLimitStream.TooLarge(limit).Message : e.Message),
            BadHttpRequestException e => Problem(e.StatusCode, "Bad Request", "The request could not be read: " + e.Message),
            // The store wraps every call that finds storage unreachable (StoreErrors.Guard); an IOException from
            // anywhere else (a request body, a temp file) is not a storage outage.
            StorageUnavailableException or Azure.RequestFailedException when StoreErrors.IsUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
                "The layer store (Azure Table Storage) cannot be reached; reads keep serving the last loaded layers. Retry later."),
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
        context.Response.Clear();
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = "30";
        await ProblemWriter.WriteAsync(context, problem.Status!.Value, problem.Title!, problem.Detail!);
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}
