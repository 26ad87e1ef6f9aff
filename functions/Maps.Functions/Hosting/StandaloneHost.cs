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
        builder.AddMapsServices(mode);
        builder.Services.AddRoutingCore();

        var app = builder.Build();
        app.UseRouting();
        app.MapMapsApi();
        app.Run();
    }
}
