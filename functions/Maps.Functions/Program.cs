using Maps.Functions.Hosting;

// One app, two hosts (docs/architecture.md §3): started by the Azure Functions host as its .NET
// isolated worker, or on its own on plain Kestrel (`dotnet run`), with the same endpoints.
var mode = HostingMode.FromArguments(args);
if (mode.BehindFunctionsHost)
    FunctionsWorkerHost.Run(args, mode);
else
    StandaloneHost.Run(args, mode);

/// <summary>Entry point, visible to WebApplicationFactory in tests (which runs the standalone host).</summary>
public partial class Program;
