using Mediator;

namespace ZeegWebex.Application.Users.EraseUserData;

/// <summary>
/// Erases everything this service stores for a Zeeg user (the answer to "delete my data"). It erases our copy only:
/// meetings at Webex are left as they are, because they belong to the user's Webex account and cancelling the events
/// behind them is the Zeeg app's decision (<c>DELETE /api/events/{id}</c> before erasing). Idempotent: erasing again
/// finds nothing and answers zeros.
/// </summary>
public sealed record EraseUserDataCommand(string ZeegUserId) : ICommand<ErasedUserData>;
