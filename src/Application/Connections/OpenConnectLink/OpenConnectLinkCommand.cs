using Mediator;

namespace ZeegWebex.Application.Connections.OpenConnectLink;

/// <summary>A browser opened the start link the Zeeg main app gave it: bind the connect to this browser and send it on
/// to Webex.</summary>
public sealed record OpenConnectLinkCommand(string? StartToken) : ICommand<OpenConnectLinkOutcome>
{
    public override string ToString() => "OpenConnectLinkCommand";
}
