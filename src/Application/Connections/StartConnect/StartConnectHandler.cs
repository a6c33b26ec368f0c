using Mediator;

namespace ZeegWebex.Application.Connections.StartConnect;

public sealed class StartConnectHandler(AuthorizationStarter starter) : ICommandHandler<StartConnectCommand, StartConnectResult>
{
    public async ValueTask<StartConnectResult> Handle(StartConnectCommand command, CancellationToken cancellationToken) =>
        await starter.BeginAsync(command.ZeegUserId, command.ReturnUrl, cancellationToken);
}
