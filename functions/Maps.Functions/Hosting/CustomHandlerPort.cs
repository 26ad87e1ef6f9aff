namespace Maps.Functions.Hosting;

/// <summary>
/// The Azure Functions custom-handler contract (DESIGN §3): listen on the port the host passes in
/// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, else on 7071, the Functions local default, so that URLs are
/// the same standalone and behind the host.
/// </summary>
public static class CustomHandlerPort
{
    public const string Variable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const int DefaultPort = 7071;

    public static IWebHostBuilder UseCustomHandlerPort(this IWebHostBuilder webHost)
    {
        // An explicit --urls / ASPNETCORE_URLS wins (tests bind to port 0 that way).
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")) || !string.IsNullOrEmpty(webHost.GetSetting(WebHostDefaults.ServerUrlsKey)))
            return webHost;
        return webHost.UseUrls($"http://127.0.0.1:{Resolve(Environment.GetEnvironmentVariable(Variable))}");
    }

    public static int Resolve(string? value) =>
        int.TryParse(value, out int port) && port is > 0 and < 65536 ? port : DefaultPort;
}
