namespace Maps.Functions.Hosting;

/// <summary>
/// Whether this process is a Functions host's worker or the standalone server. The host starts the
/// isolated worker with <c>--functions-worker-id</c> (older hosts: <c>--workerId</c>) among its arguments.
/// </summary>
public sealed record HostingMode(bool BehindFunctionsHost)
{
    public static HostingMode FromArguments(IReadOnlyList<string> args) =>
        new(args.Any(a => a is "--functions-worker-id" or "--workerId"));
}
