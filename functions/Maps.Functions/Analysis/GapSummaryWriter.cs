using System.Text.Json;
using Maps.Functions.Http;
using Microsoft.Net.Http.Headers;

namespace Maps.Functions.Analysis;

/// <summary>
/// Writes the per-country gap summary: as the <c>summary</c> and <c>total</c> members of a JSON
/// object, or (for <c>summary=only</c> on a CSV body, unless JSON is asked for) as a CSV table
/// <c>country,points,beyond_threshold,share,invalid</c> ending with a <c>total</c> row.
/// </summary>
public static class GapSummaryWriter
{
    public static bool WantsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var entries)
        && entries.Any(e => e.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && (e.Quality ?? 1) > 0)
        && !entries.Any(e => e.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) && (e.Quality ?? 1) > 0);

    public static async Task WriteAsync(HttpContext context, BatchAnalysis analysis, bool csv, byte delimiter = (byte)',')
    {
        var response = context.Response;
        if (csv)
        {
            response.ContentType = MediaTypes.Csv + "; charset=utf-8; header=present";
            var output = new CsvOutput(response.BodyWriter, delimiter);
            foreach (var (name, i) in new[] { "country", "points", "beyond_threshold", "share", "invalid" }.Select((n, i) => (n, i)))
            {
                if (i > 0)
                    output.Separator();
                output.Field(name);
            }
            output.EndRow();
            foreach (var count in analysis.Summary.Countries.Append(analysis.Summary.Total))
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
            await response.BodyWriter.FlushAsync(context.RequestAborted);
            return;
        }
        response.ContentType = MediaTypes.Json;
        await using var writer = new Utf8JsonWriter(response.BodyWriter, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteNumber("threshold_km", analysis.ThresholdKm);
        NearestApi.WriteStrings(writer, "to", analysis.To);
        NearestApi.WriteStatuses(writer, analysis.Statuses);
        WriteMembers(writer, analysis.Summary);
        writer.WriteEndObject();
    }

    /// <summary>The <c>summary</c> array and the <c>total</c> object, as members of the open object.</summary>
    public static void WriteMembers(Utf8JsonWriter writer, GapSummary summary)
    {
        writer.WriteStartArray("summary");
        foreach (var count in summary.Countries)
            WriteCount(writer, count);
        writer.WriteEndArray();
        writer.WritePropertyName("total");
        WriteCount(writer, summary.Total);
    }

    private static void WriteCount(Utf8JsonWriter writer, GapCount count)
    {
        writer.WriteStartObject();
        writer.WriteString("country", count.Country);
        writer.WriteNumber("points", count.Points);
        writer.WriteNumber("beyond_threshold", count.BeyondThreshold);
        writer.WriteNumber("share", count.Share);
        writer.WriteNumber("invalid", count.Invalid);
        writer.WriteEndObject();
    }
}
