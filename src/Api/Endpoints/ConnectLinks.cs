using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using ZeegWebex.Infrastructure.Webex;

namespace ZeegWebex.Api.Endpoints;

/// <summary>Absolute links to our public connect pages. They are built on the registered OAuth redirect URI's origin,
/// not on the request's host: the Zeeg main app may call the API on an internal name, and the start link has to set
/// its cookie on the very host the callback lands on.</summary>
public sealed class ConnectLinks(IOptions<WebexOptions> webex, IServer server)
{
    public const string StartPath = "/webex/connect/start";
    public const string HelpPath = "/webex/help/connect";

    public Uri Start(string startToken) => new(Origin, $"{StartPath}?id={Uri.EscapeDataString(startToken)}");

    public Uri Help => new(Origin, HelpPath);

    /// <summary>Whether browsers reach us over https (a TLS-terminating proxy in front makes requests look like http).</summary>
    public bool PublicIsHttps => webex.Value.RedirectUri!.Scheme == Uri.UriSchemeHttps;

    private Uri Origin => new(OAuthRedirect.Resolve(webex.Value.RedirectUri!, server).GetLeftPart(UriPartial.Authority));
}
