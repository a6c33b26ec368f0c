namespace ZeegWebex.Application.Connections;

public sealed class ConnectOptions
{
    public const string Section = "Connect";

    /// <summary>How long a started connect may take; the OAuth state dies after that.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Where the browser may be sent back after a connect. Anything else is refused, so the connect
    /// flow cannot be used as an open redirect.</summary>
    public List<string> AllowedReturnUrlPrefixes { get; set; } = [];
}
