using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Maps.Functions.Tests.Support;

/// <summary>The handler in memory over the synthetic layers (one temp directory per factory).</summary>
public sealed class MapsApiFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = SyntheticLayers.WriteTo(
        Path.Combine(Path.GetTempPath(), "maps-tests-" + Guid.NewGuid().ToString("N")));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Maps:DataDirectory", DataDirectory);
        // Nothing publishes here: an empty local store that is never created, not the user's own.
        builder.UseSetting("Maps:LocalStore:Directory", Path.Combine(Path.GetTempPath(), "maps-no-store-" + Guid.NewGuid().ToString("N")));
        builder.UseSetting("Maps:Jobs:Directory", Path.Combine(Path.GetTempPath(), "maps-jobs-" + Guid.NewGuid().ToString("N")));
        builder.UseEnvironment("Production");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }
}
