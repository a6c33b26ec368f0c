using Mediator;

namespace ZeegWebex.Application.Connections.StartConnect;

/// <summary>The Zeeg main app wants to connect a user's Webex account: give it the start link to send the browser to.</summary>
public sealed record StartConnectCommand(string ZeegUserId, string? ReturnUrl) : ICommand<StartConnectResult>;

/// <param name="StartToken">Secret of the single-use start link; opening it binds the connect to that browser.</param>
/// <param name="StartLinkExpiresAt">The link must be opened before this.</param>
/// <param name="ExpiresAt">The whole connect, consent at Webex included, must be finished before this.</param>
public sealed record StartConnectResult(string StartToken, DateTimeOffset StartLinkExpiresAt, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"StartConnectResult(link expires {StartLinkExpiresAt:O}, connect expires {ExpiresAt:O})";
}

public sealed class StartConnectHandler(AuthorizationStarter starter) : ICommandHandler<StartConnectCommand, StartConnectResult>
{
    public async ValueTask<StartConnectResult> Handle(StartConnectCommand command, CancellationToken cancellationToken) =>
        await starter.BeginAsync(command.ZeegUserId, command.ReturnUrl, cancellationToken);
}
