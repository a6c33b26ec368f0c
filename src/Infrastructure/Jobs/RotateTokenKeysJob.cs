using System.ComponentModel;
using Hangfire;
using Mediator;
using ZeegWebex.Application.Connections.RotateTokenKeys;

namespace ZeegWebex.Infrastructure.Jobs;

/// <summary>Re-seals every stored token and every meeting's join secrets under TokenEncryption:CurrentKeyId. Registered with no schedule: after making
/// a new key current, an operator triggers it from the dashboard, checks it left nothing behind, and only then
/// removes the old key.</summary>
public sealed class RotateTokenKeysJob(IMediator mediator)
{
    public const string RecurringJobId = "token-key-rotation";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [DisplayName("Rotate token keys: re-seal stored Webex tokens and meeting join secrets under the current key")]
    public async Task<RotateTokenKeysResult> RunAsync(CancellationToken cancellationToken) =>
        await mediator.Send(new RotateTokenKeysCommand(), cancellationToken);
}
