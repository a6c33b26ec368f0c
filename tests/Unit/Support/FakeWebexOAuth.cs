using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.UnitTests.Support;

/// <summary>Webex's token endpoint: hands out numbered tokens with the configured lifetimes, or the failure queued next.</summary>
internal sealed class FakeWebexOAuth : IWebexOAuth
{
    private readonly Queue<Exception> _refreshFailures = new();
    private readonly Queue<Exception> _exchangeFailures = new();
    private readonly List<string> _refreshedWith = [];
    private int _issued;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The refresh tokens spent, in order.</summary>
    public IReadOnlyList<string> RefreshedWith { get { lock (_refreshedWith) return _refreshedWith.ToArray(); } }

    public List<(string Code, string Verifier)> Exchanged { get; } = [];

    public List<(string State, string CodeChallenge)> Authorizations { get; } = [];

    public void FailNextRefresh(Exception failure) => _refreshFailures.Enqueue(failure);

    public void FailNextExchange(Exception failure) => _exchangeFailures.Enqueue(failure);

    public Uri BuildAuthorizeUrl(string state, string codeChallenge)
    {
        Authorizations.Add((state, codeChallenge));
        return new Uri($"https://webex.test/authorize?state={Uri.EscapeDataString(state)}&code_challenge={codeChallenge}");
    }

    public Task<WebexTokens> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken ct)
    {
        Exchanged.Add((code, codeVerifier));
        if (_exchangeFailures.TryDequeue(out var failure)) throw failure;
        return Task.FromResult(Issue());
    }

    /// <summary>Held until released: the first refresh answers only then (a slow Webex round trip).</summary>
    public TaskCompletionSource? HoldFirstRefresh { get; set; }

    public async Task<WebexTokens> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        int calls;
        lock (_refreshedWith)
        {
            _refreshedWith.Add(refreshToken);
            calls = _refreshedWith.Count;
            if (_refreshFailures.TryDequeue(out var failure)) throw failure;
        }

        if (calls == 1 && HoldFirstRefresh is { } hold) await hold.Task.WaitAsync(ct);
        return Issue();
    }

    private WebexTokens Issue()
    {
        var n = Interlocked.Increment(ref _issued);
        return new WebexTokens($"issued-access-{n}", AccessTokenLifetime, $"issued-refresh-{n}", RefreshTokenLifetime);
    }
}
