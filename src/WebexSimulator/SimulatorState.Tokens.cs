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

    public int RevokeRefreshTokens(string email)
    {
        lock (_gate)
        {
            var grants = GrantsOf(email, _refreshGrants.Values).ToList();
            grants.ForEach(g => g.Revoked = true);
            return grants.Count;
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

    /// <summary>Skips the consent page: issues tokens as if the person had just consented.</summary>
    public SimIssuedTokens IssueTokens(string email, IEnumerable<string>? scopes = null)
    {
        lock (_gate)
        {
            var person = PersonFor(email);
            var granted = scopes?.ToList() ?? [WebexScopes.PeopleRead, WebexScopes.SchedulesRead, WebexScopes.SchedulesWrite];
            return IssueTokenPair(person.Id, options.ClientId, granted);
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
            grant.TimesUsed++;
            var access = IssueAccessToken(grant.PersonId, clientId, grant.Scopes);
            // Webex answers the same refresh token with what is left of its lifetime.
            return new TokenOutcome(new SimIssuedTokens(access.Token, Seconds(access.ExpiresAt - Now), grant.Token, Seconds(grant.ExpiresAt - Now)));
        }
    }

    internal (AccessGrant Grant, SimPerson Person)? FindAccess(string token)
    {
        lock (_gate)
        {
            if (!_accessGrants.TryGetValue(token, out var grant) || grant.ExpiresAt <= Now)
            {
                return null;
            }
            return (grant, _peopleByEmail.Values.First(p => p.Id == grant.PersonId));
        }
    }

    private SimIssuedTokens IssueTokenPair(string personId, string clientId, IReadOnlyList<string> scopes)
    {
        var access = IssueAccessToken(personId, clientId, scopes);
        var refresh = new RefreshGrant(NewSecret(48), personId, clientId, scopes, Now + options.RefreshTokenLifetime);
        _refreshGrants[refresh.Token] = refresh;
        _issuedSecrets.Add(refresh.Token);
        return new SimIssuedTokens(access.Token, Seconds(options.AccessTokenLifetime), refresh.Token, Seconds(options.RefreshTokenLifetime));
    }

    private AccessGrant IssueAccessToken(string personId, string clientId, IReadOnlyList<string> scopes)
    {
        var access = new AccessGrant(NewSecret(48), personId, clientId, scopes, Now + options.AccessTokenLifetime);
        _accessGrants[access.Token] = access;
        _issuedSecrets.Add(access.Token);
        return access;
    }
}
