namespace Maps.Functions.Hosting;

/// <summary>
/// Whether this process is a Functions host's worker or the standalone server. The host starts the
/// isolated worker with <c>--functions-worker-id</c> (older hosts: <c>--workerId</c>) among its
/// arguments; Azure's native .NET host (FunctionsNetHost, used for placeholder start-up) loads the app
/// in its own process with only the assembly path as argument, and marks itself in
/// <c>AZURE_FUNCTIONS_NATIVE_HOST</c>. Either way the app must not start a Kestrel of its own.
/// </summary>
public sealed record HostingMode(bool BehindFunctionsHost)
{
    public const string NativeHostMarker = "AZURE_FUNCTIONS_NATIVE_HOST";

    public static HostingMode FromArguments(IReadOnlyList<string> args) =>
        new(args.Any(a => a is "--functions-worker-id" or "--workerId")
            || AppContext.GetData(NativeHostMarker) is not null
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NativeHostMarker)));
}
