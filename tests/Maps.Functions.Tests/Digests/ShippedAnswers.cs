using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Maps.Functions.Tests.Digests;

/// <summary>
/// The answers the API gives on the shipped layers, as SHA-256 digests of their bodies, for
/// <see cref="ShippedAnswerDigestTests"/>: every page of every layer at several page sizes, with and
/// without filters and sorts; single features; the collection, queryables, sortables and tileset
/// documents; tiles at zooms 0–3 and over West Africa and Kenya at 6 and 9; extracts; and analyses.
/// <para>
/// Bodies are compared with each layer's version string replaced by <c>{version}</c> (and its
/// 8-character prefix by <c>{version8}</c>): the version names the stored content, not the answer.
/// Status and media type are part of each digest.
/// </para>
/// </summary>
internal static class ShippedAnswers
{
    private static readonly int[] WalkLimits = [1000, 10000];

    /// <summary>Every request, in a fixed order, with the digest of its answer.</summary>
    public static async Task<SortedDictionary<string, string>> DigestAsync(HttpClient client)
    {
        var versions = await VersionsAsync(client);
        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        async Task Add(string name, HttpRequestMessage request)
        {
            using var response = await client.SendAsync(request);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            string type = response.Content.Headers.ContentType?.MediaType ?? "";
            string content = type.Contains("vector-tile") ? Convert.ToBase64String(body) : Normalise(body, versions);
            digests[name] = Hash($"{(int)response.StatusCode} {type}\n{content}");
        }
        Task Get(string url) => Add("GET " + url, new HttpRequestMessage(HttpMethod.Get, url));

        foreach (var (id, _) in versions)
        {
            await Get($"/api/collections/{id}");
            await Get($"/api/collections/{id}/queryables");
            await Get($"/api/collections/{id}/sortables");
            await Get($"/api/collections/{id}/tiles/WebMercatorQuad");
            await Get($"/api/tiles/{id}.json");
            await Get($"/api/collections/{id}?f=html");

            var queryables = await QueryablesAsync(client, id);
            foreach (int limit in WalkLimits)
                await WalkAsync(client, digests, versions, $"/api/collections/{id}/items?limit={limit}");
            await WalkAsync(client, digests, versions, $"/api/collections/{id}/items?limit=37", maxPages: 40);
            await WalkAsync(client, digests, versions, $"/api/collections/{id}/items?limit=1000&bbox=-20,-5,15,20");
            await WalkAsync(client, digests, versions, $"/api/collections/{id}/items?limit=500&bbox=170,-60,-170,60");
            foreach (var (filter, sort) in FiltersAndSorts(queryables))
                await WalkAsync(client, digests, versions, $"/api/collections/{id}/items?limit=700{filter}{sort}");
            await Get($"/api/collections/{id}/items?limit=25&f=html");

            var firstIds = await FirstIdsAsync(client, id, 15);
            foreach (var featureId in firstIds)
            {
                await Get($"/api/collections/{id}/items/{Uri.EscapeDataString(featureId)}");
                await Get($"/api/collections/{id}/items/{Uri.EscapeDataString(featureId)}?f=html");
            }

            foreach (var (z, x, y) in Tiles())
                await Get($"/api/tiles/{id}/{z}/{x}/{y}.mvt");

            foreach (var format in new[] { "geojson", "geojsonseq", "csv" })
            {
                await Get($"/api/extracts/{id}.{format}");
                await Get($"/api/extracts/{id}.{format}?bbox=-20,-5,15,20");
            }
        }

        foreach (var (lon, lat) in Points(40, seed: 7))
        {
            await Get($"/api/analysis/nearest?lon={F(lon)}&lat={F(lat)}");
            await Get($"/api/analysis/nearest?lon={F(lon)}&lat={F(lat)}&k=3&status=operational");
        }
        await Get("/api/analysis/coverage");
        await Get("/api/analysis/coverage?distances=5,20&status=operational,planned&f=csv");

        string csv = SchoolsCsv(400, seed: 11);
        foreach (var path in new[] { "/api/analysis/nearest", "/api/analysis/gaps?threshold_km=15", "/api/analysis/profile", "/api/analysis/profile?schools=schools,mali-schools&radii=2,25" })
        {
            await Add("POST " + path + " (csv)", new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(csv, Encoding.UTF8, "text/csv") });
            await Add("POST " + path + " (geojson)", new HttpRequestMessage(HttpMethod.Post, path)
                { Content = new StringContent(SchoolsGeoJson(csv), Encoding.UTF8, "application/geo+json") });
        }
        await Get("/api/collections");
        await Get("/api/");
        return digests;
    }

    private static async Task WalkAsync(HttpClient client, SortedDictionary<string, string> digests, IReadOnlyList<(string Id, string Version)> versions, string first, int maxPages = int.MaxValue)
    {
        string? next = first;
        var walk = new StringBuilder();
        for (int page = 0; next is not null && page < maxPages; page++)
        {
            using var response = await client.GetAsync(next);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            walk.Append((int)response.StatusCode).Append(' ').Append(Hash(Normalise(body, versions))).Append('\n');
            if (response.StatusCode != HttpStatusCode.OK)
                break;
            using var document = JsonDocument.Parse(body);
            next = document.RootElement.GetProperty("links").EnumerateArray()
                .Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => new Uri(l.GetProperty("href").GetString()!).PathAndQuery)
                .FirstOrDefault();
        }
        digests["WALK " + first] = Hash(walk.ToString());
    }

    /// <summary>For each enum queryable an equality; a CQL2 comparison on a number; sorts on a string and a number; and a property selection.</summary>
    private static IEnumerable<(string Filter, string Sort)> FiltersAndSorts(JsonElement queryables)
    {
        var properties = queryables.GetProperty("properties").EnumerateObject().ToArray();
        foreach (var p in properties)
        {
            if (p.Value.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
            {
                string value = values[0].GetString()!;
                yield return ($"&{p.Name}={Uri.EscapeDataString(value)}", "");
                yield return ($"&filter={Uri.EscapeDataString($"{p.Name} <> '{value.Replace("'", "''")}'")}", $"&sortby=-{p.Name}");
            }
        }
        string? number = properties.Where(p => p.Value.TryGetProperty("type", out var t) && t.GetString() is "integer" or "number").Select(p => p.Name).FirstOrDefault();
        if (number is not null)
        {
            yield return ($"&filter={Uri.EscapeDataString($"{number} > 1")}", $"&sortby={number}");
            yield return ("", $"&sortby=-{number}");
        }
        string? text = properties.Where(p => p.Value.TryGetProperty("type", out var t) && t.GetString() == "string" && !p.Value.TryGetProperty("format", out _))
            .Select(p => p.Name).FirstOrDefault();
        if (text is not null)
        {
            yield return ($"&filter={Uri.EscapeDataString($"{text} LIKE '%a%'")}", $"&sortby=-{text}");
            yield return ($"&properties={text}", "");
        }
        yield return ("&bbox=-10,0,10,15&filter=" + Uri.EscapeDataString("S_INTERSECTS(geometry,POLYGON((-5 4,5 4,5 14,-5 14,-5 4)))"), "");
    }

    private static async Task<JsonElement> QueryablesAsync(HttpClient client, string id)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync($"/api/collections/{id}/queryables"));
        return document.RootElement.Clone();
    }

    private static async Task<IReadOnlyList<string>> FirstIdsAsync(HttpClient client, string id, int count)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync($"/api/collections/{id}/items?limit={count}"));
        return document.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray();
    }

    private static async Task<IReadOnlyList<(string Id, string Version)>> VersionsAsync(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("/api/health"));
        return document.RootElement.GetProperty("collections").EnumerateObject()
            .Select(p => (p.Name, p.Value.GetString()!)).OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Zooms 0–3 whole, then 6 and 9 over West Africa and Kenya.</summary>
    private static IEnumerable<(int Z, int X, int Y)> Tiles()
    {
        for (int z = 0; z <= 3; z++)
            for (int x = 0; x < 1 << z; x++)
                for (int y = 0; y < 1 << z; y++)
                    yield return (z, x, y);
        foreach (var (lon, lat) in new[] { (3.4, 6.5), (-0.2, 5.6), (36.8, -1.3), (-7.99, 12.65), (-4.0, 5.3) })
        {
            foreach (int z in new[] { 6, 9 })
            {
                int n = 1 << z;
                int x = (int)((lon + 180) / 360 * n);
                double r = lat * Math.PI / 180;
                int y = (int)((1 - Math.Log(Math.Tan(r) + 1 / Math.Cos(r)) / Math.PI) / 2 * n);
                for (int dx = -1; dx <= 1; dx++)
                    for (int dy = -1; dy <= 1; dy++)
                        yield return (z, x + dx, y + dy);
            }
        }
    }

    /// <summary>Seeded points, half over West Africa and Kenya where the layers are, half anywhere.</summary>
    private static IEnumerable<(double Lon, double Lat)> Points(int count, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            yield return i % 2 == 0
                ? (Math.Round(-17 + random.NextDouble() * 57, 5), Math.Round(-5 + random.NextDouble() * 20, 5))
                : (Math.Round(-180 + random.NextDouble() * 360, 5), Math.Round(-80 + random.NextDouble() * 160, 5));
        }
    }

    private static string SchoolsCsv(int count, int seed)
    {
        var csv = new StringBuilder("id,name,lat,lon,country\n");
        int i = 0;
        foreach (var (lon, lat) in Points(count, seed))
        {
            csv.Append(CultureInfo.InvariantCulture, $"s{i},School {i},{F(lat)},{F(lon)},{(lon < 20 ? "NGA" : "KEN")}\n");
            if (i % 50 == 0)
                csv.Append(CultureInfo.InvariantCulture, $"s{i},Duplicate {i},{F(lat)},{F(lon)},NGA\n");
            i++;
        }
        csv.Append("bad,Bad row,north,east,NGA\n");
        return csv.ToString();
    }

    private static string SchoolsGeoJson(string csv)
    {
        var features = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(','))
            .Where(f => double.TryParse(f[2], CultureInfo.InvariantCulture, out _))
            .Select(f => $$$"""{"type":"Feature","id":"{{{f[0]}}}","geometry":{"type":"Point","coordinates":[{{{f[3]}}},{{{f[2]}}}]},"properties":{"name":"{{{f[1]}}}","country":"{{{f[4]}}}"}}""");
        return $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";
    }

    private static string Normalise(byte[] body, IReadOnlyList<(string Id, string Version)> versions)
    {
        string text = Encoding.UTF8.GetString(body);
        foreach (var (_, version) in versions)
        {
            text = text.Replace(version, "{version}", StringComparison.Ordinal);
            if (version.Length > 8)
                text = text.Replace(version[..8], "{version8}", StringComparison.Ordinal);
        }
        return text;
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
}
