using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Maps.Deploy.Tests;

/// <summary>
/// Runs infra/publish.sh once into a temporary folder and unpacks the zip it writes, the way the
/// platform does: entries extracted with the Unix mode each one carries.
/// </summary>
public sealed class PublishedPackage : IAsyncLifetime
{
    public const string Executable = "Maps.Functions";

    private readonly string _work = Path.Combine(Path.GetTempPath(), "maps-publish-" + Guid.NewGuid().ToString("N"));

    public ScriptRunner.Result Publish { get; private set; } = null!;

    public string ZipPath => Path.Combine(_work, "maps-functionapp.zip");

    public string Root => Path.Combine(_work, "unpacked");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        Publish = await ScriptRunner.RunAsync("infra/publish.sh", [ZipPath], TimeSpan.FromMinutes(10));
        if (Publish.ExitCode != 0 || !File.Exists(ZipPath))
            return;

        using var zip = ZipFile.OpenRead(ZipPath);
        foreach (var entry in zip.Entries)
        {
            var target = Path.GetFullPath(Path.Combine(Root, entry.FullName));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
            var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF);
            if (mode != UnixFileMode.None && !OperatingSystem.IsWindows())
                File.SetUnixFileMode(target, mode);
        }
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    /// <summary>Fails the calling test with the script's output unless the package was built.</summary>
    public void AssertPublished() =>
        Assert.True(Publish.ExitCode == 0 && File.Exists(ZipPath),
            "infra/publish.sh did not produce a package; its output below says why. It needs data/layers and the " +
            "handler's `Maps.Functions generate-functions <dir>` verb: " + Publish.Describe());
}

public sealed class PublishTests(PublishedPackage package) : IClassFixture<PublishedPackage>
{
    private static readonly TimeSpan StartupBudget = TimeSpan.FromSeconds(30);

    [Fact]
    public void Publish_script_writes_the_zip_and_reports_its_size()
    {
        package.AssertPublished();

        Assert.Contains("MiB", package.Publish.StdOut);
        Assert.True(new FileInfo(package.ZipPath).Length > 1_000_000);
    }

    [Fact]
    public void Executable_keeps_its_unix_execute_bits_in_the_zip()
    {
        package.AssertPublished();
        using var zip = ZipFile.OpenRead(package.ZipPath);

        var entry = zip.GetEntry(PublishedPackage.Executable);

        Assert.NotNull(entry);
        var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF);
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute) && mode.HasFlag(UnixFileMode.OtherExecute),
            $"mode of {entry.FullName} in the zip is {Convert.ToString((int)mode, 8)}");
    }

    [Fact]
    public void Host_json_at_the_root_names_the_packaged_executable_and_proxies_http()
    {
        package.AssertPublished();

        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(package.Root, "host.json")))!;
        var executable = (string?)host["customHandler"]!["description"]!["defaultExecutablePath"];

        Assert.Equal("2.0", (string?)host["version"]);
        Assert.Equal(PublishedPackage.Executable, executable);
        Assert.True(File.Exists(Path.Combine(package.Root, executable!)));
        Assert.True((bool?)host["customHandler"]!["enableProxyingHttpRequest"]);
        Assert.Equal("api", (string?)host["extensions"]!["http"]!["routePrefix"]);
    }

    [Fact]
    public void Every_function_json_is_an_http_trigger_with_a_route_and_collections_is_one()
    {
        package.AssertPublished();
        var files = Directory.GetDirectories(package.Root)
            .Select(d => Path.Combine(d, "function.json"))
            .Where(File.Exists)
            .ToList();
        Assert.NotEmpty(files);

        var routes = new List<string>();
        foreach (var file in files)
        {
            var bindings = JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray();
            var trigger = bindings.SingleOrDefault(b => (string?)b!["type"] == "httpTrigger");
            Assert.True(trigger is not null, $"{file} has no httpTrigger binding");
            var route = (string?)trigger["route"];
            Assert.False(string.IsNullOrWhiteSpace(route), $"{file} has an httpTrigger without a route");
            Assert.Contains(bindings, b => (string?)b!["type"] == "http" && (string?)b["direction"] == "out");
            routes.Add(route!.Trim('/'));
        }

        Assert.Contains("collections", routes);
    }

    [Fact]
    public void Shipped_layers_are_packaged_in_data_layers()
    {
        package.AssertPublished();
        var layers = Path.Combine(package.Root, "data", "layers");

        Assert.True(Directory.Exists(layers), "data/layers missing from the package");
        Assert.NotEmpty(Directory.EnumerateFiles(layers, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Viewer_files_are_embedded_not_copied_loose()
    {
        package.AssertPublished();

        Assert.False(Directory.Exists(Path.Combine(package.Root, "wwwroot")), "wwwroot/ should not be in the package: the viewer's files are embedded resources");
    }

    [Fact]
    public async Task Packaged_handler_answers_collections_on_the_custom_handler_port()
    {
        package.AssertPublished();
        int port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(package.Root, PublishedPackage.Executable))
        {
            WorkingDirectory = package.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString();
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("Maps__DataDirectory");
        using var handler = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        handler.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        handler.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        handler.BeginOutputReadLine();
        handler.BeginErrorReadLine();

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var url = $"http://127.0.0.1:{port}/api/collections";
            var deadline = Stopwatch.StartNew();
            HttpStatusCode? last = null;
            string? lastError = null;
            while (deadline.Elapsed < StartupBudget && !handler.HasExited)
            {
                try
                {
                    using var response = await http.GetAsync(url);
                    last = response.StatusCode;
                    if (response.StatusCode == HttpStatusCode.OK)
                        break;
                }
                catch (HttpRequestException e)
                {
                    lastError = e.Message; // not listening yet
                }
                await Task.Delay(50);
            }

            Assert.True(last == HttpStatusCode.OK,
                $"GET {url} did not answer 200 within {StartupBudget.TotalSeconds} s " +
                $"(last status {last?.ToString() ?? "none"}, last error {lastError ?? "none"}, handler exited: {handler.HasExited})\n" +
                string.Join('\n', log));

            // The viewer's files are embedded in the executable: served from the package as from `dotnet run`.
            foreach (string path in new[] { "/api/viewer", "/api/viewer/app.js", "/api/viewer/vendor/maplibre-gl.mjs" })
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}{path}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {response.StatusCode}");
            }
        }
        finally
        {
            if (!handler.HasExited)
                handler.Kill(entireProcessTree: true);
            await handler.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
