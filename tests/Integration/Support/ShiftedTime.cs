namespace ZeegWebex.IntegrationTests.Support;

/// <summary>Real time plus an offset the test can move forward: the service ages while its HTTP stack keeps working.</summary>
public sealed class ShiftedTime : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
