using Azure;

namespace Maps.Storage;

/// <summary>Storage cannot be reached (network error, timeout, 5xx after the SDK's retries). Maps to 503 with Retry-After.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Another publish, rollback or delete changed the collection first. Maps to 409.</summary>
public sealed class PublishConflictException(string message) : Exception(message);

/// <summary>The named collection or version does not exist (or is not complete). Maps to 404.</summary>
public sealed class StoreNotFoundException(string message) : Exception(message);

public static class StoreErrors
{
    /// <summary>True for failures that mean "storage is unreachable now", as opposed to a refused request.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        StorageUnavailableException => true,
        RequestFailedException r => r.Status == 0 || r.Status >= 500 || r.Status == 408,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsUnavailable),
        HttpRequestException or System.Net.Sockets.SocketException or IOException => true,
        TaskCanceledException t => t.InnerException is TimeoutException,
        _ => false,
    };

    /// <summary>Runs a storage call, turning "unreachable" failures into <see cref="StorageUnavailableException"/>.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not StorageUnavailableException && IsUnavailable(e))
        {
            throw new StorageUnavailableException("Table Storage is unreachable: " + Describe(e), e);
        }
    }

    public static async Task Guard(Func<Task> call) => await Guard(async () => { await call(); return true; });

    private static string Describe(Exception e) => e switch
    {
        RequestFailedException r => r.Status == 0 ? "no response" : $"status {r.Status}",
        AggregateException a => Describe(a.InnerExceptions[^1]),
        _ => e.GetType().Name,
    };
}
