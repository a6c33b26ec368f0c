using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Infrastructure.Webex;

namespace ZeegWebex.UnitTests.Infrastructure.Webex;

/// <summary>What the client puts on the wire and how it reads Webex's answers (webex-contract.md, the Meetings spec).</summary>
public sealed class WebexClientTests
{
    private const string Base = "https://webexapis.test/v1/";
    private readonly ScriptedWebex _webex = new();

    [Fact]
    public async Task A_tag_lookup_names_its_window_and_follows_next_pages_on_the_webex_host_only()
    {
        _webex.Answer(HttpStatusCode.OK, """{"items":[{"id":"m1","start":"2030-01-01T10:00:00Z","end":"2030-01-01T10:30:00Z"}]}""",
            link: $"<{Base}meetings?integrationTag=zeeg%3Ae1&cursor=2>; rel=\"next\"");
        _webex.Answer(HttpStatusCode.OK, """{"items":[{"id":"m2","start":"2030-01-01T10:00:00Z","end":"2030-01-01T10:30:00Z"}]}""",
            link: "<https://elsewhere.test/v1/meetings?cursor=3>; rel=\"next\"");
        var from = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var found = await Client().FindMeetingsByIntegrationTagAsync("token", "zeeg:e1", from, from.AddDays(2), default);

        found.Select(m => m.Id).Should().Equal("m1", "m2");
        _webex.Requests.Should().HaveCount(2, "the link to another host is not followed with our token");
        var first = _webex.Requests[0].Uri.Query;
        first.Should().Contain("integrationTag=zeeg%3Ae1").And.Contain("from=2030-01-01T00%3A00%3A00Z").And.Contain("to=2030-01-03T00%3A00%3A00Z");
        _webex.Requests[1].Uri.Query.Should().Contain("cursor=2");
    }

    [Fact]
    public async Task An_update_is_a_patch_of_what_we_own_in_local_time_without_invitees_or_email()
    {
        _webex.Answer(HttpStatusCode.OK, """{"id":"m1","start":"2030-07-10T08:00:00Z","end":"2030-07-10T08:30:00Z"}""");
        var start = new DateTimeOffset(2030, 7, 10, 8, 0, 0, TimeSpan.Zero);

        await Client().UpdateMeetingAsync("token", "m1",
            new WebexMeetingRequest("Title", start, start.AddMinutes(30), "Europe/Berlin", null, ["a@example.com"], "zeeg:e1"), default);

        var request = _webex.Requests.Single();
        request.Method.Should().Be(HttpMethod.Patch);
        var body = JsonDocument.Parse(request.Body!).RootElement;
        body.GetProperty("start").GetString().Should().Be("2030-07-10T10:00:00+02:00");
        body.GetProperty("end").GetString().Should().Be("2030-07-10T10:30:00+02:00");
        body.GetProperty("timezone").GetString().Should().Be("Europe/Berlin");
        body.GetProperty("sendEmail").GetBoolean().Should().BeFalse();
        body.GetProperty("agenda").GetString().Should().BeEmpty();
        body.TryGetProperty("invitees", out _).Should().BeFalse();
        body.TryGetProperty("password", out _).Should().BeFalse();
    }

    [Fact]
    public async Task A_create_sends_invitees_and_reads_the_phone_and_video_codes()
    {
        _webex.Answer(HttpStatusCode.OK, """
            {"id":"m1","start":"2030-01-10T09:00:00Z","end":"2030-01-10T09:30:00Z","webLink":"https://x","phoneAndVideoSystemPassword":"12345678",
             "telephony":{"accessCode":"2550001111","callInNumbers":[{"label":"US","callInNumber":"+1","tollType":"toll"}]}}
            """);
        var start = new DateTimeOffset(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);

        var created = await Client().CreateMeetingAsync("token",
            new WebexMeetingRequest("Title", start, start.AddMinutes(30), "Europe/Berlin", "Agenda", ["a@example.com"], "zeeg:e1"), default);

        created.Location.PhoneAndVideoSystemPassword.Should().Be("12345678");
        created.Location.TelephonyAccessCode.Should().Be("2550001111");
        var body = JsonDocument.Parse(_webex.Requests.Single().Body!).RootElement;
        body.GetProperty("invitees")[0].GetProperty("email").GetString().Should().Be("a@example.com");
        body.GetProperty("sendEmail").GetBoolean().Should().BeFalse();
        body.GetProperty("start").GetString().Should().Be("2030-01-10T10:00:00+01:00");
    }

    [Fact]
    public async Task A_delete_asks_webex_not_to_email()
    {
        _webex.Answer(HttpStatusCode.NoContent, "");

        await Client().DeleteMeetingAsync("token", "m1", default);

        _webex.Requests.Single().Uri.Query.Should().Be("?sendEmail=false");
    }

    [Fact]
    public async Task A_refusal_carries_webexs_specific_reason()
    {
        _webex.Answer(HttpStatusCode.BadRequest,
            """{"message":"Invalid input","errors":[{"description":"Duration cannot be shorter than 10 minutes."}],"trackingId":"T1"}""");

        var act = () => Client().DeleteMeetingAsync("token", "m1", default);

        var failure = (await act.Should().ThrowAsync<WebexException>()).Which;
        failure.Message.Should().Contain("Duration cannot be shorter than 10 minutes.");
        failure.IsTransient.Should().BeFalse();
        failure.TrackingId.Should().Be("T1");
    }

    [Fact]
    public async Task A_423_is_transient_and_keeps_its_retry_after()
    {
        _webex.Answer((HttpStatusCode)423, """{"message":"Locked"}""", retryAfterSeconds: 7);

        var act = () => Client().DeleteMeetingAsync("token", "m1", default);

        var failure = (await act.Should().ThrowAsync<WebexException>()).Which;
        failure.IsTransient.Should().BeTrue();
        failure.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
    }

    private WebexClient Client() => new(
        new HttpClient(_webex),
        Options.Create(new WebexOptions { BaseUrl = new Uri(Base), ClientId = "c", ClientSecret = "s" }),
        NullLogger<WebexClient>.Instance);

    private sealed class ScriptedWebex : HttpMessageHandler
    {
        private readonly Queue<Func<HttpResponseMessage>> _answers = new();

        public List<(HttpMethod Method, Uri Uri, string? Body)> Requests { get; } = [];

        public void Answer(HttpStatusCode status, string body, string? link = null, int? retryAfterSeconds = null) =>
            _answers.Enqueue(() =>
            {
                var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                if (link is not null) response.Headers.TryAddWithoutValidation("Link", link);
                if (retryAfterSeconds is { } seconds) response.Headers.RetryAfter = new(TimeSpan.FromSeconds(seconds));
                return response;
            });

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method, request.RequestUri!, body));
            return _answers.Count > 0 ? _answers.Dequeue()() : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"items":[]}""") };
        }
    }
}
