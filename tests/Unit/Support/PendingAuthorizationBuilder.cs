using ZeegWebex.Domain.Connections;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Connections;

namespace ZeegWebex.UnitTests.Support;

/// <summary>A connect started (and, with <see cref="OpenedWith"/>, opened in a browser) as the start and open-link
/// handlers store it: only hashes of the start token, state and binding.</summary>
internal sealed class PendingAuthorizationBuilder(DateTimeOffset now)
{
    private string _zeegUserId = "zeeg-user-1";
    private string _startToken = "start-token-1";
    private string? _state;
    private string? _binding;
    private string? _returnUrl = "https://app.zeeg.test/settings/integrations";
    private DateTimeOffset _createdAt = now;
    private TimeSpan _lifetime = TimeSpan.FromMinutes(10);
    private TimeSpan _startLinkLifetime = TimeSpan.FromMinutes(5);

    public const string Verifier = "pkce-verifier-of-at-least-forty-three-characters-0123456789";

    public PendingAuthorizationBuilder ForUser(string zeegUserId) { _zeegUserId = zeegUserId; return this; }

    public PendingAuthorizationBuilder WithStartToken(string startToken) { _startToken = startToken; return this; }

    public PendingAuthorizationBuilder OpenedWith(string state, string binding) { _state = state; _binding = binding; return this; }

    public PendingAuthorizationBuilder ReturningTo(string? returnUrl) { _returnUrl = returnUrl; return this; }

    public PendingAuthorizationBuilder StartedAt(DateTimeOffset at) { _createdAt = at; return this; }

    public PendingAuthorization Build() => new(
        Guid.NewGuid(), OAuthSecrets.HashState(_state ?? "never-handed-out"), _zeegUserId, new FakeTokenProtector().Protect(Verifier),
        _returnUrl, _createdAt, _createdAt + _lifetime, OAuthSecrets.Hash(_startToken), _createdAt + _startLinkLifetime,
        _binding is null ? null : OAuthSecrets.Hash(_binding), _binding is null ? null : _createdAt);
}
