using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ZeegWebex.Api.Security;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Operations;

/// <summary>Guessing credentials costs the guesser, not the service: failures are limited per client address, the
/// slow password check is capped, and clients with valid credentials are not held back. The latency comparison runs
/// alone (<see cref="RunsAlone"/>): with the rest of the suite beside it, other tests' load would be measured too.</summary>
[Collection(RunsAlone.Name)]
public sealed class CredentialAbuseTests
{
    /// <summary>Concurrent guessers. Without the cap on password checks this many took the API's median from ~0.5 ms to
    /// ~25 ms on the shared two-core machine; with it, ~0.7 ms.</summary>
    private const int Flooders = 24;

    [Fact]
    public async Task Wrong_api_keys_past_the_limit_are_429_with_retry_after_and_a_valid_key_still_passes()
    {
        await using var host = await ZeegWebexHost.StartAsync(Limits(apiFailures: 5, operatorFailures: 100_000));
        using var attacker = Client(host);
        attacker.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, "not-the-key-0123456789");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            var response = await attacker.GetAsync("/api/users/u1/webex/connection");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused ??= response;
        }
        clock.Stop();

        statuses.Take(5).Should().OnlyContain(s => s == HttpStatusCode.Unauthorized, "the first failures inside the limit are plain 401s");
        statuses.Skip(5).Should().OnlyContain(s => s == HttpStatusCode.TooManyRequests);
        refused!.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        retryAfter.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(1));
        (await host.Client.GetAsync("/api/users/u1/webex/connection")).StatusCode
            .Should().Be(HttpStatusCode.NotFound, "the valid key from the same address is answered, not throttled");
    }

    [Fact]
    public async Task Failed_operator_sign_ins_past_the_limit_are_429_without_hashing_and_valid_operators_still_get_in()
    {
        await using var host = await ZeegWebexHost.StartAsync(Limits(apiFailures: 100_000, operatorFailures: 3));
        using var signedIn = Client(host);
        signedIn.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic(ZeegWebexHost.OperatorUser, ZeegWebexHost.OperatorPassword);
        (await signedIn.GetAsync("/hangfire")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var attacker = Client(host);
        attacker.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic(ZeegWebexHost.OperatorUser, "guess");

        var failures = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++) failures.Add(await attacker.GetAsync("/hangfire"));
        var clock = Stopwatch.StartNew();
        var refused = await attacker.GetAsync("/hangfire");
        var refusedIn = clock.Elapsed;
        using var unknownName = Client(host);
        unknownName.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic("nobody", "guess");
        var unknown = await unknownName.GetAsync("/hangfire");

        failures.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Unauthorized);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        refused.Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(1));
        refusedIn.Should().BeLessThan(TimeSpan.FromMilliseconds(100), "a refused address costs no password check");
        unknown.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the limit is the address's, whatever name it tries");
        (await signedIn.GetAsync("/hangfire")).StatusCode.Should().Be(HttpStatusCode.OK, "an operator already signed in is not held back");

        using var elsewhere = Client(host, from: IPAddress.Parse("127.0.0.2"));
        elsewhere.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic(ZeegWebexHost.ViewerUser, ZeegWebexHost.ViewerPassword);
        (await elsewhere.GetAsync("/hangfire")).StatusCode.Should().Be(HttpStatusCode.OK, "another address signs in despite this one's failures");
    }

    [Fact]
    public async Task A_flood_of_bad_operator_sign_ins_leaves_the_api_latency_within_twice_its_idle_latency()
    {
        // The per-address limit is lifted, so only the cap on concurrent password checks stands between the flood
        // and the CPU: the slow hashing must not be what the API waits behind.
        await using var host = await ZeegWebexHost.StartAsync(Limits(apiFailures: 100_000, operatorFailures: 100_000));
        for (var i = 0; i < 50; i++) await host.Client.GetAsync("/api/users/nobody/webex/connection");
        var idle = await MedianLatencyAsync(host, requests: 200);

        using var stop = new CancellationTokenSource();
        var flooders = Enumerable.Range(0, Flooders).Select(_ => FloodAsync(host, stop.Token)).ToArray();
        TimeSpan loaded;
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            loaded = await MedianLatencyAsync(host, requests: 200);
        }
        finally
        {
            await stop.CancelAsync();
        }
        var answers = (await Task.WhenAll(flooders)).SelectMany(a => a).ToList();

        loaded.Should().BeLessThanOrEqualTo(idle * 2 + TimeSpan.FromMilliseconds(5),
            $"the API answered in a median {idle.TotalMilliseconds:0.00} ms idle and {loaded.TotalMilliseconds:0.00} ms under the flood");
        answers.Should().Contain(HttpStatusCode.ServiceUnavailable, "the flood ran into the password-check cap");
        answers.Should().Contain(HttpStatusCode.Unauthorized, "the flood's guesses were checked, one at a time");
        answers.Should().NotContain(s => (int)s >= 500 && s != HttpStatusCode.ServiceUnavailable);
    }

    private static async Task<TimeSpan> MedianLatencyAsync(ZeegWebexHost host, int requests)
    {
        var samples = new List<TimeSpan>(requests);
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await host.Client.GetAsync("/api/users/nobody/webex/connection");
            samples.Add(Stopwatch.GetElapsedTime(started));
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }

    private static async Task<List<HttpStatusCode>> FloodAsync(ZeegWebexHost host, CancellationToken stop)
    {
        using var client = Client(host);
        client.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic(ZeegWebexHost.OperatorUser, "wrong-" + Guid.NewGuid());
        var answers = new List<HttpStatusCode>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("/hangfire", stop);
                answers.Add(response.StatusCode);
                // A real attacker's retries are not free either; a breath keeps the flood about guessing, not about
                // out-requesting the measured client on a shared two-core machine.
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable) await Task.Delay(1, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
        return answers;
    }

    private static Dictionary<string, string?> Limits(int apiFailures, int operatorFailures) => new()
    {
        ["CredentialLimits:FailedApiCredentials"] = apiFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CredentialLimits:FailedOperatorLogins"] = operatorFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A client of its own; <paramref name="from"/> binds it to another loopback address, i.e. another client address.</summary>
    private static HttpClient Client(ZeegWebexHost host, IPAddress? from = null)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return new HttpClient(handler) { BaseAddress = host.BaseAddress };
    }
}
