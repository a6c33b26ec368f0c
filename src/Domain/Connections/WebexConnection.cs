using ZeegWebex.Domain.Common;

namespace ZeegWebex.Domain.Connections;

/// <summary>
/// The link between one Zeeg user and one Webex account, with the tokens that let us act for them.
/// An Active connection always holds both tokens and exactly the three scopes; the other states hold none.
/// </summary>
public sealed class WebexConnection : IVersioned
{
    /// <summary>Webex truly refreshes a grant about once a day; a refresh sooner answers the same values, so the
    /// scheduled refresh never asks more often than this.</summary>
    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromHours(24);

    /// <summary>A refresh token this close to its end after a refresh was not extended by it: the user should
    /// reconnect before it lapses.</summary>
    public static readonly TimeSpan ReconnectSoonThreshold = TimeSpan.FromDays(14);

    private WebexConnection(Guid id, string zeegUserId, WebexAccount account, DateTimeOffset createdAt)
    {
        Id = id;
        ZeegUserId = zeegUserId;
        Account = account;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid Id { get; }
    public string ZeegUserId { get; }
    public WebexAccount Account { get; private set; }
    public ConnectionStatus Status { get; private set; }
    public IReadOnlyList<string> Scopes { get; private set; } = [];
    public EncryptedToken? AccessToken { get; private set; }
    public DateTimeOffset? AccessTokenExpiresAt { get; private set; }
    public EncryptedToken? RefreshToken { get; private set; }
    public DateTimeOffset? RefreshTokenExpiresAt { get; private set; }

    /// <summary>When Webex last handed us tokens (consent or refresh); null for rows stored before it was kept.</summary>
    public DateTimeOffset? TokensRefreshedAt { get; private set; }

    /// <summary>When Zeeg was told this connection has to be reconnected soon; cleared once that is no longer so.</summary>
    public DateTimeOffset? ReconnectSoonNoticeAt { get; private set; }

    /// <summary>Bumped on every change; repositories write only when the stored version still matches.</summary>
    public int Version { get; private set; }

    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? StatusReason { get; private set; }

    public static WebexConnection Connect(
        string zeegUserId, WebexAccount account, IEnumerable<string> scopes, TokenGrant tokens, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(zeegUserId)) throw new DomainException("A connection belongs to a Zeeg user.");
        var connection = new WebexConnection(Guid.NewGuid(), zeegUserId, Validate(account), now);
        connection.Activate(account, scopes, tokens, now);
        connection.Version = 1;
        return connection;
    }

    /// <summary>The same Zeeg user consented again (possibly with another Webex account): take the new grant.</summary>
    public void Reconnect(WebexAccount account, IEnumerable<string> scopes, TokenGrant tokens, DateTimeOffset now)
    {
        Activate(Validate(account), scopes, tokens, now);
        Touch(now);
    }

    public void Refresh(TokenGrant tokens, DateTimeOffset now)
    {
        if (Status != ConnectionStatus.Active)
            throw new DomainException($"Only an active connection can be refreshed; this one is {Status}.");
        SetTokens(tokens, now);
        Touch(now);
    }

    /// <summary>
    /// The scheduled refresh's rule. Webex extends a refresh token each time it is truly refreshed, which happens at
    /// most once a day; a refresh sooner changes nothing. So a connection is due when its access token expires within
    /// <paramref name="accessWindow"/> or its refresh token within <paramref name="refreshWindow"/> (both exclusive, as
    /// in the repository's query), and its tokens are at least <see cref="MinimumRefreshInterval"/> old. Refreshing
    /// for the access token every twelve days or so keeps the refresh token 90 days out, so it never lapses.
    /// </summary>
    public bool IsDueForRefresh(DateTimeOffset now, TimeSpan accessWindow, TimeSpan refreshWindow) =>
        IsDueForRefresh(RefreshDueCutoffs.At(now, accessWindow, refreshWindow));

    /// <summary>The scheduled refresh's rule against cutoffs fixed once (a sweep keeps one set for its whole run).</summary>
    public bool IsDueForRefresh(RefreshDueCutoffs due) =>
        Status == ConnectionStatus.Active
        && (TokensRefreshedAt is not { } refreshedAt || refreshedAt <= due.RefreshedBefore)
        && ((AccessTokenExpiresAt is { } access && access < due.AccessExpiresBefore)
            || (RefreshTokenExpiresAt is { } refresh && refresh < due.RefreshExpiresBefore));

    /// <summary>The refresh token ends within <see cref="ReconnectSoonThreshold"/>: refreshing has not extended it,
    /// and the user has to consent again before it lapses.</summary>
    public bool NeedsReconnectSoon(DateTimeOffset now) =>
        Status == ConnectionStatus.Active && RefreshTokenExpiresAt is { } end && end - now < ReconnectSoonThreshold;

