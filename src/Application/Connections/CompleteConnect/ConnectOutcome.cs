using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.CompleteConnect;

public abstract record ConnectOutcome
{
    /// <summary>The account is connected; send the browser to <see cref="ReturnUrl"/> (or show success).</summary>
    public sealed record Connected(string ZeegUserId, WebexAccount Account, string? ReturnUrl) : ConnectOutcome;

    /// <summary>Webex answered access_denied: the user declined, or their Webex administrator has to approve the
    /// app in Control Hub first. Trying again starts from Zeeg (<see cref="ReturnUrl"/> when known).</summary>
    public sealed record Denied(string ZeegUserId, string? ReturnUrl) : ConnectOutcome;

    /// <summary>The callback cannot be honoured (unknown, used or expired state; another browser; Webex refused the code).</summary>
    public sealed record Rejected(string Reason, string? ReturnUrl = null) : ConnectOutcome;

    /// <summary>Webex could not be reached or failed; nothing was stored, the user may start again from Zeeg.</summary>
    public sealed record WebexUnavailable(string Reason, string? ReturnUrl) : ConnectOutcome;
}
