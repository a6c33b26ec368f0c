using ZeegWebex.Infrastructure.Notifications;

namespace ZeegWebex.UnitTests.Infrastructure.Notifications;

public sealed class OutcomeRetryDelayTests
{
    private static readonly OutcomeWebhookOptions Settings = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(5),
        RetryMaxDelay = TimeSpan.FromHours(1),
    };

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(4, 40)]
    public void Each_retry_waits_twice_as_long_give_or_take_a_fifth(int attempts, int seconds)
    {
        for (var i = 0; i < 50; i++)
            OutcomeNoticeDispatcher.RetryDelay(attempts, Settings).TotalSeconds.Should().BeInRange(seconds * 0.8, seconds * 1.2);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(60)]
    [InlineData(int.MaxValue)]
    public void Retries_never_wait_longer_than_the_cap(int attempts)
    {
        var delay = OutcomeNoticeDispatcher.RetryDelay(attempts, Settings);

        delay.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMinutes(48)).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(72));
    }
}
