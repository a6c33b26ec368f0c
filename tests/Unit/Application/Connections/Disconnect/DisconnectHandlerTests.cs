using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.Disconnect;
using ZeegWebex.Domain.Connections;
using ZeegWebex.UnitTests.Support;

namespace ZeegWebex.UnitTests.Application.Connections.Disconnect;

public sealed class DisconnectHandlerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeConnectionRepository _connections = new();
    private readonly FakeConnectionAuditLog _audit = new();

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task Disconnecting_deletes_the_tokens_and_records_it()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());

        await Handle("zeeg-user-1");

        var stored = _connections.Stored("zeeg-user-1");
        stored.Status.Should().Be(ConnectionStatus.Disconnected);
        stored.AccessToken.Should().BeNull();
        stored.RefreshToken.Should().BeNull();
        _audit.Entries.Should().Equal(new ConnectionAuditEntry("zeeg-user-1", ConnectionAuditKind.Disconnected, null, Now));
    }

    [Fact]
    public async Task A_user_without_a_connection_is_not_found_and_nothing_is_recorded()
    {
        var act = () => Handle("zeeg-user-1");

        await act.Should().ThrowAsync<NotFoundException>();
        _audit.Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task A_refresh_storing_tokens_in_between_does_not_keep_them_alive()
    {
        var connection = new ConnectionBuilder(Now).Build();
        _connections.Seed(connection);
        _connections.BeforeNextUpdate = () =>
        {
            var refreshed = _connections.Stored("zeeg-user-1");
            var protector = new FakeTokenProtector();
            refreshed.Refresh(new TokenGrant(protector.Protect("a2"), Now.AddDays(14), protector.Protect("r2"), Now.AddDays(90)), Now);
            _connections.Seed(refreshed);
        };

        await Handle("zeeg-user-1");

        _connections.Stored("zeeg-user-1").Status.Should().Be(ConnectionStatus.Disconnected);
        _connections.Stored("zeeg-user-1").AccessToken.Should().BeNull();
        _audit.Entries.Should().ContainSingle();
    }

    private async Task Handle(string zeegUserId) =>
        await new DisconnectHandler(_connections, _audit, _clock).Handle(new DisconnectCommand(zeegUserId), CancellationToken.None);
}
