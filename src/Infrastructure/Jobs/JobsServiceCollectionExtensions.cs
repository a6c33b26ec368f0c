using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Infrastructure.Notifications;
using ZeegWebex.Infrastructure.Persistence;

namespace ZeegWebex.Infrastructure.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Hangfire, on the storage of the database engine (<see cref="IDatabaseEngine.CreateJobStorage"/>).</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<JobOptions, JobOptionsValidator>().Bind(configuration.GetSection(JobOptions.Section));
        // Whether to run a job server, and with how many workers, is decided now, before the container exists.
        var jobs = configuration.BindValidated(JobOptions.Section, new JobOptionsValidator());

        // Hangfire.NetCore registers JobStorage and JobActivator as the process-wide JobStorage.Current and
        // JobActivator.Current, which the last host to configure Hangfire overwrites. Registered here first (AddHangfire
        // only adds what is missing), every host keeps its own: production runs one host per process, but the
        // integration tests run several side by side, where a job could otherwise be enqueued into another host's
        // storage or activated from another host's container and run against its database.
        services.AddSingleton(provider => provider.GetRequiredService<IDatabaseEngine>().CreateJobStorage());
        services.AddSingleton<JobActivator>(provider =>
            new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));

        services.AddHangfire((provider, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(provider.GetRequiredService<JobStorage>()));

        if (jobs.RunServer)
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = jobs.WorkerCount;
                o.SchedulePollingInterval = jobs.SchedulePollingInterval;
                o.ServerName = $"zeegwebex-{Environment.MachineName}";
            });
            services.AddSingleton<MeetingSyncDispatcher>();
            services.AddHostedService(sp => sp.GetRequiredService<MeetingSyncDispatcher>());
        }

        services.AddSingleton<IJobScheduler, HangfireJobScheduler>();
        services.AddSingleton<OutcomeDeliveryQueue>();
        services.AddTransient<MeetingSyncJob>();
        services.AddTransient<MeetingSweepJob>();
        services.AddTransient<TokenRefreshJob>();
        services.AddTransient<RotateTokenKeysJob>();
        return services;
    }

    /// <summary>Work left outstanding by the previous run (its in-memory jobs died with it) is picked up at once: the
    /// meeting sweep and the outcome dispatcher run now, and the dispatcher once more when the delivery lease of a
    /// notice the previous run was sending has ended.</summary>
    public static void RunStartupSweeps(this IServiceProvider services)
    {
        services.GetRequiredService<IBackgroundJobClient>().Enqueue<MeetingSweepJob>(job => job.RunAsync(CancellationToken.None));
        var deliveries = services.GetRequiredService<OutcomeDeliveryQueue>();
        deliveries.EnqueueDueDeliveries();
        var lease = services.GetRequiredService<IOptions<OutcomeWebhookOptions>>().Value.DeliveryLease;
        deliveries.ScheduleDueDeliveries(lease + TimeSpan.FromSeconds(1));
    }

    /// <summary>Registers the recurring jobs so they show in the dashboard and run on their schedule.</summary>
    public static void UseRecurringJobs(this IServiceProvider services)
    {
        var jobs = services.GetRequiredService<IOptions<JobOptions>>().Value;
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<MeetingSweepJob>(MeetingSweepJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), jobs.MeetingSweepCron);
        recurring.AddOrUpdate<OutcomeDeliveryJob>(
            OutcomeDeliveryJob.RecurringJobId, job => job.DeliverDueAsync(CancellationToken.None), jobs.OutcomeDispatchCron);
        recurring.AddOrUpdate<TokenRefreshJob>(TokenRefreshJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), jobs.TokenRefreshCron);
        // Never scheduled: listed in the dashboard so an operator can trigger it after rotating the key.
        recurring.AddOrUpdate<RotateTokenKeysJob>(RotateTokenKeysJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Never());
    }
}
