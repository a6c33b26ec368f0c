using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Users.EraseUserData;

/// <summary>
/// Erases everything this service stores for a Zeeg user (the answer to "delete my data"). It erases our copy only:
/// meetings at Webex are left as they are, because they belong to the user's Webex account and cancelling the events
/// behind them is the Zeeg app's decision (<c>DELETE /api/events/{id}</c> before erasing). Idempotent: erasing again
/// finds nothing and answers zeros.
/// </summary>
public sealed record EraseUserDataCommand(string ZeegUserId) : ICommand<ErasedUserData>;

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

public sealed class EraseUserDataValidator : AbstractValidator<EraseUserDataCommand>
{
    public EraseUserDataValidator() => RuleFor(c => c.ZeegUserId).MustBeZeegId();
}
