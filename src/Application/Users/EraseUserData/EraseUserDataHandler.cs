using Mediator;
using Microsoft.Extensions.Logging;
using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Application.Users.EraseUserData;

public sealed partial class EraseUserDataHandler(IUserDataEraser eraser, ILogger<EraseUserDataHandler> logger)
    : ICommandHandler<EraseUserDataCommand, ErasedUserData>
{
    public async ValueTask<ErasedUserData> Handle(EraseUserDataCommand command, CancellationToken cancellationToken)
    {
        var erased = await eraser.EraseAsync(command.ZeegUserId, cancellationToken);
        LogErased(command.ZeegUserId, erased.Connections, erased.Meetings, erased.PendingAuthorizations, erased.AuditEntries, erased.OutcomeNotices);
        return erased;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Erased the data of Zeeg user {ZeegUserId}: {Connections} connections, {Meetings} meetings, {PendingAuthorizations} pending authorizations, {AuditEntries} audit entries, {OutcomeNotices} outcome notices")]
    private partial void LogErased(string zeegUserId, int connections, int meetings, int pendingAuthorizations, int auditEntries, int outcomeNotices);
}
