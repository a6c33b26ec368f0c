namespace ZeegWebex.Application.Connections;

/// <summary>Where a browser may be sent back to after a connect. A return URL ends up in a Location header and in
/// page links, so only absolute http(s) ASCII URLs (no spaces or control characters, no user info) under a configured
/// prefix pass, and they are kept in their normalised form, which is what the prefix was checked against.</summary>
public static class ReturnUrls
{
    /// <returns>The normalised URL, or null when it is not allowed.</returns>
    public static string? Normalise(string? url, IReadOnlyCollection<string> allowedPrefixes)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048 || !url.All(c => c is > ' ' and < (char)0x7F)) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return null;
        if (!string.IsNullOrEmpty(uri.UserInfo)) return null;
        var normalised = uri.AbsoluteUri;
        if (!normalised.All(c => c is > ' ' and < (char)0x7F)) return null;
        return allowedPrefixes.Any(prefix => normalised.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) ? normalised : null;
    }
}
