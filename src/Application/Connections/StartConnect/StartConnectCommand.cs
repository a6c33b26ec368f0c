using Mediator;

namespace ZeegWebex.Application.Connections.StartConnect;

/// <summary>The Zeeg main app wants to connect a user's Webex account: give it the start link to send the browser to.</summary>
public sealed record StartConnectCommand(string ZeegUserId, string? ReturnUrl) : ICommand<StartConnectResult>;
