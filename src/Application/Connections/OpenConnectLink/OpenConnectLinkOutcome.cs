namespace ZeegWebex.Application.Connections.OpenConnectLink;

public abstract record OpenConnectLinkOutcome
{
    /// <summary>Set <see cref="BindingValue"/> as the browser's connect cookie (until <see cref="ExpiresAt"/>) and
    /// redirect it to <see cref="AuthorizeUrl"/>.</summary>
    public sealed record Opened(Uri AuthorizeUrl, string BindingValue, DateTimeOffset ExpiresAt) : OpenConnectLinkOutcome
    {
        public override string ToString() => $"Opened(expires {ExpiresAt:O})";
    }

    /// <summary>Unknown, used or expired link: the user has to start again from Zeeg (<see cref="ReturnUrl"/> when known).</summary>
    public sealed record Refused(string Reason, string? ReturnUrl) : OpenConnectLinkOutcome;
}
