using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>The OAuth redirect URI Webex sends the browser back to: <c>Webex:RedirectUri</c> as configured. A URI that
/// names port 0 belongs to a service told to listen on any free port (the tests bind <c>http://127.0.0.1:0</c>), and
/// follows the port the server bound. Options are read while the host starts, before the server has bound anything, so
/// the port is looked up each time the URI is used (a connect, which only arrives through the bound server), never
/// earlier. A configured port, or none (the scheme's default), is used exactly as configured.</summary>
public static class OAuthRedirect
{
    /// <exception cref="InvalidOperationException">The URI names port 0 and no server has bound a port for its scheme.</exception>
    public static Uri Resolve(Uri configured, IServer? server)
    {
        if (configured.Port != 0) return configured;
        var bound = server?.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(uri => uri is not null && uri.Scheme == configured.Scheme && uri.Port != 0)
            ?? throw new InvalidOperationException("Webex:RedirectUri names port 0 (the port the server binds), and the server has not bound one yet.");
        return new UriBuilder(configured) { Port = bound.Port }.Uri;
    }
}
