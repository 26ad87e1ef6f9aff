using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Maps.Functions.Http;

/// <summary>
/// Writes RFC 9457 problem details as <c>application/problem+json</c> whatever the request's
/// Accept says: a client that asked for a format we cannot make still learns why (406).
/// </summary>
public static class ProblemWriter
{
    /// <param name="extensions">Extension members (e.g. an upload's validation report), or null.</param>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Type = $"https://httpstatuses.io/{status}",
            Title = title,
            Status = status,
            Detail = detail,
            Instance = context.Request.Path,
        };
        if (extensions is not null)
            foreach (var (name, value) in extensions)
                problem.Extensions[name] = value;
        context.Response.StatusCode = status;
        context.Response.ContentType = MediaTypes.Problem;
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, JsonDefaults.Serializer, context.RequestAborted);
    }

    public static string TitleOf(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => status >= 500 ? "Internal Server Error" : "Error",
    };
}
