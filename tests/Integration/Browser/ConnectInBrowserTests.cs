using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using ZeegWebex.IntegrationTests.Support;
using static Microsoft.Playwright.Assertions;

namespace ZeegWebex.IntegrationTests.Browser;

/// <summary>The connect flow as a person sees it: headless Chromium on the simulator's consent page and on our
/// callback pages, against the real service over loopback HTTP.</summary>
public sealed class ConnectInBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [SkippableFact]
    public async Task Accepting_consent_in_the_browser_lands_on_the_connected_page_and_the_connection_is_active()
    {
        Skip.IfNot(BrowserSession.ChromiumInstalled, BrowserSession.ChromiumMissingReason);
        var host = session.Host;
        var startUrl = await BrowserConsent.StartConnectAsync(host, "browser-user-1");
        await using var context = await session.NewContextAsync();
        var page = await context.NewPageAsync();

        // Our start link sets the connect cookie in this browser and forwards it to Webex's consent page.
        await page.GotoAsync(startUrl);
        page.Url.Should().StartWith(new Uri(host.Simulator.ApiBaseAddress, "authorize?").AbsoluteUri);
        (await context.CookiesAsync()).Should().Contain(c => c.Name == "zeegwebex_connect" && c.HttpOnly && c.SameSite == SameSiteAttribute.Lax);
        await page.Locator("#email").FillAsync("robin.browser@example.com");
        var callback = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#accept").ClickAsync(), response => IsCallback(host, response.Url));
        await page.WaitForLoadStateAsync(LoadState.Load);
        await session.SaveScreenshotAsync(page, "connect-accepted");

        callback.Status.Should().Be((int)HttpStatusCode.OK);
        IsCallback(host, page.Url).Should().BeTrue($"the browser ends on our callback page, not on {page.Url}");
        await Expect(page).ToHaveTitleAsync("Webex is connected · Zeeg");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Webex is connected");
        await Expect(page.Locator("body")).ToContainTextAsync("robin.browser@example.com");

        var connection = await host.Client.GetAsync("/api/users/browser-user-1/webex/connection");
        connection.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await connection.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("Active");
        body.GetProperty("email").GetString().Should().Be("robin.browser@example.com");
    }

    [SkippableFact]
    public async Task Denying_consent_in_the_browser_shows_the_admin_approval_help_and_points_back_to_zeeg_not_to_webex()
    {
        Skip.IfNot(BrowserSession.ChromiumInstalled, BrowserSession.ChromiumMissingReason);
        var host = session.Host;
        var startUrl = await BrowserConsent.StartConnectAsync(host, "browser-user-2", "https://app.zeeg.test/settings/integrations");
        await using var context = await session.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(startUrl);
        var callback = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#deny").ClickAsync(), response => IsCallback(host, response.Url));
        await page.WaitForLoadStateAsync(LoadState.Load);
        await session.SaveScreenshotAsync(page, "connect-denied");

        callback.Status.Should().Be((int)HttpStatusCode.Forbidden);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Webex did not grant access");
        await Expect(page.Locator("body")).ToContainTextAsync("administrator may need to approve this app");
        await Expect(page.Locator("body")).ToContainTextAsync("Webex Control Hub");
        var backToZeeg = page.GetByRole(AriaRole.Link, new() { Name = "Back to Zeeg" });
        await Expect(backToZeeg).ToBeVisibleAsync();
        await Expect(backToZeeg).ToHaveAttributeAsync("href", "https://app.zeeg.test/settings/integrations");
        (await page.ContentAsync()).Should().NotContain(new Uri(host.Simulator.ApiBaseAddress, "authorize").AbsoluteUri,
            "a new sign-in is only ever started by Zeeg");
        (await host.Client.GetAsync("/api/users/browser-user-2/webex/connection")).StatusCode
            .Should().Be(HttpStatusCode.NotFound, "a denial stores no connection");
    }

    [SkippableFact]
    public async Task A_callback_opened_in_another_browser_is_refused_and_stores_nothing()
    {
        Skip.IfNot(BrowserSession.ChromiumInstalled, BrowserSession.ChromiumMissingReason);
        var host = session.Host;
        var startUrl = await BrowserConsent.StartConnectAsync(host, "browser-user-3");
        await using var starter = await session.NewContextAsync();
        await using var other = await session.NewContextAsync();
        var page = await starter.NewPageAsync();
        await page.GotoAsync(startUrl);
        // Stop at the callback: Playwright routes only the first request of a redirect chain, so take the consent
        // decision's answer without following it and keep the callback address it redirects to.
        var captured = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/v1/authorize/decision", async route =>
        {
            var answer = await route.FetchAsync(new() { MaxRedirects = 0 });
            captured.TrySetResult(answer.Headers["location"]);
            await route.AbortAsync();
        });
        await page.Locator("#accept").ClickAsync();
        var callbackUrl = await captured.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var elsewhere = await other.NewPageAsync();
        var response = await elsewhere.GotoAsync(callbackUrl);
        await session.SaveScreenshotAsync(elsewhere, "callback-in-another-browser");

        response!.Status.Should().Be((int)HttpStatusCode.BadRequest);
        await Expect(elsewhere.Locator("body")).ToContainTextAsync("different browser");
        (await host.Client.GetFromJsonAsync<JsonElement>("/api/users/browser-user-3/webex/connection"))
            .GetProperty("status").GetString().Should().Be("NotConnected");
    }

    private static bool IsCallback(ZeegWebexHost host, string url) =>
        url.StartsWith(new Uri(host.BaseAddress, "webex/oauth/callback").AbsoluteUri, StringComparison.Ordinal);
}

/// <summary>A running ZeegWebex host (with its own Webex simulator) and Debian's headless Chromium driven by
/// Playwright. Nothing starts when Chromium is not installed; the tests then skip.</summary>
public sealed class BrowserSession : IAsyncLifetime
{
    // Playwright's own browser download cannot work on these machines, so the tests drive the distribution's
    // Chromium (apt-get install chromium, as .ci/run does).
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string ChromiumMissingReason =
        $"Chromium is not installed at {ChromiumPath} (apt-get install -y chromium); the browser tests need it.";

    private const string ArtifactsVariable = "ZEEGWEBEX_ARTIFACTS";

    // Fail a missing element or navigation well before the test as a whole gets slow.
    private const float ActionTimeoutMs = 10_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ZeegWebexHost? _host;

    public static bool ChromiumInstalled => File.Exists(ChromiumPath);

    public ZeegWebexHost Host => _host ?? throw new InvalidOperationException(ChromiumMissingReason);

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        if (!ChromiumInstalled) return;

        _host = await ZeegWebexHost.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = 20_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IBrowserContext> NewContextAsync()
    {
        var browser = _browser ?? throw new InvalidOperationException(ChromiumMissingReason);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 720 } });
        context.SetDefaultTimeout(ActionTimeoutMs);
        context.SetDefaultNavigationTimeout(ActionTimeoutMs);
        return context;
    }

    /// <summary>Saves a PNG of the whole page under the test output's artifacts/screenshots, and copies it to
    /// $ZEEGWEBEX_ARTIFACTS/screenshots when that folder is given (so CI can keep it).</summary>
    public async Task SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var file = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = true });

        if (Environment.GetEnvironmentVariable(ArtifactsVariable) is { Length: > 0 } artifacts)
        {
            var copyFolder = Path.Combine(Path.GetFullPath(artifacts), "screenshots");
            Directory.CreateDirectory(copyFolder);
            File.Copy(file, Path.Combine(copyFolder, name + ".png"), overwrite: true);
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
    }
}
