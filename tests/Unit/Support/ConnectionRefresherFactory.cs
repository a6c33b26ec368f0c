using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.RefreshDueConnections;
using ZeegWebex.Application.Connections.Tokens;
using ZeegWebex.Application.Meetings.HostConnectionLost;

namespace ZeegWebex.UnitTests.Support;

/// <summary>The real <see cref="ConnectionRefresher"/> over the fakes, as the meeting job and the sweep use it, with the
/// meetings area's real <see cref="HostConnectionLostHandler"/> behind its notification.</summary>
internal static class ConnectionRefresherFactory
{
    public static ConnectionRefresher Create(
        FakeConnectionRepository connections, FakeMeetingRepository meetings, FakeWebexOAuth oauth, FakeZeegNotifier notifier,
        FakeConnectionAuditLog audit, TimeProvider time, TokenRefreshOptions? options = null) =>
        new(connections, audit, new FakeTokenProtector(), oauth, notifier, new FakeUnitOfWork(),
            new FakePublisher(new HostConnectionLostHandler(meetings, new FakeUnitOfWork(), notifier)),
            new RefreshLeases(connections, Options.Create(options ?? new TokenRefreshOptions()), time),
            new ZeegWebexMetrics(new TestMeterFactory()), time, NullLogger<ConnectionRefresher>.Instance);
}
