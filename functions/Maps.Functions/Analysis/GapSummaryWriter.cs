using Maps.Functions.Http;
using Microsoft.Net.Http.Headers;

namespace Maps.Functions.Analysis;

/// <summary>
/// The gaps summary as a CSV table, <c>country,points,beyond_threshold,share,invalid</c> ending with a
/// <c>total</c> row: the answer of <c>summary=only</c> on a CSV body, unless JSON is asked for (then
/// the engine's JSON summary, as a job gives it).
/// </summary>
public static class GapSummaryWriter
{
    public static bool WantsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var entries)
        && entries.Any(e => e.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && (e.Quality ?? 1) > 0)
        && !entries.Any(e => e.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) && (e.Quality ?? 1) > 0);

    public static async Task WriteCsvAsync(HttpResponse response, GapSummary summary, byte delimiter, CancellationToken cancellationToken)
    {
        response.ContentType = CsvOutput.ContentType;
        var output = new CsvOutput(response.BodyWriter, delimiter);
        foreach (var (name, i) in new[] { "country", "points", "beyond_threshold", "share", "invalid" }.Select((n, i) => (n, i)))
        {
            if (i > 0)
                output.Separator();
            output.Field(name);
        }
        output.EndRow();
        foreach (var count in summary.Countries.Append(summary.Total))
        {
            output.Field(count.Country);
            output.Separator();
            output.Number(count.Points);
            output.Separator();
            output.Number(count.BeyondThreshold);
            output.Separator();
            output.Number(count.Share);
            output.Separator();
            output.Number(count.Invalid);
            output.EndRow();
        }
        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}
