namespace ZeegWebex.Application.Abstractions;

/// <summary>Plaintext tokens fresh from Webex; they live only in memory until sealed.</summary>
public sealed record WebexTokens(string AccessToken, TimeSpan AccessTokenLifetime, string RefreshToken, TimeSpan RefreshTokenLifetime)
{
    // Records print every property; tokens must never reach a log line this way.
    public override string ToString() =>
        $"WebexTokens(access expires in {AccessTokenLifetime}, refresh expires in {RefreshTokenLifetime})";
}
