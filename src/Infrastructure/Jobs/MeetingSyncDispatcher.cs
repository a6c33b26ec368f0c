using System.Threading.Channels;
using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Meetings.SyncMeeting;

namespace ZeegWebex.Infrastructure.Jobs;

/// <summary>Runs meeting syncs in process, up to <see cref="JobOptions.MeetingSyncConcurrency"/> at once, so the number
/// of meetings being made is bounded by Webex (<see cref="Webex.WebexCallLimiter"/>), not by Hangfire's worker count
/// (one blocked worker per Webex call). The queue is only a hint: the <c>webex_meetings</c> rows say what is
/// outstanding, each sync claims its row before it calls Webex (a second run of the same id loses the version check),
/// and the recurring sweep, run at start-up too, hands the dispatcher whatever a crash dropped from this queue.
/// A sync that throws (our own trouble, e.g. the database was briefly unavailable) is handed to Hangfire, which retries
/// it; a meeting that ends Failed is recorded in Hangfire so operators read the reason in the dashboard.</summary>
public sealed partial class MeetingSyncDispatcher(
    IServiceScopeFactory scopes,
    IBackgroundJobClient hangfire,
    IOptions<JobOptions> options,
    ILogger<MeetingSyncDispatcher> logger) : BackgroundService
{
    private readonly Channel<SyncMeetingCommand> _queue = Channel.CreateBounded<SyncMeetingCommand>(new BoundedChannelOptions(options.Value.MeetingSyncQueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = false,
        SingleWriter = false,
    });

    private volatile bool _running;
    private int _active;

    /// <summary>Syncs running now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Syncs waiting for a free loop.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Takes the sync when the dispatcher runs and has room; false means the caller should use Hangfire.</summary>
    public bool TryDispatch(SyncMeetingCommand sync) => _running && _queue.Writer.TryWrite(sync);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running = true;
        stoppingToken.Register(() => _running = false);
        var loops = Enumerable.Range(0, options.Value.MeetingSyncConcurrency).Select(_ => Task.Run(() => LoopAsync(stoppingToken), CancellationToken.None));
        return Task.WhenAll(loops);
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (!stoppingToken.IsCancellationRequested && _queue.Reader.TryRead(out var sync))
                    await RunAsync(sync);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: ids still queued are picked up by the sweep of the next start (their rows are Pending).
        }
    }

    private async Task RunAsync(SyncMeetingCommand sync)
    {
        var meetingId = sync.MeetingId;
        Interlocked.Increment(ref _active);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            // Not cancelled on shutdown: a sync under way finishes (within the host's shutdown timeout) rather than
            // leave a call to Webex whose outcome the next attempt has to look up.
            var result = await mediator.Send(sync, CancellationToken.None);
            if (result.Outcome == SyncMeetingResult.Kind.Failed)
                hangfire.Enqueue<MeetingSyncJob>(job => job.RecordOutcome(meetingId, result.ToString()));
        }
        catch (Exception e)
        {
            LogHandedToHangfire(meetingId, e);
            hangfire.Enqueue<MeetingSyncJob>(job => job.RunAsync(meetingId, CancellationToken.None));
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting sync {MeetingId} failed in the dispatcher; handed to Hangfire, which retries it")]
    private partial void LogHandedToHangfire(Guid meetingId, Exception exception);
}
