namespace ZeegWebex.Domain.Connections;

/// <summary>A freshly granted, already encrypted pair of tokens with their expiries.</summary>
public sealed record TokenGrant(
    EncryptedToken AccessToken,
    DateTimeOffset AccessTokenExpiresAt,
    EncryptedToken RefreshToken,
    DateTimeOffset RefreshTokenExpiresAt);
