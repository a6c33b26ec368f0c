namespace ZeegWebex.WebexSimulator;

/// <summary>The simulator's clock and its journal of exchanges. The clock is the injected
/// <see cref="TimeProvider"/> plus a shift that tests move, in-process or over /_sim/clock, so a
/// simulator started in another process can be moved as well.</summary>
public sealed partial class SimulatorState
{
    private const int JournalLimit = 10_000;

    private readonly List<SimExchange> _exchanges = [];
    private long _clockShiftTicks;

    /// <summary>What the simulator believes the time is.</summary>
    public DateTimeOffset CurrentTime => Now;

    /// <summary>Every Webex API call (OAuth excluded) with the bodies sent and answered, oldest first.</summary>
    public IReadOnlyList<SimExchange> Exchanges
    {
        get
        {
            lock (_gate)
            {
                return _exchanges.ToList();
            }
        }
    }

    private TimeSpan ClockShift => TimeSpan.FromTicks(Interlocked.Read(ref _clockShiftTicks));

    /// <summary>Moves the simulator's clock forward (or back, with a negative span).</summary>
    public DateTimeOffset AdvanceClock(TimeSpan by)
    {
        Interlocked.Add(ref _clockShiftTicks, by.Ticks);
        return Now;
    }

    /// <summary>Sets the simulator's clock to <paramref name="now"/>; it keeps running from there.</summary>
    public DateTimeOffset SetClock(DateTimeOffset now)
    {
        Interlocked.Exchange(ref _clockShiftTicks, (now - time.GetUtcNow()).Ticks);
        return Now;
    }

    internal void Record(SimExchange exchange)
    {
        lock (_gate)
        {
            // Bounded so a long-running simulator does not grow without limit.
            if (_exchanges.Count >= JournalLimit)
            {
                _exchanges.RemoveAt(0);
            }
            _exchanges.Add(exchange);
        }
    }

    private void ResetClockAndJournal()
    {
        _exchanges.Clear();
        Interlocked.Exchange(ref _clockShiftTicks, 0);
    }
}
