namespace ZeegWebex.Infrastructure.Jobs;

public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the Hangfire server in this process (off for a pure API node).</summary>
    public bool RunServer { get; set; } = true;

    public int WorkerCount { get; set; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>How often delayed jobs (retries) are checked for being due.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cron of the sweeper that re-enqueues outstanding meetings whose job was lost.</summary>
    public string MeetingSweepCron { get; set; } = "* * * * *";

    /// <summary>Cron of the token refresh sweep.</summary>
    public string TokenRefreshCron { get; set; } = "*/15 * * * *";
}
