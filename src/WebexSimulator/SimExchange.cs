namespace ZeegWebex.WebexSimulator;

/// <summary>One Webex API call as the simulator saw it: what the client sent and what it was
/// answered. Bodies are kept as text so a test can check them against the official schemas.</summary>
public sealed record SimExchange(
    string Operation,
    string Method,
    string Path,
    string? RequestContentType,
    string? RequestBody,
    int Status,
    string? ResponseContentType,
    string? ResponseBody,
    DateTimeOffset At);
