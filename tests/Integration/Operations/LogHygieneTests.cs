using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Operations;

/// <summary>What the service logs, at Debug and with HttpClient's own logging on, through a whole connection's life.</summary>
public sealed class LogHygieneTests : IAsyncLifetime
{
    private const string Email = "log.hygiene@example.com";
    private readonly WebexTraffic _traffic = new();
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync() => _host = await ZeegWebexHost.StartAsync(
        new Dictionary<string, string?>
        {
            ["Meetings:RetryBaseDelay"] = "00:00:00.200",
            // Everything a careless operator could switch on: the service must stay clean even then.
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Debug",
        },
        services: s => s.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new WebexTraffic.Recorder(_traffic))));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task No_secret_of_a_full_connection_lifecycle_reaches_the_log()
    {
        (await BrowserConsent.ConnectAsync(_host, "host-logs", Email)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _host.ScheduleAsync("evt-logs-1", "host-logs")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await _host.WaitForMeetingAsync("evt-logs-1", "Created");
        _host.Simulator.State.ExpireAccessTokens(Email).Should().BeGreaterThan(0);
        (await _host.ScheduleAsync("evt-logs-2", "host-logs")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await _host.WaitForMeetingAsync("evt-logs-2", "Created");
        _host.Simulator.State.RefreshGrantsUsedBy(Email).Should().BeGreaterThan(0, "the expired access token was refreshed");
        using (var operatorClient = new HttpClient { BaseAddress = _host.BaseAddress })
        {
            operatorClient.DefaultRequestHeaders.Authorization =
                ApiAuthenticationTests.Basic(ZeegWebexHost.OperatorUser, ZeegWebexHost.OperatorPassword);
            (await operatorClient.GetAsync("/hangfire")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        (await _host.Client.DeleteAsync("/api/users/host-logs/webex/connection")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var secrets = _host.Simulator.State.IssuedSecrets()
            .Concat(_traffic.FormValues("code_verifier"))
            .Concat([ZeegWebexHost.ClientSecret, ZeegWebexHost.ApiKey, ZeegWebexHost.OperatorPassword])
            .ToList();
        secrets.Should().HaveCountGreaterThanOrEqualTo(7, "a code, two token pairs, the PKCE verifier and our own credentials");
        _traffic.FormValues("code_verifier").Should().ContainSingle("the verifier was sent once, with the code");
        var lines = _host.Logs.Lines;
        lines.Should().Contain(l => l.Contains("System.Net.Http.HttpClient"), "HttpClient's own request logging is on in this test");

        var leaks = secrets.SelectMany(secret => lines.Where(l => l.Contains(secret, StringComparison.Ordinal))
            .Select(l => $"{secret[..Math.Min(6, secret.Length)]}...: {l}")).ToList();
        leaks.Should().BeEmpty();
    }

    [Fact]
    public async Task A_failed_webex_call_logs_the_tracking_id_webex_sent()
    {
        (await BrowserConsent.ConnectAsync(_host, "host-logs", Email)).StatusCode.Should().Be(HttpStatusCode.OK);
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Status, 500));

        await _host.ScheduleAsync("evt-logs-500", "host-logs");
        await _host.WaitForMeetingAsync("evt-logs-500", "Created");

        var trackingId = _traffic.TrackingIdsOfFailures().Should().ContainSingle().Subject;
        trackingId.Should().StartWith("ROUTER_");
        _host.Logs.Lines.Should().Contain(l => l.Contains("meetings.create") && l.Contains("500") && l.Contains(trackingId));
    }

    /// <summary>What the service sent to and got from Webex, seen from inside its own HttpClient pipeline.</summary>
    private sealed class WebexTraffic
    {
        private readonly ConcurrentQueue<string> _forms = new();
        private readonly ConcurrentQueue<string> _failureTrackingIds = new();

        public IReadOnlyList<string> FormValues(string name) =>
            _forms.Select(QueryHelpers.ParseQuery).Where(f => f.ContainsKey(name)).Select(f => f[name].ToString()).ToList();

        public IReadOnlyList<string> TrackingIdsOfFailures() => _failureTrackingIds.ToList();

        public sealed class Recorder(WebexTraffic traffic) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Content is FormUrlEncodedContent form)
                    traffic._forms.Enqueue(await form.ReadAsStringAsync(cancellationToken));
                var response = await base.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode && response.Headers.TryGetValues("TrackingID", out var ids))
                    traffic._failureTrackingIds.Enqueue(ids.First());
                return response;
            }
        }
    }
}
