using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Api.Security;

namespace ZeegWebex.IntegrationTests.Operations;

public sealed class FailedCredentialLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Failures_past_the_limit_block_the_client_until_its_window_ends()
    {
        var limiter = new FailedCredentialLimiter(_time, permitLimit: 2, window: TimeSpan.FromMinutes(1));

        var first = limiter.RecordFailure("10.0.0.1", out _);
        var second = limiter.RecordFailure("10.0.0.1", out _);
        _time.Advance(TimeSpan.FromSeconds(20));
        var blocked = limiter.IsBlocked("10.0.0.1", out var retryAfter);
        var third = limiter.RecordFailure("10.0.0.1", out var thirdRetryAfter);

        first.Should().BeFalse();
        second.Should().BeFalse();
        blocked.Should().BeTrue();
        retryAfter.Should().Be(TimeSpan.FromSeconds(40));
        third.Should().BeTrue();
        thirdRetryAfter.Should().Be(TimeSpan.FromSeconds(40), "further failures do not extend the window");
        limiter.IsBlocked("10.0.0.2", out _).Should().BeFalse("another client's failures are its own");

        _time.Advance(TimeSpan.FromSeconds(40));

        limiter.IsBlocked("10.0.0.1", out _).Should().BeFalse("the window has ended");
        limiter.RecordFailure("10.0.0.1", out _).Should().BeFalse("a new window starts with a fresh allowance");
    }
}
