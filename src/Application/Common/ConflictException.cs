namespace ZeegWebex.Application.Common;

/// <summary>The request is well-formed but conflicts with the current state (e.g. the host has no Webex connection).</summary>
public sealed class ConflictException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}
