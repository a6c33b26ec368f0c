namespace ZeegWebex.Application.Abstractions;

/// <summary>Webex's OAuth endpoints for our integration.</summary>
public interface IWebexOAuth
{
    Uri BuildAuthorizeUrl(string state, string codeChallenge);

    /// <exception cref="WebexGrantRejectedException">Webex refused the code or refresh token (HTTP 400).</exception>
    /// <exception cref="WebexException">Anything else that went wrong talking to Webex.</exception>
    Task<WebexTokens> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken ct);

    /// <exception cref="WebexGrantRejectedException">The refresh token is expired, revoked or unknown: re-consent needed.</exception>
    Task<WebexTokens> RefreshAsync(string refreshToken, CancellationToken ct);
}
