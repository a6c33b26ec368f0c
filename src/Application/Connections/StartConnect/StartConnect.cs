using Mediator;

namespace ZeegWebex.Application.Connections.StartConnect;

/// <summary>The Zeeg main app wants to connect a user's Webex account: give it the URL to send the browser to.</summary>
public sealed record StartConnectCommand(string ZeegUserId, string? ReturnUrl) : ICommand<StartConnectResult>;

public sealed record StartConnectResult(Uri AuthorizeUrl, DateTimeOffset ExpiresAt);

public sealed class StartConnectHandler(AuthorizationStarter starter) : ICommandHandler<StartConnectCommand, StartConnectResult>
{
    public async ValueTask<StartConnectResult> Handle(StartConnectCommand command, CancellationToken cancellationToken) =>
        await starter.BeginAsync(command.ZeegUserId, command.ReturnUrl, cancellationToken);
}
