using Mediator;

namespace ZeegWebex.Application.Connections.CompleteConnect;

/// <summary>The browser came back from Webex's consent page to our OAuth callback, with the connect cookie
/// (<see cref="Binding"/>) set when it opened the start link.</summary>
public sealed record CompleteConnectCommand(string? State, string? Code, string? Error, string? ErrorDescription, string? Binding = null)
    : ICommand<ConnectOutcome>
{
    // Records print every property; the state, code and binding must never reach a log line this way.
    public override string ToString() => $"CompleteConnectCommand(error {Error ?? "none"})";
}
