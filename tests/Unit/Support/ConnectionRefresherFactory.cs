using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.RefreshDueConnections;
using ZeegWebex.Application.Connections.Tokens;

namespace ZeegWebex.UnitTests.Support;

/// <summary>The real <see cref="ConnectionRefresher"/> over the fakes, as the meeting job and the sweep use it.</summary>
internal static class ConnectionRefresherFactory
{
    public static ConnectionRefresher Create(
        FakeConnectionRepository connections, FakeMeetingRepository meetings, FakeWebexOAuth oauth, FakeZeegNotifier notifier,
        FakeConnectionAuditLog audit, TimeProvider time, TokenRefreshOptions? options = null) =>
        new(connections, audit, meetings, new FakeTokenProtector(), oauth, notifier, new FakeUnitOfWork(),
            new RefreshLeases(connections, Options.Create(options ?? new TokenRefreshOptions()), time),
            new ZeegWebexMetrics(new TestMeterFactory()), time, NullLogger<ConnectionRefresher>.Instance);
}
