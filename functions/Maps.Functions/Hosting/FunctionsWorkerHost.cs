using Microsoft.Azure.Functions.Worker.Builder;

namespace Maps.Functions.Hosting;

/// <summary>
/// The API as an Azure Functions isolated worker with ASP.NET Core integration: the host matches a
/// request to one of <see cref="MapsFunctions"/> (generated functions.metadata), checks function keys,
/// and proxies the HTTP request to this process, whose function hands it to the dispatcher.
/// </summary>
public static class FunctionsWorkerHost
{
    public static void Run(string[] args, HostingMode mode)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.AddMapsServices(mode);
        builder.Build().Run();
    }
}
