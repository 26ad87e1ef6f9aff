using System.Diagnostics;

namespace Maps.Bench;

/// <summary>
/// The country pages against an item page, in the same handler process over the shipped layers (the Release build,
/// started fresh each round): the first country page of a snapshot (which computes every country's figures), then
/// warm country pages, against the first and warm item pages of a 100-feature page; the ratio of the warm medians.
/// </summary>
internal static class CountryBench
{
    private const string Country = "/api/countries/CIV";
    private const string ItemPage = "/api/collections/fibre-links/items?country=CIV&limit=100";
    private const int Warm = 9;

    public static async Task<int> RunAsync(int rounds)
    {
        string root = HttpNearestBench.FindRepoRoot();
        string dll = Path.Combine(root, "functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"Build the handler first: dotnet build -c Release functions/Maps.Functions ({dll} is missing).");
            return 1;
        }
        Console.WriteLine($"country page {Country} against the item page {ItemPage}, {rounds} rounds, a fresh handler each");
        for (int round = 1; round <= rounds; round++)
        {
            string store = Directory.CreateTempSubdirectory("maps-country-bench-").FullName;
            try
            {
                using var handler = await ScaleHandler.StartAsync(dll, new Dictionary<string, string> { ["Maps__LocalStore__Directory"] = store }, TimeSpan.FromMinutes(5));
                double itemFirst = await TimeAsync(handler.Client, ItemPage);
                double countryCold = await TimeAsync(handler.Client, Country);
                double countryWarm = await MedianAsync(handler.Client, Country);
                double itemWarm = await MedianAsync(handler.Client, ItemPage);
                double htmlWarm = await MedianAsync(handler.Client, Country + "?f=html");
                Console.WriteLine($"round {round}: item page first {itemFirst:F1} ms, warm {itemWarm:F2} ms; country page cold snapshot {countryCold:F1} ms, "
                    + $"warm {countryWarm:F2} ms (HTML {htmlWarm:F2} ms); warm country / warm item: {countryWarm / itemWarm:F2}x; peak {handler.PeakMb:F0} MB");
            }
            finally
            {
                Directory.Delete(store, recursive: true);
            }
        }
        return 0;
    }

    private static async Task<double> MedianAsync(HttpClient client, string path)
    {
        var times = new List<double>();
        for (int i = 0; i < Warm; i++)
            times.Add(await TimeAsync(client, path));
        times.Sort();
        return times[Warm / 2];
    }

    private static async Task<double> TimeAsync(HttpClient client, string path)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        return watch.Elapsed.TotalMilliseconds;
    }
}
