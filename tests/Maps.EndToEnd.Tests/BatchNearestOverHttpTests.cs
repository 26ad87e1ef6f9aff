using System.Globalization;
using System.Net;
using System.Text;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// POST nearest against the real handler process over TCP, with a client that sends its whole
/// body before it reads the answer (as HttpClient with a buffered content does): the answer is far
/// larger than the socket buffers, so without spooling the body both sides would wait forever.
/// </summary>
public sealed class BatchNearestOverHttpTests(HandlerProcess handler) : IClassFixture<HandlerProcess>
{
    [Fact]
    public async Task A_large_csv_sent_before_reading_gets_every_row_answered()
    {
        const int rows = 400_000;
        var csv = new StringBuilder("id,lat,lon\n");
        var random = new Random(7);
        for (int i = 0; i < rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"s{i},{random.NextDouble() * 20 + 4:F5},{random.NextDouble() * 30 - 15:F5}\n");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        content.Headers.ContentType = new("text/csv");

        var response = await client.PostAsync($"{handler.ApiRoot}/analysis/nearest?to=fibre-links&status=operational", content);
        string answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(rows + 1, lines.Length);
        Assert.StartsWith("id,lat,lon,nearest_collection,nearest_id", lines[0]);
        Assert.All(lines.Skip(1).Take(100), line => Assert.Contains(",fibre-links,fibre-", line));
    }
}
