using Microsoft.Extensions.Options;
using ZeegWebex.Infrastructure.Webex;

namespace ZeegWebex.UnitTests.Infrastructure.Webex;

public sealed class WebexCallLimiterTests
{
    private static WebexCallLimiter Limiter(int overall, int perUser, int tokenCalls = 48) =>
        new(Options.Create(new WebexOptions { MaxConcurrentCalls = overall, MaxConcurrentCallsPerUser = perUser, MaxConcurrentTokenCalls = tokenCalls }));

    [Fact]
    public async Task One_user_at_its_limit_waits_while_another_user_still_gets_a_slot()
    {
        using var limiter = Limiter(overall: 10, perUser: 2);
        var a1 = await limiter.AcquireAsync("user-a", CancellationToken.None);
        var a2 = await limiter.AcquireAsync("user-a", CancellationToken.None);

        var a3 = limiter.AcquireAsync("user-a", CancellationToken.None).AsTask();
        var b1 = await limiter.AcquireAsync("user-b", CancellationToken.None);

        a3.IsCompleted.Should().BeFalse("user-a already has its two calls in flight");
        limiter.InFlight.Should().Be(3);
        limiter.Waiting.Should().Be(1);

        a1.Dispose();
        (await a3).Dispose();
        a2.Dispose();
        b1.Dispose();
        limiter.InFlight.Should().Be(0);
        limiter.PeakInFlight.Should().Be(3);
    }

    [Fact]
    public async Task The_overall_limit_holds_across_users_and_frees_in_order()
    {
        using var limiter = Limiter(overall: 2, perUser: 2);
        var a = await limiter.AcquireAsync("user-a", CancellationToken.None);
        var b = await limiter.AcquireAsync("user-b", CancellationToken.None);

        var c = limiter.AcquireAsync("user-c", CancellationToken.None).AsTask();
        c.IsCompleted.Should().BeFalse();

        a.Dispose();
        (await c).Dispose();
        b.Dispose();
        limiter.PeakInFlight.Should().Be(2);
    }

    [Fact]
    public async Task Token_calls_have_a_limit_of_their_own_and_never_take_the_slots_meetings_are_made_with()
    {
        using var limiter = Limiter(overall: 1, perUser: 1, tokenCalls: 2);
        var meeting = await limiter.AcquireAsync("user-a", CancellationToken.None);

        var refresh1 = await limiter.AcquireAsync(null, CancellationToken.None);
        var refresh2 = await limiter.AcquireAsync(null, CancellationToken.None);
        var refresh3 = limiter.AcquireAsync(null, CancellationToken.None).AsTask();
        var nextMeeting = limiter.AcquireAsync("user-b", CancellationToken.None).AsTask();

        refresh3.IsCompleted.Should().BeFalse("two token calls are in flight");
        nextMeeting.IsCompleted.Should().BeFalse("the one API slot is taken by a meeting call, not by the refreshes");
        meeting.Dispose();
        (await nextMeeting.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        refresh3.IsCompleted.Should().BeFalse("a freed API slot is no token slot");
        refresh1.Dispose();
        (await refresh3.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        refresh2.Dispose();
        limiter.InFlight.Should().Be(0);
    }

    [Fact]
    public async Task A_cancelled_wait_takes_no_slot()
    {
        using var limiter = Limiter(overall: 1, perUser: 1);
        var held = await limiter.AcquireAsync("user-a", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = limiter.AcquireAsync("user-a", cancel.Token).AsTask();

        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => waiting).Should().ThrowAsync<OperationCanceledException>();
        held.Dispose();
        (await limiter.AcquireAsync("user-a", CancellationToken.None)).Dispose();
        limiter.InFlight.Should().Be(0);
        limiter.Waiting.Should().Be(0);
    }
}
