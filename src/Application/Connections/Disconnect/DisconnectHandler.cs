using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Connections.Disconnect;

public sealed class DisconnectHandler(IConnectionRepository connections, IConnectionAuditLog audit, TimeProvider time)
    : ICommandHandler<DisconnectCommand>
{
    public async ValueTask<Unit> Handle(DisconnectCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var disconnected = await OptimisticUpdate.ApplyAsync(connections,
            token => connections.FindByZeegUserAsync(command.ZeegUserId, token), connection =>
            {
                now = time.GetUtcNow();
                connection.Disconnect(now);
                return true;
            }, cancellationToken);
        if (disconnected.Status == OptimisticUpdateStatus.NotFound)
            throw new NotFoundException($"Zeeg user '{command.ZeegUserId}' has no Webex connection.");
        if (disconnected.Written)
        {
            await audit.RecordAsync(new ConnectionAuditEntry(command.ZeegUserId, ConnectionAuditKind.Disconnected, null, now), cancellationToken);
            return Unit.Value;
        }

        throw new ConflictException("Connection busy", "The connection kept changing while disconnecting; try again.");
    }
}
