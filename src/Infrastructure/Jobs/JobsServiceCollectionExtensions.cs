using Hangfire;
using Hangfire.InMemory;
using Hangfire.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Infrastructure.Persistence;

namespace ZeegWebex.Infrastructure.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Hangfire on SQL Server in production; in memory on the embedded default, which is safe because our
    /// own tables, not Hangfire's, hold the pending work (the sweeper re-enqueues it after a restart).</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.Section))
            .Validate(o => o.WorkerCount > 0, "Jobs:WorkerCount must be positive.")
            .ValidateOnStart();
        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var jobs = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();

        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.SqlServer)
            {
                config.UseSqlServerStorage(database.ConnectionString, new SqlServerStorageOptions
                {
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.Zero,
                });
            }
            else
            {
                config.UseInMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
            }
        });

        if (jobs.RunServer)
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = jobs.WorkerCount;
                o.SchedulePollingInterval = jobs.SchedulePollingInterval;
                o.ServerName = $"zeegwebex-{Environment.MachineName}";
            });
        }

        services.AddSingleton<IJobScheduler, HangfireJobScheduler>();
        services.AddTransient<MeetingSyncJob>();
        services.AddTransient<MeetingSweepJob>();
        return services;
    }

    /// <summary>Registers the recurring jobs so they show in the dashboard and run on their schedule.</summary>
    public static void UseRecurringJobs(this IServiceProvider services)
    {
        var jobs = services.GetRequiredService<IOptions<JobOptions>>().Value;
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<MeetingSweepJob>(MeetingSweepJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), jobs.MeetingSweepCron);
    }
}
