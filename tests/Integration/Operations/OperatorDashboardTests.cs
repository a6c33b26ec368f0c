using System.Net;
using ZeegWebex.Infrastructure.Jobs;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Operations;

public sealed class OperatorDashboardTests(ApiAuthenticationHost fixture) : IClassFixture<ApiAuthenticationHost>
{
    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/recurring")]
    [InlineData("/hangfire/stats")]
    public async Task Dashboard_without_a_credential_is_401_with_a_basic_challenge(string path)
    {
        using var client = fixture.Anonymous();

        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle().Which.ToString()
            .Should().StartWith("Basic realm=\"ZeegWebex operators\"");
    }

    [Theory]
    [InlineData(ZeegWebexHost.OperatorUser, "not-the-password")]
    [InlineData("nobody", ZeegWebexHost.OperatorPassword)]
    [InlineData(ZeegWebexHost.ViewerUser, ZeegWebexHost.OperatorPassword)]
    public async Task Dashboard_with_a_wrong_credential_is_401(string user, string password)
    {
        using var client = fixture.Anonymous();
        client.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic(user, password);

        var response = await client.GetAsync("/hangfire");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_api_key_does_not_open_the_dashboard()
    {
        var response = await fixture.Host.Client.GetAsync("/hangfire");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_admin_sees_the_dashboard_and_may_trigger_jobs()
    {
        using var client = fixture.Anonymous();
        client.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic(ZeegWebexHost.OperatorUser, ZeegWebexHost.OperatorPassword);

        var home = await client.GetAsync("/hangfire");
        var recurring = await client.GetStringAsync("/hangfire/recurring");
        // What the dashboard's own script does: send the page's antiforgery token (its cookie travels along).
        var trigger = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", MeetingSweepJob.RecurringJobId)]),
        };
        trigger.Headers.Add(CsrfMeta(recurring, "csrf-header"), CsrfMeta(recurring, "csrf-token"));
        var triggered = await client.SendAsync(trigger);

        triggered.IsSuccessStatusCode.Should().BeTrue(
            $"an admin's command is carried out, not {triggered.StatusCode} {await triggered.Content.ReadAsStringAsync()}; logged: " +
            string.Join(Environment.NewLine, fixture.Host.Logs.Lines.Where(l => !l.StartsWith("Debug") && !l.StartsWith("Information"))));
        home.StatusCode.Should().Be(HttpStatusCode.OK);
        (await home.Content.ReadAsStringAsync()).Should().Contain("ZeegWebex jobs");
        recurring.Should().Contain(MeetingSweepJob.RecurringJobId).And.Contain("recurring/trigger").And.Contain("Trigger now");
    }

    [Fact]
    public async Task A_command_posted_without_the_pages_antiforgery_token_is_refused_even_for_an_admin()
    {
        // As a form on another site would post it, with the browser adding the operator's Basic credential.
        using var client = fixture.Anonymous();
        client.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic(ZeegWebexHost.OperatorUser, ZeegWebexHost.OperatorPassword);

        var trigger = await client.PostAsync("/hangfire/recurring/trigger",
            new FormUrlEncodedContent([new("jobs[]", MeetingSweepJob.RecurringJobId)]));

        trigger.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_viewer_sees_the_dashboard_read_only_and_cannot_trigger_jobs()
    {
        using var client = fixture.Anonymous();
        client.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic(ZeegWebexHost.ViewerUser, ZeegWebexHost.ViewerPassword);

        var recurring = await client.GetAsync("/hangfire/recurring");
        var trigger = await client.PostAsync("/hangfire/recurring/trigger",
            new FormUrlEncodedContent([new("jobs[]", MeetingSweepJob.RecurringJobId)]));

        recurring.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await recurring.Content.ReadAsStringAsync();
        page.Should().Contain(MeetingSweepJob.RecurringJobId, "a viewer sees the jobs");
        page.Should().NotContain("recurring/trigger").And.NotContain("recurring/remove");
        trigger.IsSuccessStatusCode.Should().BeFalse("a viewer's command is refused, not carried out");
    }

    private static string CsrfMeta(string page, string name) =>
        System.Text.RegularExpressions.Regex.Match(page, $"<meta name=\"{name}\" content=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The dashboard page has no {name} meta tag.");
}
