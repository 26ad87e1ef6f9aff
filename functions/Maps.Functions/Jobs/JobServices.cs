using Maps.Functions.Processes;

namespace Maps.Functions.Jobs;

public static class JobServices
{
    /// <summary>Jobs: their store, the steps that run them, the background worker and the submission of new ones.</summary>
    public static IServiceCollection AddJobServices(this IServiceCollection services)
    {
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section)
            .Validate(o => o.ChunkRows > 0 && o.MaxAttempts > 0 && o.StallSeconds > 0 && o.SweepSeconds > 0 && o.Workers > 0 && o.KeepHours > 0 && o.MaxRows > 0,
                "Maps:Jobs: ChunkRows, MaxAttempts, StallSeconds, SweepSeconds, Workers, KeepHours and MaxRows must be positive.")
            .ValidateOnStart();
        services.AddSingleton<JobStoreHost>();
        services.AddSingleton<InputReferences>();
        services.AddSingleton<PinnedLayers>();
        services.AddSingleton<JobPlanner>();
        services.AddSingleton<ChunkRunner>();
        services.AddSingleton<JobProcessor>();
        services.AddSingleton<JobSweeper>();
        services.AddSingleton<JobSubmission>();
        services.AddHostedService<JobWorkerService>();
        return services;
    }
}
