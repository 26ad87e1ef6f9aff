namespace Maps.Functions.Hosting;

/// <summary>Settings under the <c>Maps</c> section (environment: <c>Maps__DataDirectory</c>, ...).</summary>
public sealed class MapsOptions
{
    public const string Section = "Maps";

    /// <summary>
    /// Folder holding the normalised layers. Empty: <c>data/layers</c> found from the working
    /// directory upwards, then beside the executable (the published function-app layout).
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Largest item page; bigger <c>limit</c> values are clamped to it, never rejected.</summary>
    public int MaxPageSize { get; set; } = 10_000;

    public int DefaultPageSize { get; set; } = 100;

    /// <summary>Public URL of <c>/api</c> behind a proxy or CDN (e.g. <c>https://maps.example.org/api</c>); empty: from the request.</summary>
    public string? PublicBaseUrl { get; set; }
}
