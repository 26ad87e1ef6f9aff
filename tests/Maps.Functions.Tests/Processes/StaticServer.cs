using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Maps.Functions.Tests.Processes;

/// <summary>A real HTTP server on a free port serving fixed files, counting requests.</summary>
public sealed class StaticServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private StaticServer(WebApplication app) => _app = app;

    public int Requests => _requests;

    public string Url(string path) => _app.Urls.First() + path;

    public static async Task<StaticServer> StartAsync(params (string Path, byte[] Body, string Type)[] files)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new StaticServer(app);
        foreach (var (path, body, type) in files)
            app.MapGet(path, (HttpContext c) => { Interlocked.Increment(ref server._requests); return Results.Bytes(body, type); });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
