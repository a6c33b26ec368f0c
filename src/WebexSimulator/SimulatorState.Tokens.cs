using System.Security.Cryptography;
using System.Text;

namespace ZeegWebex.WebexSimulator;

/// <summary>OAuth: consents, codes, access and refresh grants, and the controls tests use on them.</summary>
public sealed partial class SimulatorState
{
    public int ExpireAccessTokens(string email)
    {
        lock (_gate)
        {
            var grants = GrantsOf(email, _accessGrants.Values).ToList();
            grants.ForEach(g => g.ExpiresAt = Now);
            return grants.Count;
        }
    }

    /// <summary>Revokes every refresh grant of the person (an admin switching the integration off, the user removing
    /// the app); every access token issued from them stops working with it.</summary>
    public int RevokeRefreshTokens(string email)
    {
        lock (_gate)
        {
            var grants = GrantsOf(email, _refreshGrants.Values).ToList();
            grants.ForEach(g => g.Revoked = true);
            return grants.Count;
        }
    }

    /// <summary>Revokes one refresh grant, and with it every access token issued from it.</summary>
    public bool RevokeRefreshToken(string refreshToken)
    {
        lock (_gate)
        {
            if (!_refreshGrants.TryGetValue(refreshToken, out var grant))
            {
                return false;
            }
            grant.Revoked = true;
            return true;
        }
    }

    public int ExpireRefreshTokens(string email)
    {
        lock (_gate)
        {
            var grants = GrantsOf(email, _refreshGrants.Values).ToList();
            grants.ForEach(g => g.ExpiresAt = Now);
            return grants.Count;
        }
    }

    public void RequireAdminApproval(bool required)
    {
        lock (_gate)
        {
            _adminApprovalRequired = required;
        }
    }

    /// <summary>Skips the consent page: issues tokens as if the person had consented <paramref name="issuedAgo"/>
    /// (default now), with the remaining lifetimes given (default the full ones), so a test can start from a grant
    /// of any age.</summary>
    public SimIssuedTokens IssueTokens(
        string email, IEnumerable<string>? scopes = null, TimeSpan? issuedAgo = null, TimeSpan? accessExpiresIn = null, TimeSpan? refreshExpiresIn = null)
    {
        lock (_gate)
        {
            var person = PersonFor(email);
            var granted = scopes?.ToList() ?? [WebexScopes.PeopleRead, WebexScopes.SchedulesRead, WebexScopes.SchedulesWrite];
            var issued = IssueTokenPair(person.Id, options.ClientId, granted);
            var refresh = _refreshGrants[issued.RefreshToken];
            var access = _accessGrants[issued.AccessToken];
            refresh.LastRefreshedAt = Now - (issuedAgo ?? TimeSpan.Zero);
            refresh.ExpiresAt = Now + (refreshExpiresIn ?? options.RefreshTokenLifetime);
            access.ExpiresAt = Now + (accessExpiresIn ?? options.AccessTokenLifetime);
            return new SimIssuedTokens(access.Token, Seconds(access.ExpiresAt - Now), refresh.Token, Seconds(refresh.ExpiresAt - Now));
        }
    }

    internal string BeginConsent(string clientId, string redirectUri, IReadOnlyList<string> scopes, string state, string? codeChallenge)
    {
        lock (_gate)
        {
            var requestId = NewSecret(24);
            _consents[requestId] = new ConsentRequest(clientId, redirectUri, scopes, state, codeChallenge, Now + options.ConsentLifetime);
            return requestId;
        }
    }

    internal ConsentRequest? TakeConsent(string requestId)
    {
        lock (_gate)
        {
            if (!_consents.Remove(requestId, out var consent) || consent.ExpiresAt <= Now)
            {
                return null;
            }
            return consent;
        }
    }

    internal string IssueCode(ConsentRequest consent, string email)
    {
        lock (_gate)
        {
            var person = PersonFor(email);
            var code = NewSecret(48);
            _codes[code] = new AuthorizationCode(code, person.Id, consent.ClientId, consent.RedirectUri, consent.Scopes, consent.CodeChallenge, Now + options.CodeLifetime);
            _issuedSecrets.Add(code);
            return code;
        }
    }

