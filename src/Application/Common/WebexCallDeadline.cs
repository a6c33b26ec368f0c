namespace ZeegWebex.Application.Common;

/// <summary>
/// When the Webex calls made in this async flow must be over. A meeting attempt holds its row for a lease; once the
/// lease ends, another run (the sweeper, another process) may look the meeting up by its tag and, finding nothing,
/// create it. A create of ours still waiting for a call slot or still in flight then would make a second meeting. So a
/// call started under a lease must end before the lease does: the Webex adapter does not start one that could not
/// (it fails transiently instead, and the attempt is retried) and bounds its wait for a slot by it.
/// </summary>
public static class WebexCallDeadline
{
    private static readonly AsyncLocal<DateTimeOffset?> Ambient = new();

    /// <summary>The deadline of the calls made here, or null when none applies.</summary>
    public static DateTimeOffset? Current => Ambient.Value;

    /// <summary>Calls made until the answer is disposed must be over by <paramref name="deadline"/>.</summary>
    public static IDisposable Until(DateTimeOffset deadline)
    {
        var outer = Ambient.Value;
        Ambient.Value = outer is { } earlier && earlier < deadline ? earlier : deadline;
        return new Scope(outer);
    }

    private sealed class Scope(DateTimeOffset? outer) : IDisposable
    {
        public void Dispose() => Ambient.Value = outer;
    }
}
