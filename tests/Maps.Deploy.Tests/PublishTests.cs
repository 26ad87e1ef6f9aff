using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;

namespace Maps.Deploy.Tests;

/// <summary>
/// Runs infra/publish.sh once into a temporary folder and unpacks the zip it writes, the way the
/// platform does: entries extracted with the Unix mode each one carries. The first test that needs
/// it starts the unpacked package under the shared Functions host (<see cref="HostedPackage"/>),
/// once for the class.
/// </summary>
public sealed class PublishedPackage : IAsyncLifetime
{
    public const string WorkerAssembly = "Maps.Functions.dll";

    private readonly string _work = Path.Combine(Path.GetTempPath(), "maps-publish-" + Guid.NewGuid().ToString("N"));
    private readonly SemaphoreSlim _hostLock = new(1, 1);
    private HostedPackage? _host;
    private HostedPackage? _storageHost;
    private Maps.Storage.Tests.Support.Azurite? _azurite;

    public ScriptRunner.Result Publish { get; private set; } = null!;

    public string ZipPath => Path.Combine(_work, "maps-functionapp.zip");

    public string Root => Path.Combine(_work, "unpacked");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        // Generous: a clean ReadyToRun publish compiles every project again; measured nearly 4 min alone on a
        // slow 2-core machine and over 10 min beside the end-to-end tests that run at the same time.
        Publish = await ScriptRunner.RunAsync("infra/publish.sh", [ZipPath], TimeSpan.FromMinutes(30));
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

    public async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
        if (_storageHost is not null)
            await _storageHost.DisposeAsync();
        if (_azurite is not null)
            await _azurite.DisposeAsync();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Fails the calling test with the script's output unless the package was built.</summary>
    public void AssertPublished() =>
        Assert.True(Publish.ExitCode == 0 && File.Exists(ZipPath),
            "infra/publish.sh did not produce a package; its output below says why. It needs data/layers and a " +
            "Worker SDK build output (functions.metadata, worker.config.json, .azurefunctions/): " + Publish.Describe());

    /// <summary>The unpacked package running under the shared Functions host, started on first use.</summary>
    public async Task<HostedPackage> HostAsync()
    {
        AssertPublished();
        await _hostLock.WaitAsync();
        try
        {
            _host ??= await HostedPackage.StartAsync(Root, Path.Combine(_work, "secrets"));
            return _host;
        }
        finally
        {
            _hostLock.Release();
        }
    }

    /// <summary>
    /// The unpacked package under the Functions host configured as infra/main.bicep configures it: the
    /// layer store and the host's storage in Azure Storage (a real Azurite; a connection string where
    /// Azure uses the app's identity), started on first use.
    /// </summary>
    public async Task<HostedPackage> StorageHostAsync()
    {
        AssertPublished();
        await _hostLock.WaitAsync();
        try
        {
            if (_storageHost is null)
            {
                _azurite ??= await Maps.Storage.Tests.Support.Azurite.StartAsync(allServices: true);
                _storageHost = await HostedPackage.StartAsync(Root, Path.Combine(_work, "storage-secrets"), new Dictionary<string, string>
                {
                    ["Maps__TableStorage__ConnectionString"] = _azurite.ConnectionString,
                    ["Maps__TableStorage__CacheDirectory"] = Path.Combine(_work, "layer-cache"),
                    ["AzureWebJobsStorage"] = _azurite.ConnectionString,
                });
            }
            return _storageHost;
        }
        finally
        {
            _hostLock.Release();
        }
    }
}

/// <summary>
/// <c>../shared/functions-host/run-host.sh &lt;package&gt; dotnet-isolated &lt;port&gt;</c>: the real
/// Functions host (routing, function keys, proxying to the worker) on a free local port, with known
/// keys written to a private secrets folder first. Disposing kills the host and its worker.
/// </summary>
public sealed class HostedPackage : IAsyncDisposable
{
    public const string MasterKey = "deploy-test-master-key-0123456789";
    public const string HostKey = "deploy-test-host-key-0123456789";

