using System.Text.Json;
using Maps.EndToEnd.Tests.Support;

namespace Maps.Viewer.Tests.Support;

/// <summary>
/// One real app process on the shipped data and one headless Chromium session over the HTML pages
/// of the API (<c>browser/pages-check.mjs</c>): the home page, a line collection's page, a page of
/// points, one line item, the processes, one process, the jobs, the countries and one country. Each map page names the colour its layer is drawn in, which the script
/// counts inside the map. Screenshots land in <c>bin/.../page-screenshots/&lt;mode&gt;/</c>.
/// </summary>
public abstract class PagesSession(ApiProcess handler) : IAsyncLifetime
{
    public const string FibreColour = "#d6336c";
    public const string NodeColour = "#7048e8";
    /// <summary>The items page: Ghana's transmission nodes, first page.</summary>
    public const string ItemsQuery = "country=GHA&limit=100";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(3) };

    public ApiProcess Handler { get; } = handler;

    public JsonElement Report { get; private set; }

    public string RawReport { get; private set; } = "";

    /// <summary>The fibre link whose item page is opened: the first in Ghana.</summary>
    public string ItemId { get; private set; } = "";

    public string OutputDirectory => Path.Combine(AppContext.BaseDirectory, "page-screenshots", Handler.Mode);

    public async Task InitializeAsync()
    {
        await Handler.InitializeAsync();
        using (var first = JsonDocument.Parse(await Http.GetStringAsync($"{Handler.ApiRoot}/collections/fibre-links/items?country=GHA&limit=1")))
            ItemId = first.RootElement.GetProperty("features")[0].GetProperty("id").GetString()!;
        string root = Handler.ApiRoot;
        var (report, raw) = await BrowserCheck.RunAsync("pages-check.mjs",
        [
            OutputDirectory,
            $"landing={root}?f=html=",
            $"collection={root}/collections/fibre-links?f=html={FibreColour}",
            $"items={root}/collections/transmission-nodes/items?{ItemsQuery}&f=html={NodeColour}",
            $"item={root}/collections/fibre-links/items/{Uri.EscapeDataString(ItemId)}?f=html={FibreColour}",
            $"processes={root}/processes?f=html=",
            $"process={root}/processes/profile?f=html=",
            $"jobs={root}/jobs?f=html=",
            $"countries={root}/countries?f=html=",
            $"country={root}/countries/MLI?f=html={FibreColour}",
        ]);
        (Report, RawReport) = (report, raw);
        Directory.CreateDirectory(OutputDirectory);
        await File.WriteAllTextAsync(Path.Combine(OutputDirectory, "report.json"), raw);
    }

    public Task DisposeAsync() => Handler.DisposeAsync();
}

public sealed class StandalonePagesSession() : PagesSession(new StandaloneApi());

public sealed class FunctionsHostPagesSession() : PagesSession(new FunctionsHostApi());
