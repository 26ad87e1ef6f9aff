using System.Globalization;
using System.Text.Json;
using Maps.EndToEnd.Tests.Support;

namespace Maps.Viewer.Tests.Support;

/// <summary>
/// One real app process (standalone, or under the Functions host: a derived class each) and one headless Chromium session over the viewer for every test of
/// the class: <c>browser/viewer-check.mjs</c> (playwright-core driving Debian's
/// <c>/usr/bin/chromium</c>) loads the page at a known view, screenshots it, clicks in planner mode
/// (nearest backbone and profile), uploads a schools CSV and colours it by each of
/// <see cref="ColourByColumns"/>, and prints a JSON report that the tests assert on. The handler stays
/// up until the class is done, so tests can ask the API the same questions the page asked.
/// </summary>
public abstract class ViewerSession(ApiProcess handler) : IAsyncLifetime
{
    /// <summary>West Africa, Ghana and Togo: zoom 6 at 9° N 1° W (MapLibre's #zoom/lat/lon hash).</summary>
    public const string ViewHash = "#6/9/-1";
    public const string FibreColour = "#d6336c";
    public const string CountryFillColour = "#f3f1ea";
    /// <summary>The planner click, in CSS pixels from the map's top-left corner (its centre is 440,400).</summary>
    public const int ClickX = 600, ClickY = 400;

    /// <summary>The collection whose legend zoom button the browser clicks last: NYC Mesh, far from the opening view.</summary>
    public const string ZoomToCollection = "microwave-links";

    /// <summary>The shipped school collection behind the viewer's "try the sample" button.</summary>
    public const string SampleCollection = "mali-schools";

    public ApiProcess Handler { get; } = handler;

    public JsonElement Report { get; private set; }

    public string RawReport { get; private set; } = "";

    public string OutputDirectory => Path.Combine(AppContext.BaseDirectory, "viewer-screenshots", Handler.Mode);

    public string SchoolsCsvPath => Path.Combine(OutputDirectory, "schools.csv");

    /// <summary>The "colour by" selections the browser makes after loading the CSV, in order: two count columns and the ITU band.</summary>
    public static readonly string[] ColourByColumns = ["schools_within_10km", "pop_within_10km", "proximity"];

    /// <summary>
    /// Schools near and far from the backbone (several bands), one without a country, one without
    /// coordinates, and three more around Kumasi so that schools_within_10km is not 1 everywhere.
    /// </summary>
    public const string SchoolsCsv =
        "name,lat,lon,country\n" +
        "Kumasi,6.6885,-1.6244,GHA\n" +
        "Tamale,9.4075,-0.8533,GHA\n" +
        "Lome,6.1319,1.2228,TGO\n" +
        "Sahel,14.20,-0.10,BFA\n" +
        "Somewhere,10.5,-3.0,\n" +
        "Desert,20.0,0.0,MLI\n" +
        "Gulf,4.0,-1.0,GHA\n" +
        "\"Broken, row\",,,GHA\n" +
        "Kumasi North,6.7200,-1.6100,GHA\n" +
        "Kumasi East,6.6900,-1.5800,GHA\n" +
        "Ejisu,6.7230,-1.4660,GHA\n";

    public async Task InitializeAsync()
    {
        await Handler.InitializeAsync();
        Directory.CreateDirectory(OutputDirectory);
        await File.WriteAllTextAsync(SchoolsCsvPath, SchoolsCsv);

        (Report, RawReport) = await BrowserCheck.RunAsync("viewer-check.mjs",
        [
            Handler.ApiRoot + "/viewer" + ViewHash, OutputDirectory,
            "--count", "fibre=" + FibreColour,
            "--count", "country=" + CountryFillColour,
            "--click", FormattableString.Invariant($"{ClickX},{ClickY}"),
            "--csv", SchoolsCsvPath,
            "--colour-by", string.Join(',', ColourByColumns),
            "--zoom-to", ZoomToCollection,
            "--sample", SampleCollection,
        ]);
        await File.WriteAllTextAsync(Path.Combine(OutputDirectory, "report.json"), RawReport);
    }

    public Task DisposeAsync() => Handler.DisposeAsync();

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

public sealed class StandaloneViewerSession() : ViewerSession(new StandaloneApi());

public sealed class FunctionsHostViewerSession() : ViewerSession(new FunctionsHostApi());
