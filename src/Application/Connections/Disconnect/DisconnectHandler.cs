using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Connections.Disconnect;

public sealed class DisconnectHandler(IConnectionRepository connections, IConnectionAuditLog audit, TimeProvider time)
    : ICommandHandler<DisconnectCommand>
{
    public async ValueTask<Unit> Handle(DisconnectCommand command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var connection = await connections.FindByZeegUserAsync(command.ZeegUserId, cancellationToken)
                ?? throw new NotFoundException($"Zeeg user '{command.ZeegUserId}' has no Webex connection.");
            var now = time.GetUtcNow();
            var expected = connection.Version;
            connection.Disconnect(now);
            if (await connections.UpdateAsync(connection, expected, cancellationToken))
            {
                await audit.RecordAsync(new ConnectionAuditEntry(command.ZeegUserId, ConnectionAuditKind.Disconnected, null, now), cancellationToken);
                return Unit.Value;
            }
        }

        throw new ConflictException("Connection busy", "The connection kept changing while disconnecting; try again.");
    }
}
