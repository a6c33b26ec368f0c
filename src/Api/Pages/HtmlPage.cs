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

    public static IResult AccessDenied(Uri retryUrl) => Render(
        StatusCodes.Status403Forbidden,
        "Webex did not grant access",
        "<p>Webex did not allow Zeeg to connect to your account.</p>" +
        "<p><strong>Your Webex administrator may need to approve this app.</strong> Many organisations only allow " +
        "integrations that an administrator has approved in <em>Webex Control Hub</em> (Apps &rarr; Integrations). " +
        "Ask your Webex administrator to allow the Zeeg integration, then try again.</p>" +
        "<p>If you pressed <em>Deny</em> by mistake, simply try again.</p>" +
        $"<p><a class=\"button\" id=\"retry\" href=\"{E(retryUrl.AbsoluteUri)}\">Try again</a></p>");

    public static IResult Problem(int statusCode, string title, string reason, Uri? retryUrl) => Render(
        statusCode,
        title,
        $"<p>{E(reason)}</p>" +
        (retryUrl is null ? "" : $"<p><a class=\"button\" id=\"retry\" href=\"{E(retryUrl.AbsoluteUri)}\">Try again</a></p>"));

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
