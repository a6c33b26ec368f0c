using Microsoft.Extensions.Logging;

namespace ZeegWebex.UnitTests.Infrastructure.Security;

/// <summary>Keeps every formatted log line so tests can check what would reach the logs.</summary>
internal sealed class RecordingLogger : ILogger, ILoggerProvider
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get { lock (_entries) return _entries.ToArray(); }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add((logLevel, formatter(state, exception)));
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public ILogger CreateLogger(string categoryName) => this;

    public void Dispose()
    {
    }
}
