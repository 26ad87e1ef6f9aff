using Maps.Functions.Hosting;

namespace Maps.Functions.Tests;

/// <summary>The process serves standalone unless a Functions host started it as its worker.</summary>
public sealed class HostingModeTests
{
    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000" }, false)]
    [InlineData(new[] { "--host", "127.0.0.1", "--port", "1", "--workerId", "w" }, true)]
    [InlineData(new[] { "--functions-uri", "http://127.0.0.1:1/", "--functions-worker-id", "w" }, true)]
    public void The_worker_arguments_of_the_host_mean_functions_mode(string[] args, bool behindHost)
    {
        Assert.Equal(behindHost, HostingMode.FromArguments(args).BehindFunctionsHost);
    }
}