    private static readonly TimeSpan StartupBudget = TimeSpan.FromMinutes(5);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log;

    private HostedPackage(Process process, ConcurrentQueue<string> log, int port)
    {
        _process = process;
        _log = log;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    public static async Task<HostedPackage> StartAsync(string appDir, string secretsDir, IReadOnlyDictionary<string, string>? environment = null)
    {
        string? script = Maps.EndToEnd.Tests.Support.FunctionsHostScript.Find(ScriptRunner.RepoRoot);
        Assert.True(script is not null,
            "The shared Functions host is missing: no run-host.sh at ../shared/functions-host beside the repository and no MAPS_FUNCTIONS_HOST. " +
            "Install the shared functions-host package (host.tgz + run-host.sh) there or name its run-host.sh with MAPS_FUNCTIONS_HOST, or install Azure Functions " +
            "Core Tools (`func`) and adapt this test; the deployment test runs the package under a real host and is never skipped.");

        Directory.CreateDirectory(secretsDir);
        await File.WriteAllTextAsync(Path.Combine(secretsDir, "host.json"), $$"""
            {"masterKey":{"name":"master","value":"{{MasterKey}}","encrypted":false},
             "functionKeys":[{"name":"default","value":"{{HostKey}}","encrypted":false}],
             "systemKeys":[],"hostName":null,"instanceId":"maps-deploy-tests","source":"runtime","decryptionKeyId":""}
            """);

        int port = FreePort();
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = ScriptRunner.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(appDir);
        start.ArgumentList.Add("dotnet-isolated");
        start.ArgumentList.Add(port.ToString());
        // Shared unpack of the host (run-host.sh takes a lock), private keys for this run.
        start.Environment["FUNCTIONS_HOST_DIR"] = Path.Combine(ScriptRunner.RepoRoot, ".tools", "functions-host");
        start.Environment["FUNCTIONS_SECRETS_PATH"] = secretsDir;
        start.Environment["AzureWebJobsDisableHomepage"] = "true";
        // The host checks the function keys; Maps must not add its own (nor find a layer store or
        // another data folder in the caller's environment).
        foreach (var name in new[]
                 {
                     "Maps__ManageKey", "Maps__DataDirectory", "Maps__TableStorage__ConnectionString",
                     "Maps__TableStorage__Endpoint", "AzureWebJobsStorage", "FUNCTIONS_HOST_URLS", "ASPNETCORE_URLS",
                 })
            start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + script);
        var log = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var host = new HostedPackage(process, log, port);
        try
        {
            await host.WaitUntilReadyAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>
    /// Polls GET /api/collections until 200: the port opens before the worker has started and
    /// indexed its functions, so only a real function's answer means ready.
    /// </summary>
    private async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        string url = BaseUrl + "/api/collections";
        var clock = Stopwatch.StartNew();
        string last = "no answer yet";
        while (clock.Elapsed < StartupBudget)
        {
            if (_process.HasExited)
                Assert.Fail($"The Functions host exited with code {_process.ExitCode} before GET {url} answered 200 " +
                            $"(after {clock.Elapsed.TotalSeconds:F1} s; last: {last}).\n{Output()}");
            try
            {
                using var response = await probe.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"status {(int)response.StatusCode}";
            }
            catch (Exception e) // refused, reset, timed out (TaskCanceledException), ...: not ready yet
            {
                last = $"{e.GetType().Name}: {e.Message}";
            }
            await Task.Delay(200);
        }
        Assert.Fail($"GET {url} did not answer 200 within {StartupBudget.TotalSeconds} s (last: {last}).\n{Output()}");
    }

    /// <summary>The host's (and worker's) output so far, the last lines of it.</summary>
    public string Output()
    {
        var lines = _log.ToArray();
        const int keep = 300;
        return "--- Functions host output" + (lines.Length > keep ? $" (last {keep} of {lines.Length} lines)" : "") + " ---\n" +
               string.Join('\n', lines.Skip(Math.Max(0, lines.Length - keep)));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (InvalidOperationException) { } // already gone
        catch (OperationCanceledException) { }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class PublishTests(PublishedPackage package) : IClassFixture<PublishedPackage>
{
    private const string ManageVersions = "/api/manage/collections/fibre-links/versions";

    [Fact]
    public void Publish_script_writes_the_zip_and_reports_its_size()
    {
        package.AssertPublished();

        Assert.Contains("MiB", package.Publish.StdOut);
        Assert.True(new FileInfo(package.ZipPath).Length > 1_000_000);
    }

    [Fact]
    public void Zip_holds_the_worker_the_sdk_files_and_the_hidden_extensions_folder()
    {
        package.AssertPublished();
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var names = zip.Entries.Select(e => e.FullName).ToList();

        foreach (var file in new[] { PublishedPackage.WorkerAssembly, "functions.metadata", "worker.config.json", "extensions.json", "host.json" })
            Assert.Contains(file, names);
        Assert.Contains(names, n => n.StartsWith(".azurefunctions/", StringComparison.Ordinal) && n.EndsWith(".dll", StringComparison.Ordinal));
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(zip.Entries, e => Assert.NotEqual(0, (e.ExternalAttributes >> 16) & 0x1FF));
    }

    [Fact]
    public void Package_carries_no_debug_symbols_and_no_native_launcher()
    {
        package.AssertPublished();
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var names = zip.Entries.Select(e => e.FullName).ToList();

        Assert.DoesNotContain(names, n => n.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.DoesNotContain("Maps.Functions", names);
    }

    [Fact]
    public void Worker_config_starts_the_dotnet_isolated_worker_from_the_package()
    {
        package.AssertPublished();
        var description = JsonNode.Parse(File.ReadAllText(Path.Combine(package.Root, "worker.config.json")))!["description"]!;

        Assert.Equal("dotnet-isolated", (string?)description["language"]);
        Assert.Equal("dotnet", (string?)description["defaultExecutablePath"]);
        Assert.Equal(PublishedPackage.WorkerAssembly, (string?)description["defaultWorkerPath"]);
        Assert.True(File.Exists(Path.Combine(package.Root, PublishedPackage.WorkerAssembly)));
    }

    [Fact]
    public void Extensions_json_points_into_the_packaged_azurefunctions_folder()
    {
        package.AssertPublished();
        Assert.True(Directory.Exists(Path.Combine(package.Root, ".azurefunctions")), ".azurefunctions/ missing from the package");
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(package.Root, "extensions.json")))!["extensions"]!.AsArray();

        Assert.NotEmpty(extensions);
        foreach (var extension in extensions)
        {
            var hint = (string?)extension!["hintPath"];
            Assert.False(string.IsNullOrEmpty(hint), $"extension {(string?)extension["name"]} has no hintPath");
            Assert.StartsWith("./.azurefunctions/", hint);
            Assert.True(File.Exists(Path.Combine(package.Root, hint)), $"{hint} is not in the package");
        }
    }

    [Fact]
    public void Package_is_framework_dependent_and_ready_to_run()
    {
        package.AssertPublished();
        var runtime = JsonNode.Parse(File.ReadAllText(Path.Combine(package.Root, "Maps.Functions.runtimeconfig.json")))!["runtimeOptions"]!;
        var frameworks = runtime["frameworks"]!.AsArray().Select(f => (string?)f!["name"]).ToList();

        // Flex Consumption's dotnet-isolated 10.0 stack provides the runtime: nothing of it in the package.
        Assert.Equal("net10.0", (string?)runtime["tfm"]);
        Assert.Contains("Microsoft.NETCore.App", frameworks);
        Assert.Contains("Microsoft.AspNetCore.App", frameworks);
        Assert.Null(runtime["includedFrameworks"]);
        Assert.False(File.Exists(Path.Combine(package.Root, "libcoreclr.so")), "libcoreclr.so in the package: it is self-contained");

        // ReadyToRun: the assembly carries precompiled code (a managed native header).
        using var pe = new PEReader(File.OpenRead(Path.Combine(package.Root, PublishedPackage.WorkerAssembly)));
        Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "Maps.Functions.dll is not ReadyToRun");
    }

    [Fact]
    public void Functions_metadata_lists_http_functions_anonymous_reads_and_function_key_manage_and_the_job_queue_trigger()
    {
        package.AssertPublished();
        var functions = JsonNode.Parse(File.ReadAllText(Path.Combine(package.Root, "functions.metadata")))!.AsArray();
        Assert.NotEmpty(functions);

        var triggers = new Dictionary<string, JsonNode>();
        var queued = new List<string>();
        foreach (var function in functions)
        {
            string name = (string)function!["name"]!;
            Assert.Equal(PublishedPackage.WorkerAssembly, (string?)function["scriptFile"]);
            var bindings = function["bindings"]!.AsArray();
            // The one other trigger: the jobs' queue (docs/architecture.md §9).
            if (bindings.Any(b => (string?)b!["type"] == "queueTrigger" && (string?)b["queueName"] == "maps-jobs"))
            {
                queued.Add(name);
                continue;
            }
            var trigger = bindings.SingleOrDefault(b => string.Equals((string?)b!["type"], "httpTrigger", StringComparison.OrdinalIgnoreCase));
            Assert.True(trigger is not null, $"{name} has no httpTrigger binding");
            Assert.False(string.IsNullOrWhiteSpace((string?)trigger["route"]), $"{name} has an httpTrigger without a route");
            triggers.Add(name, trigger);
        }

        Assert.Equal(["RunJobWork"], queued);
        Assert.True(triggers.ContainsKey("GetCollections"), "no GetCollections function: " + string.Join(", ", triggers.Keys));
        Assert.Equal("collections", (string?)triggers["GetCollections"]["route"]);
        Assert.Equal("Anonymous", (string?)triggers["GetCollections"]["authLevel"]);

        var manage = triggers.Where(t => ((string)t.Value["route"]!).StartsWith("manage/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(manage);
        Assert.All(manage, t => Assert.True((string?)t.Value["authLevel"] == "Function", $"{t.Key} ({t.Value["route"]}) is {t.Value["authLevel"]}, not Function"));
        Assert.All(triggers.Except(manage), t => Assert.True((string?)t.Value["authLevel"] == "Anonymous", $"{t.Key} ({t.Value["route"]}) is {t.Value["authLevel"]}, not Anonymous"));
    }

    [Fact]
    public void Host_json_sets_the_api_route_prefix_and_no_custom_handler()
    {
        package.AssertPublished();
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(package.Root, "host.json")))!;

        Assert.Equal("2.0", (string?)host["version"]);
        Assert.Equal("api", (string?)host["extensions"]!["http"]!["routePrefix"]);
        Assert.Null(host["customHandler"]);
        Assert.Equal(File.ReadAllText(Path.Combine(ScriptRunner.RepoRoot, "host.json")), File.ReadAllText(Path.Combine(package.Root, "host.json")));
    }

    [Fact]
    public void Shipped_layers_are_packaged_in_data_layers()
    {
        package.AssertPublished();
        var packaged = Path.Combine(package.Root, "data", "layers");
        var shipped = Path.Combine(ScriptRunner.RepoRoot, "data", "layers");

        Assert.True(Directory.Exists(packaged), "data/layers missing from the package");
        Assert.Equal(
            Directory.EnumerateFiles(shipped, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(shipped, f)).Order(),
            Directory.EnumerateFiles(packaged, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(packaged, f)).Order());
    }

    [Fact]
    public void Viewer_files_are_embedded_not_copied_loose()
    {
        package.AssertPublished();

        Assert.False(Directory.Exists(Path.Combine(package.Root, "wwwroot")), "wwwroot/ should not be in the package: the viewer's files are embedded resources");
        var loose = Directory.EnumerateFiles(package.Root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is "index.html" or "app.js" or "app.css" or "maplibre-gl.mjs" or "maplibre-gl.css" or "favicon.svg" or "countries.geojson")
            .Select(f => Path.GetRelativePath(package.Root, f))
            .ToList();
        Assert.True(loose.Count == 0, "viewer files copied loose into the package: " + string.Join(", ", loose));
    }

    [Fact]
    public async Task Under_the_functions_host_collections_lists_the_shipped_collections()
    {
        var host = await package.HostAsync();

        using var response = await host.Http.GetAsync(host.BaseUrl + "/api/collections");
        string body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/collections: {(int)response.StatusCode}\n{body}\n{host.Output()}");
        var listed = JsonNode.Parse(body)!["collections"]!.AsArray().Select(c => (string?)c!["id"]).ToHashSet();
        var shipped = Directory.EnumerateFiles(Path.Combine(ScriptRunner.RepoRoot, "data", "layers"), "*.fgb")
            .Select(f => (string?)Path.GetFileNameWithoutExtension(f))
            .ToList();
        Assert.NotEmpty(shipped);
        Assert.All(shipped, id => Assert.Contains(id, listed));
    }

    /// <summary>As deployed (infra/main.bicep: the layer store in Azure Storage), a fresh deployment serves every shipped collection, and its features.</summary>
    [Fact]
    public async Task Configured_as_deployed_with_azure_storage_the_package_serves_every_shipped_collection()
    {
        var host = await package.StorageHostAsync();

        using var health = await host.Http.GetAsync(host.BaseUrl + "/api/health");
        using var collections = await host.Http.GetAsync(host.BaseUrl + "/api/collections");
        using var items = await host.Http.GetAsync(host.BaseUrl + "/api/collections/fibre-links/items?limit=3");
        string listedBody = await collections.Content.ReadAsStringAsync();
        string itemsBody = await items.Content.ReadAsStringAsync();

        Assert.True(health.StatusCode == HttpStatusCode.OK, host.Output());
        Assert.Equal("azure-storage", (string?)JsonNode.Parse(await health.Content.ReadAsStringAsync())!["mode"]);
        Assert.True(collections.StatusCode == HttpStatusCode.OK, $"GET /api/collections: {(int)collections.StatusCode}\n{listedBody}\n{host.Output()}");
        var listed = JsonNode.Parse(listedBody)!["collections"]!.AsArray().Select(c => (string?)c!["id"]).ToHashSet();
        var shipped = Directory.EnumerateFiles(Path.Combine(ScriptRunner.RepoRoot, "data", "layers"), "*.fgb")
            .Select(f => (string?)Path.GetFileNameWithoutExtension(f))
            .ToList();
        Assert.Equal(shipped.Order(), listed.Order());
        Assert.True(items.StatusCode == HttpStatusCode.OK, itemsBody);
        Assert.Equal(3, JsonNode.Parse(itemsBody)!["features"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-host-key")]
    public async Task Under_the_functions_host_manage_without_a_valid_key_is_401(string? key)
    {
        var host = await package.HostAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, host.BaseUrl + ManageVersions);
        if (key is not null)
            request.Headers.Add("x-functions-key", key);
        using var response = await host.Http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
            $"GET {ManageVersions} with key {key ?? "(none)"}: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Under_the_functions_host_manage_with_the_host_key_reaches_maps()
    {
        var host = await package.HostAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, host.BaseUrl + ManageVersions);
        request.Headers.Add("x-functions-key", HostedPackage.HostKey);
        using var response = await host.Http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();

        // Past the host's key check, Maps answers from its local store (no Table Storage configured): the shipped layer has no published version.
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {ManageVersions} with the host key: {(int)response.StatusCode}\n{body}\n{host.Output()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (string?)JsonNode.Parse(body)!["detail"];
        Assert.NotNull(detail);
        Assert.StartsWith("'fibre-links' is a shipped layer with no published version", detail);
    }
}
