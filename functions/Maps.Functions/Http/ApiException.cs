namespace Maps.Functions.Http;

/// <summary>
/// A request that cannot be answered, with the status and the sentence that says why. Thrown by
/// handlers and turned into <c>application/problem+json</c> in one place, <see cref="ProblemExceptionHandler"/>.
/// </summary>
public class ApiException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;

    public static ApiException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not Found", detail);

    public static ApiException NotAcceptable(string detail) => new(StatusCodes.Status406NotAcceptable, "Not Acceptable", detail);

    public static ApiException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad Request", detail);
}
