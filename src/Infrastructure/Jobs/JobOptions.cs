using System.ComponentModel.DataAnnotations;

namespace ZeegWebex.Infrastructure.Jobs;

/// <summary>The job runner, bound from the <c>Jobs</c> section and checked by <see cref="JobOptionsValidator"/>.</summary>
public sealed class JobOptions : IValidatableObject
{
    public const string Section = "Jobs";

    /// <summary>Run the Hangfire server in this process (off for a pure API node).</summary>
    public bool RunServer { get; set; } = true;

    public int WorkerCount { get; set; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>Meeting syncs run at once in this process by the in-process dispatcher (async: a sync waiting on Webex
    /// holds no thread). Webex calls are bounded separately by Webex:MaxConcurrentCalls(PerUser); this is a little
    /// above that so one host's queue does not idle the rest.</summary>
    public int MeetingSyncConcurrency { get; set; } = 128;

    /// <summary>Meeting ids waiting for the dispatcher; beyond it they go to Hangfire's queue instead.</summary>
    public int MeetingSyncQueueCapacity { get; set; } = 20_000;

    /// <summary>How often delayed jobs (retries) are checked for being due.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cron of the sweeper that re-enqueues outstanding meetings whose job was lost.</summary>
    public string MeetingSweepCron { get; set; } = "* * * * *";

    /// <summary>Cron of the outcome dispatcher that delivers notices whose job was lost (restart, crash, another
    /// process's dead attempt).</summary>
    public string OutcomeDispatchCron { get; set; } = "* * * * *";

    /// <summary>Cron of the token refresh sweep.</summary>
    public string TokenRefreshCron { get; set; } = "*/15 * * * *";

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (WorkerCount < 1) yield return new ValidationResult("Jobs:WorkerCount must be positive.");
        if (MeetingSyncConcurrency < 1 || MeetingSyncConcurrency > 10_000) yield return new ValidationResult("Jobs:MeetingSyncConcurrency must be between 1 and 10000.");
        if (MeetingSyncQueueCapacity < 1) yield return new ValidationResult("Jobs:MeetingSyncQueueCapacity must be positive.");
    }
}
