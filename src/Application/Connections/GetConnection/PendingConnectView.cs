using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.GetConnection;

/// <summary>The user's latest connect when no callback has come back for it (yet).</summary>
/// <param name="Status">Pending while it may still finish; NotCompleted once it expired without a callback.</param>
/// <param name="StartedAt">When the Zeeg main app started it.</param>
/// <param name="OpenedAt">When the browser opened the start link and was sent to Webex (null: never opened).</param>
/// <param name="ExpiresAt">When it stops being able to finish.</param>
/// <param name="Message">What to tell the user.</param>
public sealed record PendingConnectView(string Status, DateTimeOffset StartedAt, DateTimeOffset? OpenedAt, DateTimeOffset ExpiresAt, string Message)
{
    public const string Pending = "Pending";
    public const string NotCompleted = "NotCompleted";

    // Webex shows its own "Access denied" page and never redirects back when the organisation restricts integrations
    // (webex-contract.md, OAuth), so a connect that went to Webex and never returned most likely met that page.
    public const string AdminApprovalGuidance =
        "The Webex connect was not completed. If Webex showed \"Access denied - Your administrator denied access to the " +
        "integration you selected\", your Webex administrator may need to approve the Zeeg app in Webex Control Hub " +
        "(Apps > Integrations). Then start connecting again from Zeeg.";

    public const string NeverOpened =
        "The Webex connect was not completed: the connect link was never opened. Start connecting again from Zeeg. If Webex " +
        "then shows \"Access denied\", your Webex administrator may need to approve the Zeeg app in Webex Control Hub.";

    /// <returns>Null when there is no connect or its callback came back (whatever it said).</returns>
    public static PendingConnectView? For(PendingAuthorization? latest, DateTimeOffset now)
    {
        if (latest is null || latest.ConsumedAt is not null) return null;
        if (latest.ExpiresAt > now)
        {
            return new PendingConnectView(Pending, latest.CreatedAt, latest.OpenedAt, latest.ExpiresAt,
                latest.OpenedAt is null
                    ? "A Webex connect was started; the browser has not opened the connect link yet."
                    : "A Webex connect is under way at Webex; waiting for the user to come back.");
        }
        return new PendingConnectView(NotCompleted, latest.CreatedAt, latest.OpenedAt, latest.ExpiresAt,
            latest.OpenedAt is null ? NeverOpened : AdminApprovalGuidance);
    }
}
