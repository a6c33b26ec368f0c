using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Connections;
using ZeegWebex.Application.Connections.OpenConnectLink;
using ZeegWebex.UnitTests.Support;

namespace ZeegWebex.UnitTests.Application.Connections.OpenConnectLink;

public sealed class OpenConnectLinkHandlerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakePendingAuthorizationRepository _authorizations = new();
    private readonly FakeWebexOAuth _oauth = new();
    private readonly ConnectOptions _options = new() { AllowedReturnUrlPrefixes = ["https://app.zeeg.test/"] };

    public OpenConnectLinkHandlerTests() =>
        _authorizations.AddAsync(new PendingAuthorizationBuilder(Now).WithStartToken("start-1").Build(), default);

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task Opening_the_link_binds_the_connect_to_this_browser_with_a_fresh_state()
    {
        var outcome = await Handle("start-1");

        var opened = outcome.Should().BeOfType<OpenConnectLinkOutcome.Opened>().Subject;
        var (state, challenge) = _oauth.Authorizations.Should().ContainSingle().Subject;
        var stored = _authorizations.Rows.Single();
        stored.StateHash.Should().Be(OAuthSecrets.HashState(state));
        stored.BindingHash.Should().Be(OAuthSecrets.Hash(opened.BindingValue));
        challenge.Should().Be(OAuthSecrets.ChallengeFor(PendingAuthorizationBuilder.Verifier));
        opened.ExpiresAt.Should().Be(stored.ExpiresAt);
    }

    [Fact]
    public async Task The_link_opens_once()
    {
        await Handle("start-1");

        var again = await Handle("start-1");

        again.Should().Be(new OpenConnectLinkOutcome.Refused(
            "This connect link was already used. Please start connecting again from Zeeg.", "https://app.zeeg.test/settings/integrations"));
        _oauth.Authorizations.Should().ContainSingle();
    }

    [Fact]
    public async Task A_link_opened_too_late_is_refused_as_expired()
    {
        _clock.Advance(TimeSpan.FromMinutes(5));

        var outcome = await Handle("start-1");

        outcome.Should().BeOfType<OpenConnectLinkOutcome.Refused>().Which.Reason.Should().Contain("has expired");
        _oauth.Authorizations.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_link_is_refused_without_a_way_back()
    {
        var outcome = await Handle("start-unknown");

        outcome.Should().Be(new OpenConnectLinkOutcome.Refused("This connect link is unknown. Please start connecting again from Zeeg.", null));
    }

    private async Task<OpenConnectLinkOutcome> Handle(string startToken) =>
        await new OpenConnectLinkHandler(_authorizations, new FakeTokenProtector(), _oauth, Options.Create(_options), _clock)
            .Handle(new OpenConnectLinkCommand(startToken), CancellationToken.None);
}
