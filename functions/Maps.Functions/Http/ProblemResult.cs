namespace Maps.Functions.Http;

/// <summary>A problem+json result with optional extension members (e.g. an upload's validation report), written by <see cref="ProblemWriter"/>.</summary>
public sealed class ProblemResult(int status, string title, string detail, IDictionary<string, object?>? extensions) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => ProblemWriter.WriteAsync(httpContext, status, title, detail, extensions);
}
