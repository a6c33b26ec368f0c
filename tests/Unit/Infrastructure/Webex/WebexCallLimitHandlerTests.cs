using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Infrastructure.Webex;

namespace ZeegWebex.UnitTests.Infrastructure.Webex;

/// <summary>A Webex call made under a meeting attempt's lease ends before the lease does, or is never sent: otherwise a
/// create still waiting for a slot when the lease ends could land after the next attempt found no meeting by its tag.</summary>
public sealed class WebexCallLimitHandlerTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly WebexOptions _options = new()
    {
        MaxConcurrentCalls = 8, MaxConcurrentCallsPerUser = 1, AttemptTimeout = TimeSpan.FromSeconds(10), MaxSlotWait = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task A_call_that_could_not_end_before_the_deadline_is_not_sent()
    {
        var (client, webex, _) = Client();

        using (WebexCallDeadline.Until(Now + TimeSpan.FromSeconds(9)))
        {
            var call = () => client.SendAsync(Request("token-a"));

            (await call.Should().ThrowAsync<WebexException>()).Which.IsTransient.Should().BeTrue();
        }

        webex.Sent.Should().Be(0);
    }

    [Fact]
    public async Task A_call_with_time_to_end_before_the_deadline_is_sent()
    {
        var (client, webex, _) = Client();

        using (WebexCallDeadline.Until(Now + TimeSpan.FromSeconds(11)))
            (await client.SendAsync(Request("token-a"))).StatusCode.Should().Be(HttpStatusCode.OK);

        webex.Sent.Should().Be(1);
    }

    [Fact]
    public async Task Waiting_for_a_slot_stops_when_the_call_could_no_longer_end_before_the_deadline()
    {
        var (client, webex, limiter) = Client();
        using var busy = await limiter.AcquireAsync(Partition("token-a"), CancellationToken.None);

        // 10.3 s to the deadline: the call must start within 0.3 s, and the user's only slot stays taken.
        using (WebexCallDeadline.Until(Now + TimeSpan.FromSeconds(10.3)))
        {
            var call = () => client.SendAsync(Request("token-a"));

            (await call.Should().ThrowAsync<WebexException>()).Which.Message.Should().Contain("Meetings:AttemptLease");
        }

        webex.Sent.Should().Be(0);
        limiter.Waiting.Should().Be(0, "the waiter left the queue");
    }

    [Fact]
    public async Task Without_a_deadline_the_wait_for_a_slot_is_bounded_by_max_slot_wait()
    {
        _options.MaxSlotWait = TimeSpan.FromMilliseconds(200);
        var (client, webex, limiter) = Client();
        using var busy = await limiter.AcquireAsync(Partition("token-a"), CancellationToken.None);

        var call = () => client.SendAsync(Request("token-a"));

        (await call.Should().ThrowAsync<WebexException>()).Which.Message.Should().Contain("Webex:MaxSlotWait");
        webex.Sent.Should().Be(0);
    }

    [Fact]
    public void Deadlines_nest_to_the_earlier_one_and_end_with_their_scope()
    {
        using (WebexCallDeadline.Until(Now.AddMinutes(1)))
        {
            using (WebexCallDeadline.Until(Now.AddMinutes(5))) WebexCallDeadline.Current.Should().Be(Now.AddMinutes(1));
            using (WebexCallDeadline.Until(Now.AddSeconds(5))) WebexCallDeadline.Current.Should().Be(Now.AddSeconds(5));
            WebexCallDeadline.Current.Should().Be(Now.AddMinutes(1));
        }

        WebexCallDeadline.Current.Should().BeNull();
    }

    private (HttpClient Client, CountingHandler Webex, WebexCallLimiter Limiter) Client()
    {
        var webex = new CountingHandler();
        var limiter = new WebexCallLimiter(Options.Create(_options));
        var handler = new WebexCallLimitHandler(limiter, Options.Create(_options), _clock) { InnerHandler = webex };
        return (new HttpClient(handler) { BaseAddress = new Uri("https://webex.test/v1/") }, webex, limiter);
    }

    private static HttpRequestMessage Request(string token) => new(HttpMethod.Post, "meetings")
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    private static string Partition(string token) => WebexCallLimitHandler.PartitionOf(token);

    private sealed class CountingHandler : HttpMessageHandler
    {
        public int Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
