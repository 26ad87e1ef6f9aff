using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Maps.Core.Geodesy;
using Maps.EndToEnd.Tests.Support;

namespace Maps.EndToEnd.Tests;

/// <summary>
/// The school profile of the shipped Kenya sample through the real process, standalone and under
/// the Functions host: every row answered, fibre distances equal to GET nearest's, schools within a
/// radius equal to a haversine count over the file, and the note about the missing cell sites.
/// </summary>
public abstract class ProfileEndToEndTests(ApiProcess api)
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };

    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maps.sln")))
                return Path.Combine(dir.FullName, relative);
        }
        throw new DirectoryNotFoundException("Maps.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>One CSV line split on commas outside quotes (the sample has no line breaks inside fields).</summary>
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }
        fields.Add(field.ToString());
        return [.. fields];
    }

    [Fact]
    public async Task The_kenya_sample_gets_a_profile_row_per_school_that_independent_answers_confirm()
    {
        byte[] body = await File.ReadAllBytesAsync(RepositoryFile("data/samples/kenya-schools.csv"));
        using var content = new ByteArrayContent(body) { Headers = { ContentType = new("text/csv") } };

        var response = await Client.PostAsync(api.ApiRoot + "/analysis/profile?fibre=fibre-links&radii=2,10", content);
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("cell-sites", string.Join(" ", response.Headers.GetValues("Maps-Profile-Notes")));
        var input = Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(input.Length, lines.Length);
        var header = lines[0].Split(',');
        int lat = Array.IndexOf(header, "lat"), lon = Array.IndexOf(header, "lon");
        int distance = Array.IndexOf(header, "fiber_node_distance"), within = Array.IndexOf(header, "schools_within_2km");
        Assert.True(lat >= 0 && lon >= 0 && distance > lon && within > distance, lines[0]);

        var rows = lines.Skip(1).Select(Split).ToList();
        var positions = rows.Select(r => (Lon: double.Parse(r[lon], CultureInfo.InvariantCulture), Lat: double.Parse(r[lat], CultureInfo.InvariantCulture))).ToList();
        var everySchool = input.Skip(1).Select(l => Split(l.TrimEnd('\r')))
            .Select(r => (Lon: double.Parse(r[lon], CultureInfo.InvariantCulture), Lat: double.Parse(r[lat], CultureInfo.InvariantCulture))).ToList();
        Assert.All(rows, r => Assert.Equal("", r[^1]));
        for (int i = 0; i < rows.Count; i += rows.Count / 25)
        {
            using var nearest = JsonDocument.Parse(await Client.GetStringAsync(
                $"{api.ApiRoot}/analysis/nearest?lon={rows[i][lon]}&lat={rows[i][lat]}&to=fibre-links&status=operational"));
            double expected = nearest.RootElement.GetProperty("features")[0].GetProperty("properties").GetProperty("distance_km").GetDouble();
            Assert.Equal(expected, double.Parse(rows[i][distance], CultureInfo.InvariantCulture), 1e-9);
            int count = everySchool.Count(s => Sphere.DistanceKm(positions[i].Lon, positions[i].Lat, s.Lon, s.Lat) <= 2);
            Assert.Equal(count, int.Parse(rows[i][within], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Gigas_own_school_csv_works_unchanged_and_a_repeated_id_counts_once()
    {
        byte[] body = await File.ReadAllBytesAsync(RepositoryFile("data/samples/giga-schools-KEN.csv"));
        var input = Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Split(l.TrimEnd('\r'))).ToList();
        int idColumn = Array.IndexOf(input[0], "giga_id_school");
        var repeated = input.Skip(1).GroupBy(r => r[idColumn]).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.NotEmpty(repeated); // the Kenya file repeats an id

        using var content = new ByteArrayContent(body) { Headers = { ContentType = new("text/csv") } };
        var response = await Client.PostAsync(api.ApiRoot + "/analysis/profile?radii=1&columns=fiber_node_distance,schools_within_1km,proximity", content);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(Split).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([.. input[0], "fiber_node_distance", "schools_within_1km", "proximity", "error"], lines[0]);
        Assert.Equal(input.Count, lines.Count);
        int within = Array.IndexOf(lines[0], "schools_within_1km");
        var first = new HashSet<string>();
        for (int i = 1; i < lines.Count; i++)
        {
            Assert.Equal(input[i], lines[i][..input[0].Length]);
            Assert.Equal("", lines[i][^1]);
            if (first.Add(lines[i][idColumn]))
                Assert.True(int.Parse(lines[i][within], CultureInfo.InvariantCulture) >= 1, "a school counts itself");
        }
        // Two schools a few metres apart: the repeated id's rows see each other once, not twice.
        var pair = lines.Skip(1).Where(l => l[idColumn] == repeated[0]).ToList();
        var positions = pair.Select(l => (Lon: double.Parse(l[Array.IndexOf(lines[0], "longitude")], CultureInfo.InvariantCulture), Lat: double.Parse(l[Array.IndexOf(lines[0], "latitude")], CultureInfo.InvariantCulture))).ToList();
        var everySchool = input.Skip(1).DistinctBy(r => r[idColumn])
            .Select(r => (Lon: double.Parse(r[Array.IndexOf(input[0], "longitude")], CultureInfo.InvariantCulture), Lat: double.Parse(r[Array.IndexOf(input[0], "latitude")], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(everySchool.Count(s => Sphere.DistanceKm(positions[0].Lon, positions[0].Lat, s.Lon, s.Lat) <= 1), int.Parse(pair[0][within], CultureInfo.InvariantCulture));
    }
}

[Collection(ShippedCollection.Name)]
public sealed class ProfileStandaloneTests(ShippedApis apis) : ProfileEndToEndTests(apis.Standalone);

[Collection(ShippedCollection.Name)]
public sealed class ProfileFunctionsHostTests(ShippedApis apis) : ProfileEndToEndTests(apis.Host);
