using System.Text.Encodings.Web;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Api.Pages;

/// <summary>The few pages a person sees in their browser during a connect. Every value is HTML-encoded.</summary>
public static class HtmlPage
{
    public static IResult Connected(WebexAccount? account) => Render(
        StatusCodes.Status200OK,
        "Webex is connected",
        account is null
            ? "<p>Your Webex account is connected to Zeeg. You can close this window.</p>"
            : $"<p>Your Webex account <strong>{E(account.DisplayName)}</strong> ({E(account.Email)}) is connected to Zeeg.</p>" +
              "<p>New Zeeg events with a Webex location now get a Webex meeting automatically. You can close this window.</p>");

    private const string AdminApproval =
        "<p><strong>Your Webex administrator may need to approve this app.</strong> Many organisations only allow " +
        "integrations that an administrator has approved in <em>Webex Control Hub</em> (Apps &rarr; Integrations). " +
        "Ask your Webex administrator to allow the Zeeg integration, then start connecting again from Zeeg.</p>";

    public static IResult AccessDenied(string? returnUrl) => Render(
        StatusCodes.Status403Forbidden,
        "Webex did not grant access",
        "<p>Webex did not allow Zeeg to connect to your account.</p>" +
        AdminApproval +
        "<p>If you pressed <em>Deny</em> by mistake, simply start connecting again from Zeeg.</p>" +
        BackToZeeg(returnUrl));

    /// <summary>Public guidance for a connect that never came back: when an organisation restricts integrations,
    /// Webex shows its own "Access denied" page and does not return to us at all.</summary>
    public static IResult ConnectHelp() => Render(
        StatusCodes.Status200OK,
        "Connecting Webex to Zeeg",
        "<p>When you connect Webex, Zeeg sends you to Webex to sign in and allow access, and Webex sends you back here.</p>" +
        "<h2>Webex showed &ldquo;Access denied&rdquo;</h2>" +
        "<p>If Webex shows <em>&ldquo;Access denied - Your administrator denied access to the integration you " +
        "selected&rdquo;</em>, or you never came back to Zeeg, your organisation restricts which apps may use Webex.</p>" +
        AdminApproval +
        "<h2>Something else went wrong</h2>" +
        "<p>Every connect link works once and for a few minutes, in the browser where you opened it. Start connecting " +
        "again from Zeeg and finish in the same browser.</p>");

    public static IResult Problem(int statusCode, string title, string reason, string? returnUrl) => Render(
        statusCode,
        title,
        $"<p>{E(reason)}</p>" + BackToZeeg(returnUrl));

    // Never a Webex authorize URL: a new attempt must be started by the Zeeg main app for the signed-in user.
    private static string BackToZeeg(string? returnUrl) => returnUrl is null
        ? "<p>Go back to Zeeg and start connecting Webex again from there.</p>"
        : $"<p><a class=\"button\" id=\"start-again\" href=\"{E(returnUrl)}\">Back to Zeeg</a></p>";

    private static string E(string value) => HtmlEncoder.Default.Encode(value);

    private static IResult Render(int statusCode, string title, string body) => Results.Content(
        $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{E(title)}} · Zeeg</title>
          <style>
            body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1d2433; }
            h1 { font-size: 1.5rem; }
            h2 { font-size: 1.1rem; }
            .button { display: inline-block; padding: .6rem 1.2rem; background: #1170cf; color: #fff; border-radius: .4rem; text-decoration: none; }
          </style>
        </head>
        <body>
          <h1>{{E(title)}}</h1>
          {{body}}
        </body>
        </html>
        """,
        "text/html; charset=utf-8",
        statusCode: statusCode);
}
