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
        var authorizeUrl = await BrowserConsent.StartConnectAsync(host, "browser-user-1");
        await using var context = await session.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(authorizeUrl);
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
    public async Task Denying_consent_in_the_browser_shows_the_admin_approval_help_and_try_again_returns_to_consent()
    {
        Skip.IfNot(BrowserSession.ChromiumInstalled, BrowserSession.ChromiumMissingReason);
        var host = session.Host;
        var authorizeUrl = await BrowserConsent.StartConnectAsync(host, "browser-user-2");
        await using var context = await session.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(authorizeUrl);
        var callback = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#deny").ClickAsync(), response => IsCallback(host, response.Url));
        await page.WaitForLoadStateAsync(LoadState.Load);
        await session.SaveScreenshotAsync(page, "connect-denied");

        callback.Status.Should().Be((int)HttpStatusCode.Forbidden);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Webex did not grant access");
        await Expect(page.Locator("body")).ToContainTextAsync("administrator may need to approve this app");
        await Expect(page.Locator("body")).ToContainTextAsync("Webex Control Hub");
        var tryAgain = page.GetByRole(AriaRole.Link, new() { Name = "Try again" });
        await Expect(tryAgain).ToBeVisibleAsync();
        await Expect(tryAgain).ToHaveIdAsync("retry");
        (await host.Client.GetAsync("/api/users/browser-user-2/webex/connection")).StatusCode
            .Should().Be(HttpStatusCode.NotFound, "a denial stores no connection");

        await tryAgain.ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(new Uri(host.Simulator.ApiBaseAddress, "authorize?").AbsoluteUri, StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.Load);
        await session.SaveScreenshotAsync(page, "consent-after-try-again");

        await Expect(page.Locator("h1")).ToContainTextAsync("would like to access your Webex account");
        await Expect(page.Locator("#email")).ToBeEditableAsync();
        await Expect(page.Locator("#accept")).ToBeVisibleAsync();
        await Expect(page.Locator("#deny")).ToBeVisibleAsync();
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
