namespace Maps.EndToEnd.Tests.Support;

/// <summary>Samples the resident memory of every process of an <see cref="ApiProcess"/> tree until disposed, keeping each one's peak.</summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly ApiProcess _api;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, long> _peaks = new();
    private readonly Task _sampling;

    public MemorySampler(ApiProcess api)
    {
        _api = api;
        _sampling = Task.Run(SampleAsync);
    }

    /// <summary>Peak resident bytes per process id: the first is the started process (the host, or the standalone app), the rest its children (the worker).</summary>
    public IReadOnlyDictionary<int, long> Peaks { get { lock (_peaks) return new Dictionary<int, long>(_peaks); } }

    public long PeakOf(int pid) => Peaks.GetValueOrDefault(pid);

    /// <summary>The biggest peak among the started process's descendants (the worker), 0 standalone.</summary>
    public long PeakOfChildren => Peaks.Where(p => p.Key != _api.ProcessId).Select(p => p.Value).DefaultIfEmpty(0).Max();

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        Sample();
    }

    private void Sample()
    {
        foreach (int pid in _api.ProcessTree())
        {
            long rss = ApiProcess.ResidentBytes(pid);
            lock (_peaks)
                _peaks[pid] = Math.Max(_peaks.GetValueOrDefault(pid), rss);
        }
    }

    /// <summary>Stops sampling (after one last sample); idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            _stop.Cancel();
        await _sampling;
    }
}