    internal TokenOutcome RedeemCode(string clientId, string code, string redirectUri, string? codeVerifier)
    {
        lock (_gate)
        {
            // Single use: the code is gone after the first attempt, successful or not.
            if (!_codes.Remove(code, out var issued) || issued.ExpiresAt <= Now)
            {
                return TokenOutcome.Fail("invalid_grant", "The authorization code is invalid, expired or has already been used.");
            }
            if (issued.ClientId != clientId)
            {
                return TokenOutcome.Fail("invalid_grant", "The authorization code was issued to another client.");
            }
            if (issued.RedirectUri != redirectUri)
            {
                return TokenOutcome.Fail("invalid_grant", "The redirect_uri does not match the one used in the authorization request.");
            }
            if (issued.CodeChallenge is not null)
            {
                if (string.IsNullOrEmpty(codeVerifier))
                {
                    return TokenOutcome.Fail("invalid_request", "code_verifier is required.");
                }
                if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(S256(codeVerifier)), Encoding.ASCII.GetBytes(issued.CodeChallenge)))
                {
                    return TokenOutcome.Fail("invalid_grant", "The code_verifier does not match the code_challenge.");
                }
            }
            return new TokenOutcome(IssueTokenPair(issued.PersonId, clientId, issued.Scopes));
        }
    }

    internal TokenOutcome Refresh(string clientId, string refreshToken)
    {
        lock (_gate)
        {
            if (!_refreshGrants.TryGetValue(refreshToken, out var grant) || grant.Revoked || grant.ExpiresAt <= Now || grant.ClientId != clientId)
            {
                return TokenOutcome.Fail("invalid_grant", InvalidRefreshTokenDescription);
            }
            // Webex's refresh sample: refreshing more than once in 24 hours returns the values unchanged. An access
            // token that has already stopped working (expired, or expired through /_sim) is not handed back.
            if (Now - grant.LastRefreshedAt < options.RefreshRenewalInterval
                && _accessGrants.TryGetValue(grant.AccessToken, out var current) && current.ExpiresAt > Now)
            {
                return new TokenOutcome(new SimIssuedTokens(current.Token, Seconds(current.ExpiresAt - Now), grant.Token, Seconds(grant.ExpiresAt - Now)));
            }
            grant.TimesUsed++;
            grant.LastRefreshedAt = Now;
            // Refresh tokens in regular use live on; the value usually stays the same.
            if (options.RefreshExtendsRefreshToken)
            {
                grant.ExpiresAt = Now + options.RefreshTokenLifetime;
            }
            var access = IssueAccessToken(grant);
            return new TokenOutcome(new SimIssuedTokens(access.Token, Seconds(access.ExpiresAt - Now), grant.Token, Seconds(grant.ExpiresAt - Now)));
        }
    }

    internal (AccessGrant Grant, SimPerson Person)? FindAccess(string token)
    {
        lock (_gate)
        {
            // Revoking a refresh token revokes every access token issued from it.
            if (!_accessGrants.TryGetValue(token, out var grant) || grant.ExpiresAt <= Now
                || !_refreshGrants.TryGetValue(grant.RefreshToken, out var parent) || parent.Revoked)
            {
                return null;
            }
            return (grant, _peopleByEmail.Values.First(p => p.Id == grant.PersonId));
        }
    }

    private SimIssuedTokens IssueTokenPair(string personId, string clientId, IReadOnlyList<string> scopes)
    {
        var refresh = new RefreshGrant(NewSecret(48), personId, clientId, scopes, Now + options.RefreshTokenLifetime, Now);
        _refreshGrants[refresh.Token] = refresh;
        _issuedSecrets.Add(refresh.Token);
        var access = IssueAccessToken(refresh);
        return new SimIssuedTokens(access.Token, Seconds(options.AccessTokenLifetime), refresh.Token, Seconds(options.RefreshTokenLifetime));
    }

    private AccessGrant IssueAccessToken(RefreshGrant from)
    {
        var access = new AccessGrant(NewSecret(48), from.Token, from.PersonId, from.ClientId, from.Scopes, Now + options.AccessTokenLifetime);
        _accessGrants[access.Token] = access;
        _issuedSecrets.Add(access.Token);
        from.AccessToken = access.Token;
        return access;
    }
}
