using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Maps.Functions.Tests.Processes;

/// <summary>
/// The app in memory over the shipped layers with local jobs in their own directory and small chunks
/// (<see cref="ChunkRows"/>), so that the Mali schools are split into many. Settings can be added,
/// and two factories can share <see cref="JobsDirectory"/> and <see cref="StoreDirectory"/> (a restart).
/// </summary>
public sealed class JobsApiFactory : WebApplicationFactory<Program>
{
    public const int ChunkRows = 700;

    public JobsApiFactory() : this(null, null, new Dictionary<string, string>())
    {
    }

    /// <summary>A factory with its own settings, on the given directories (another factory's, for a restart) or new ones.</summary>
    public static JobsApiFactory Create(IReadOnlyDictionary<string, string> settings, string? jobsDirectory = null, string? storeDirectory = null) =>
        new(jobsDirectory, storeDirectory, settings);

    private JobsApiFactory(string? jobsDirectory, string? storeDirectory, IReadOnlyDictionary<string, string> settings)
    {
        JobsDirectory = jobsDirectory ?? Path.Combine(Path.GetTempPath(), "maps-jobs-" + Guid.NewGuid().ToString("N"));
        StoreDirectory = storeDirectory ?? Path.Combine(Path.GetTempPath(), "maps-store-" + Guid.NewGuid().ToString("N"));
        Settings = settings;
    }

    public string JobsDirectory { get; }

    public string StoreDirectory { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Whether <see cref="Dispose(bool)"/> deletes the directories (not when another factory takes them over).</summary>
    public bool KeepDirectories { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Maps:Jobs:Directory", JobsDirectory);
        builder.UseSetting("Maps:LocalStore:Directory", StoreDirectory);
        builder.UseSetting("Maps:Jobs:ChunkRows", ChunkRows.ToString());
        builder.UseSetting("Maps:Jobs:SweepSeconds", "1");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.UseEnvironment("Production");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !KeepDirectories)
        {
            foreach (string directory in new[] { JobsDirectory, StoreDirectory }.Where(Directory.Exists))
                Directory.Delete(directory, recursive: true);
        }
    }
}
