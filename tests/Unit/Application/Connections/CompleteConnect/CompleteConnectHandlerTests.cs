using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Connections;
using ZeegWebex.Application.Connections.CompleteConnect;
using ZeegWebex.Domain.Connections;
using ZeegWebex.UnitTests.Support;

namespace ZeegWebex.UnitTests.Application.Connections.CompleteConnect;

public sealed class CompleteConnectHandlerTests
{
    private const string State = "state-from-webex";
    private const string Binding = "cookie-of-this-browser";
    private const string ReturnUrl = "https://app.zeeg.test/settings/integrations";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakePendingAuthorizationRepository _authorizations = new();
    private readonly FakeConnectionRepository _connections = new();
    private readonly FakeConnectionAuditLog _audit = new();
    private readonly FakeWebexOAuth _oauth = new();
    private readonly FakeWebexApi _webex = new();
    private readonly ConnectOptions _options = new() { AllowedReturnUrlPrefixes = ["https://app.zeeg.test/"] };

    public CompleteConnectHandlerTests() =>
        _authorizations.AddAsync(new PendingAuthorizationBuilder(Now).OpenedWith(State, Binding).ReturningTo(ReturnUrl).Build(), default);

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task A_callback_from_the_browser_that_opened_the_link_connects_the_account()
    {
        var outcome = await Handle(new CompleteConnectCommand(State, "code-1", null, null, Binding));

        outcome.Should().Be(new ConnectOutcome.Connected("zeeg-user-1", _webex.Account, ReturnUrl));
        _oauth.Exchanged.Should().Equal(("code-1", PendingAuthorizationBuilder.Verifier));
        var stored = _connections.Stored("zeeg-user-1");
        stored.Status.Should().Be(ConnectionStatus.Active);
        new FakeTokenProtector().Unprotect(stored.AccessToken!).Should().Be("issued-access-1");
        stored.AccessTokenExpiresAt.Should().Be(Now + _oauth.AccessTokenLifetime);
        _audit.Entries.Should().ContainSingle().Which.Kind.Should().Be(ConnectionAuditKind.Connected);
    }

    [Fact]
    public async Task The_same_callback_again_is_rejected_as_used_and_webex_is_not_asked_twice()
    {
        await Handle(new CompleteConnectCommand(State, "code-1", null, null, Binding));

        var replay = await Handle(new CompleteConnectCommand(State, "code-1", null, null, Binding));

        replay.Should().BeOfType<ConnectOutcome.Rejected>().Which.Reason.Should().Contain("already used");
        _oauth.Exchanged.Should().ContainSingle();
    }

    [Fact]
    public async Task A_callback_after_the_connect_expired_is_rejected_and_stores_nothing()
    {
        _clock.Advance(TimeSpan.FromMinutes(10));

        var outcome = await Handle(new CompleteConnectCommand(State, "code-1", null, null, Binding));

        outcome.Should().Be(new ConnectOutcome.Rejected("This sign-in link has expired. Please start connecting again from Zeeg.", ReturnUrl));
        _oauth.Exchanged.Should().BeEmpty();
        _connections.Has("zeeg-user-1").Should().BeFalse();
    }

    [Fact]
    public async Task A_callback_from_another_browser_is_rejected_and_leaves_the_connect_to_its_own_browser()
    {
        var other = await Handle(new CompleteConnectCommand(State, "code-1", null, null, "cookie-of-another-browser"));
        var own = await Handle(new CompleteConnectCommand(State, "code-1", null, null, Binding));

        other.Should().BeOfType<ConnectOutcome.Rejected>().Which.Reason.Should().Contain("different browser");
        own.Should().BeOfType<ConnectOutcome.Connected>();
    }

    [Fact]
    public async Task A_callback_without_the_browser_cookie_is_rejected()
    {
        var outcome = await Handle(new CompleteConnectCommand(State, "code-1", null, null, Binding: null));

        outcome.Should().BeOfType<ConnectOutcome.Rejected>();
        _oauth.Exchanged.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_state_is_rejected_without_a_way_back()
    {
        var outcome = await Handle(new CompleteConnectCommand("made-up-state", "code-1", null, null, Binding));

        outcome.Should().Be(new ConnectOutcome.Rejected("This sign-in link is unknown or was already used. Please start connecting again from Zeeg."));
    }

    [Fact]
    public async Task A_denied_consent_is_recorded_stores_no_connection_and_uses_the_state_up()
    {
        var outcome = await Handle(new CompleteConnectCommand(State, null, "access_denied", "The user declined.", Binding));
        var replay = await Handle(new CompleteConnectCommand(State, "code-1", null, null, Binding));

        outcome.Should().Be(new ConnectOutcome.Denied("zeeg-user-1", ReturnUrl));
        _audit.Entries.Should().ContainSingle().Which.Should().Be(
            new ConnectionAuditEntry("zeeg-user-1", ConnectionAuditKind.AccessDenied, "The user declined.", Now));
        replay.Should().BeOfType<ConnectOutcome.Rejected>();
        _connections.Has("zeeg-user-1").Should().BeFalse();
    }

    [Fact]
    public async Task A_code_webex_refuses_is_rejected_and_recorded_as_a_failed_connect()
    {
        _oauth.FailNextExchange(WebexFailures.GrantRejected());

        var outcome = await Handle(new CompleteConnectCommand(State, "code-1", null, null, Binding));

        outcome.Should().BeOfType<ConnectOutcome.Rejected>().Which.ReturnUrl.Should().Be(ReturnUrl);
        _audit.Entries.Should().ContainSingle().Which.Kind.Should().Be(ConnectionAuditKind.ConnectFailed);
        _connections.Has("zeeg-user-1").Should().BeFalse();
    }

    [Fact]
    public async Task Webex_being_unreachable_is_its_own_outcome()
    {
        _oauth.FailNextExchange(WebexFailures.Unavailable());

        var outcome = await Handle(new CompleteConnectCommand(State, "code-1", null, null, Binding));

        outcome.Should().BeOfType<ConnectOutcome.WebexUnavailable>();
        _connections.Has("zeeg-user-1").Should().BeFalse();
    }

    [Fact]
    public async Task A_reconnect_takes_the_new_grant_into_the_users_existing_connection()
    {
        var existing = new ConnectionBuilder(Now).NeedingReauthorization().Build();
        _connections.Seed(existing);

        await Handle(new CompleteConnectCommand(State, "code-1", null, null, Binding));

        var stored = _connections.Stored("zeeg-user-1");
        stored.Id.Should().Be(existing.Id);
        stored.Status.Should().Be(ConnectionStatus.Active);
        new FakeTokenProtector().Unprotect(stored.RefreshToken!).Should().Be("issued-refresh-1");
    }

    [Fact]
    public async Task A_return_url_no_longer_allowed_is_not_followed()
    {
        _options.AllowedReturnUrlPrefixes = ["https://other.zeeg.test/"];

        var outcome = await Handle(new CompleteConnectCommand(State, "code-1", null, null, Binding));

        outcome.Should().BeOfType<ConnectOutcome.Connected>().Which.ReturnUrl.Should().BeNull();
    }

    private async Task<ConnectOutcome> Handle(CompleteConnectCommand command) =>
        await new CompleteConnectHandler(
            _authorizations, _connections, _audit, new FakeTokenProtector(), _oauth, _webex, Options.Create(_options), _clock,
            NullLogger<CompleteConnectHandler>.Instance).Handle(command, CancellationToken.None);
}
