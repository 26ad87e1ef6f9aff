namespace Maps.Functions.Hosting;

/// <summary>
/// The API on plain Kestrel, without the Functions host: <c>http://127.0.0.1:7071/api</c> (the
/// Functions local default, so URLs are the same in both modes) unless <c>--urls</c> or
/// <c>ASPNETCORE_URLS</c> say otherwise. Routing is ASP.NET's; everything else is the dispatcher's.
/// </summary>
public static class StandaloneHost
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static void Run(string[] args, HostingMode mode)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey)))
            builder.WebHost.UseUrls(DefaultUrl);
        Build(builder, mode).Run();
    }

    /// <summary>
    /// The Maps services and routes on a builder (the benchmarks' hosts use it too);
    /// <paramref name="overrides"/> replaces registrations after Maps' own (a test layer catalog).
    /// </summary>
    public static WebApplication Build(WebApplicationBuilder builder, HostingMode mode, Action<IServiceCollection>? overrides = null)
    {
        builder.AddMapsServices(mode);
        builder.Services.AddRoutingCore();
        overrides?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseRouting();
        app.MapMapsApi();
        return app;
    }
}
