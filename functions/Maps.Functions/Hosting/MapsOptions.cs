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

    /// <summary>
    /// Key for <c>/api/manage</c> when the handler runs standalone (sent as <c>x-functions-key</c> or
    /// <c>?code=</c>). Behind the Functions host the host checks its function keys first; set this to the
    /// same value to have the handler check it again. Never logged.
    /// </summary>
    public string? ManageKey { get; set; }
}
