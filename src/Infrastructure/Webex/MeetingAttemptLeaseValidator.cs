using Microsoft.Extensions.Options;
using ZeegWebex.Application.Meetings;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>A meeting attempt's lease must outlast one Webex call: a call is only started if it can end before the
/// lease does (<see cref="WebexCallLimitHandler"/>), so a shorter lease would never let an attempt reach Webex.</summary>
public sealed class MeetingAttemptLeaseValidator(IOptions<WebexOptions> webex) : WebexDependentOptionsValidator<MeetingsOptions>(webex)
{
    protected override ValidateOptionsResult Validate(MeetingsOptions options, WebexOptions webex) =>
        options.AttemptLease > webex.AttemptTimeout
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "Meetings:AttemptLease must be longer than Webex:AttemptTimeout: a Webex call made under an attempt's lease has to end before the lease does.");
}
