namespace ZeegWebex.Application.Connections.StartConnect;

/// <param name="StartToken">Secret of the single-use start link; opening it binds the connect to that browser.</param>
/// <param name="StartLinkExpiresAt">The link must be opened before this.</param>
/// <param name="ExpiresAt">The whole connect, consent at Webex included, must be finished before this.</param>
public sealed record StartConnectResult(string StartToken, DateTimeOffset StartLinkExpiresAt, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"StartConnectResult(link expires {StartLinkExpiresAt:O}, connect expires {ExpiresAt:O})";
}
