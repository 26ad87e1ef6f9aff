using System.Collections.Concurrent;
using Maps.Storage.Publishing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Maps.Storage.Tests.Support;

/// <summary>
/// The real handler in memory, with its logs captured: in Azure Storage mode against an Azurite
/// (<paramref name="store"/>), or in the embedded mode over a local store in <paramref name="localStore"/>.
/// </summary>
public sealed class StorageApiFactory(LayerStoreOptions? store, string? manageKey, PublishHooks? hooks = null, string? localStore = null, int keepVersions = 5)
    : WebApplicationFactory<Program>
{
    public const string Key = "s3cret-manage-key-for-tests";

    /// <summary>The most decoded bytes one publish reads in these tests.</summary>
    public const long MaxUploadBytes = 4 << 20;

    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        if (store is not null)
        {
            builder.UseSetting("Maps:TableStorage:ConnectionString", store.ConnectionString);
            builder.UseSetting("Maps:TableStorage:TablePrefix", store.TablePrefix);
            builder.UseSetting("Maps:TableStorage:MaxRetries", store.MaxRetries.ToString());
            builder.UseSetting("Maps:TableStorage:OrphanMinutes", store.OrphanMinutes.ToString());
            builder.UseSetting("Maps:TableStorage:KeepVersions", store.KeepVersions.ToString());
            builder.UseSetting("Maps:TableStorage:NetworkTimeoutSeconds", "5");
            builder.UseSetting("Maps:TableStorage:BlockBytes", store.BlockBytes.ToString());
            builder.UseSetting("Maps:TableStorage:CacheDirectory", store.CacheDirectory);
        }
        builder.UseSetting("Maps:LocalStore:KeepVersions", keepVersions.ToString());
        builder.UseSetting("Maps:LocalStore:BlockBytes", AzuriteFixture.TestBlockBytes.ToString());
        builder.UseSetting("Maps:LocalStore:Directory", localStore ?? Path.Combine(Path.GetTempPath(), "maps-no-store-" + Guid.NewGuid().ToString("N")));
        builder.UseSetting("Maps:Jobs:Directory", Path.Combine(Path.GetTempPath(), "maps-jobs-" + Guid.NewGuid().ToString("N")));
        // Data given by href is served from this machine (StaticServer); the decoded limit is small so that it is quick to pass.
        builder.UseSetting("Maps:Jobs:AllowPrivateHrefs", "true");
        builder.UseSetting("Maps:Manage:MaxUploadBytes", MaxUploadBytes.ToString());
        if (manageKey is not null)
            builder.UseSetting("Maps:ManageKey", manageKey);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingProvider(Logs)));
        builder.ConfigureTestServices(services =>
        {
            if (hooks is not null)
                services.Replace(ServiceDescriptor.Singleton(hooks));
        });
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, logs);

        public void Dispose()
        {
        }

        private sealed class Capturing(string category, ConcurrentQueue<string> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
