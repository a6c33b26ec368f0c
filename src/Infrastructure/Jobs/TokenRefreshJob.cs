using System.ComponentModel;
using Hangfire;
using Mediator;
using ZeegWebex.Application.Connections.RefreshDueConnections;

namespace ZeegWebex.Infrastructure.Jobs;

/// <summary>Refreshes the tokens of connections about to expire. Not retried by Hangfire: a connection Webex failed
/// for stays due and the next run (every 15 minutes by default) takes it again.</summary>
public sealed class TokenRefreshJob(IMediator mediator)
{
    public const string RecurringJobId = "webex-token-refresh";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [DisplayName("Refresh Webex tokens that expire soon")]
    public async Task<RefreshDueConnectionsResult> RunAsync(CancellationToken cancellationToken) =>
        await mediator.Send(new RefreshDueConnectionsCommand(), cancellationToken);
}