    /// <summary>Records that Zeeg is being told to have the user reconnect soon.</summary>
    /// <returns>true the first time the connection needs it; false when it does not, or Zeeg has been told already.</returns>
    public bool TakeReconnectSoonNotice(DateTimeOffset now)
    {
        if (!NeedsReconnectSoon(now) || ReconnectSoonNoticeAt is not null) return false;
        ReconnectSoonNoticeAt = now;
        Touch(now);
        return true;
    }

    /// <summary>Webex refused our refresh token: the user has to consent again, and the dead tokens go.</summary>
    public void RequireReauthorization(string reason, DateTimeOffset now)
    {
        Status = ConnectionStatus.ReauthorizationRequired;
        StatusReason = reason;
        ClearTokens();
        Touch(now);
    }

    public void Disconnect(DateTimeOffset now)
    {
        Status = ConnectionStatus.Disconnected;
        StatusReason = "Disconnected by the user.";
        ClearTokens();
        Touch(now);
    }

    public bool AccessTokenExpiresWithin(TimeSpan window, DateTimeOffset now) =>
        AccessTokenExpiresAt is { } at && at - now <= window;

    /// <summary>Rebuilds a stored connection; checks the same invariants as the factory.</summary>
    public static WebexConnection Rehydrate(
        Guid id, string zeegUserId, WebexAccount account, ConnectionStatus status, IEnumerable<string> scopes,
        EncryptedToken? accessToken, DateTimeOffset? accessTokenExpiresAt,
        EncryptedToken? refreshToken, DateTimeOffset? refreshTokenExpiresAt,
        string? statusReason, int version, DateTimeOffset createdAt, DateTimeOffset updatedAt,
        DateTimeOffset? tokensRefreshedAt = null, DateTimeOffset? reconnectSoonNoticeAt = null)
    {
        var connection = new WebexConnection(id, zeegUserId, account, createdAt)
        {
            Status = status,
            Scopes = scopes.ToArray(),
            AccessToken = accessToken,
            AccessTokenExpiresAt = accessTokenExpiresAt,
            RefreshToken = refreshToken,
            RefreshTokenExpiresAt = refreshTokenExpiresAt,
            TokensRefreshedAt = tokensRefreshedAt,
            ReconnectSoonNoticeAt = reconnectSoonNoticeAt,
            StatusReason = statusReason,
            Version = version,
            UpdatedAt = updatedAt,
        };
        connection.CheckInvariants();
        return connection;
    }

    /// <summary>Re-encrypts the stored tokens under another key without changing what they are.</summary>
    public void ReplaceSealedTokens(EncryptedToken accessToken, EncryptedToken refreshToken, DateTimeOffset now)
    {
        if (Status != ConnectionStatus.Active) throw new DomainException("Only an active connection holds tokens.");
        AccessToken = accessToken;
        RefreshToken = refreshToken;
        Touch(now);
    }

    private void Activate(WebexAccount account, IEnumerable<string> scopes, TokenGrant tokens, DateTimeOffset now)
    {
        var granted = scopes.ToArray();
        if (!WebexScopes.AreExactlyRequired(granted))
            throw new DomainException($"A connection must hold exactly the scopes {WebexScopes.AsParameter}.");
        Account = account;
        Scopes = WebexScopes.Required;
        Status = ConnectionStatus.Active;
        StatusReason = null;
        SetTokens(tokens, now);
        UpdatedAt = now;
    }

    private void SetTokens(TokenGrant tokens, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        AccessToken = tokens.AccessToken;
        AccessTokenExpiresAt = tokens.AccessTokenExpiresAt;
        RefreshToken = tokens.RefreshToken;
        RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt;
        TokensRefreshedAt = now;
        // Extended again (or a new consent): a later shrink is news worth another notice.
        if (!NeedsReconnectSoon(now)) ReconnectSoonNoticeAt = null;
    }

    private void ClearTokens()
    {
        AccessToken = null;
        AccessTokenExpiresAt = null;
        RefreshToken = null;
        RefreshTokenExpiresAt = null;
        TokensRefreshedAt = null;
        ReconnectSoonNoticeAt = null;
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    private void CheckInvariants()
    {
        if (Status == ConnectionStatus.Active)
        {
            if (AccessToken is null || RefreshToken is null || AccessTokenExpiresAt is null || RefreshTokenExpiresAt is null)
                throw new DomainException("An active connection holds both tokens and their expiries.");
            if (!WebexScopes.AreExactlyRequired(Scopes))
                throw new DomainException($"A connection must hold exactly the scopes {WebexScopes.AsParameter}.");
        }
        else if (AccessToken is not null || RefreshToken is not null)
        {
            throw new DomainException($"A {Status} connection holds no tokens.");
        }
    }

    private static WebexAccount Validate(WebexAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (string.IsNullOrWhiteSpace(account.PersonId)) throw new DomainException("The Webex person id is missing.");
        return account;
    }
}
