namespace Maps.Functions.Tests.Architecture;

/// <summary>The batch engine knows nothing of HTTP: its assembly references no ASP.NET, only the engine below it.</summary>
public sealed class BatchEngineTests
{
    [Fact]
    public void The_batch_engine_references_no_ASP_NET_and_no_storage()
    {
        var references = typeof(BatchRunner).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.Contains("Maps.Core", references);
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Maps.Functions", StringComparison.Ordinal) || r.StartsWith("Maps.Storage", StringComparison.Ordinal));
        Assert.DoesNotContain(typeof(BatchRunner).Assembly.GetTypes(), t => t.Namespace?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true);
    }
}
