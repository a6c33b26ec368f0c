using Microsoft.Extensions.Options;
using ZeegWebex.Application.Meetings;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>A meeting attempt's lease must outlast one Webex call: a call is only started if it can end before the
/// lease does (<see cref="WebexCallLimitHandler"/>), so a shorter lease would never let an attempt reach Webex.</summary>
public sealed class MeetingAttemptLeaseValidator(IOptions<WebexOptions> webex) : IValidateOptions<MeetingsOptions>
{
    public ValidateOptionsResult Validate(string? name, MeetingsOptions options)
    {
        TimeSpan attemptTimeout;
        try
        {
            attemptTimeout = webex.Value.AttemptTimeout;
        }
        catch (OptionsValidationException)
        {
            // The Webex section is refused on its own, naming its settings; one refusal per mistake.
            return ValidateOptionsResult.Skip;
        }

        return options.AttemptLease > attemptTimeout
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "Meetings:AttemptLease must be longer than Webex:AttemptTimeout: a Webex call made under an attempt's lease has to end before the lease does.");
    }
}
