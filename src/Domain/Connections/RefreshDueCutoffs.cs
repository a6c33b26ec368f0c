namespace ZeegWebex.Domain.Connections;

/// <summary>
/// The scheduled refresh's rule (<see cref="WebexConnection.IsDueForRefresh(RefreshDueCutoffs)"/>) as of one moment:
/// due is an active connection whose access token expires before <see cref="AccessExpiresBefore"/> or whose refresh
/// token expires before <see cref="RefreshExpiresBefore"/>, and whose tokens were last refreshed no later than
/// <see cref="RefreshedBefore"/>. The sweep's query selects by the same cutoffs, so it can seek the expiry indexes; it
/// only narrows what is read, and the connection decides once it is loaded.
/// </summary>
public sealed record RefreshDueCutoffs(DateTimeOffset AccessExpiresBefore, DateTimeOffset RefreshExpiresBefore, DateTimeOffset RefreshedBefore)
{
    /// <param name="accessWindow">Refresh when the access token expires within this.</param>
    /// <param name="refreshWindow">Refresh when the refresh token expires within this.</param>
    public static RefreshDueCutoffs At(DateTimeOffset now, TimeSpan accessWindow, TimeSpan refreshWindow) =>
        new(now + accessWindow, now + refreshWindow, now - WebexConnection.MinimumRefreshInterval);
}
