using System.Diagnostics;
using System.Globalization;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Connections.RefreshDueConnections;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Infrastructure.Persistence;
using ZeegWebex.Infrastructure.Webex;
using ZeegWebex.WebexSimulator;
using WebexScopes = ZeegWebex.Domain.Connections.WebexScopes;

namespace ZeegWebex.Bench;

/// <summary>(b) One run of the refresh sweep over a small and a large table holding the same number of due
/// connections: the sweep's cost should follow the due rows, not the table.</summary>
internal static class RefreshSweep
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Distinct sealed token pairs the non-due rows take turns with.</summary>
    private const int IdleTokenPairs = 8;

    /// <param name="latencyDue">Due connections of the second part, all refreshed in one sweep with
    /// <paramref name="latencyMs"/> added to every Webex token call, with the service's default limits.</param>
    public static async Task RunAsync(
        Report report, int smallTable, int largeTable, int due, int repetitions, int latencyDue, int latencyMs)
    {
        Console.WriteLine($"(b) refresh sweep: {due} due among {smallTable:N0} and among {largeTable:N0} connections, 1 + {repetitions} run(s) each, alternating");
        await using (var simulator = await BenchHost.StartSimulatorAsync())
        {
            // Unmeasured: JIT, SQLite's statement paths and the Webex client, so the first size measured is not the one
            // that pays for them.
            await using (var warmUp = await SeededAsync(simulator, 50, 10, "warm-up"))
                await SweepAsync(warmUp.Host, 10);

            await using var small = await SeededAsync(simulator, smallTable, due, "small");
            await using var large = await SeededAsync(simulator, largeTable, due, "large");

            // Alternating, so a busy moment on a shared machine falls on both sizes rather than on one.
            for (var run = 0; run <= repetitions; run++)
            {
                foreach (var table in new[] { small, large })
                {
                    if (run > 0) await MakeDueAgainAsync(table.Host);
                    var (ms, problem) = await SweepAsync(table.Host, due);
                    table.Runs.Add(ms);
                    table.Problem ??= problem is null ? null : $"run {run + 1}: {problem}";
                    Console.WriteLine($"  run {run + 1}, {table.Runs.Count} of {(table == small ? smallTable : largeTable):N0}: {Percentiles.Ms(ms)}{(problem is null ? "" : $" PROBLEM: {problem}")}");
                }
            }

            // The sweep's only part that could grow with the table: finding the due rows. Timed alone, many times, and
            // its plan read from SQLite on the large table.
            await MakeDueAgainAsync(small.Host);
            await MakeDueAgainAsync(large.Host);
            var smallQuery = await DueQueryAsync(small.Host, due, 50);
            var largeQuery = await DueQueryAsync(large.Host, due, 50);
            var (plan, indexBound) = await DueQueryPlanAsync(large.Host);

            var ratio = small.Median == 0 ? double.NaN : large.Median / small.Median;
            report.Add("b", $"sweep, {due} due of {smallTable:N0} (median of {repetitions} after the first)", small.Describe());
            report.Add("b", $"sweep, {due} due of {largeTable:N0} (median of {repetitions} after the first)", large.Describe());
            report.Add("b", $"due-rows query alone, table of {smallTable:N0}", smallQuery.ToString());
            report.Add("b", $"due-rows query alone, table of {largeTable:N0}", largeQuery.ToString());
            report.Add("b", $"due-rows query plan, table of {largeTable:N0} (EXPLAIN QUERY PLAN)", plan,
                "both halves SEARCH an expiry index, no table SCAN", indexBound);
            report.Add("b", $"seeding {largeTable:N0} rows (one transaction, prepared insert)",
                $"{Percentiles.Ms(large.SeedMs)} = {Report.Number(largeTable / (large.SeedMs / 1000), "N0")} rows/s; "
                + $"non-due rows reuse {IdleTokenPairs} sealed token pairs, sealed once");
            report.Add("b", $"ratio {largeTable:N0} / {smallTable:N0}", Report.Number(ratio, "0.00") + "x", "<= 2x", ratio <= 2);
        }

        await RefreshAtLatencyAsync(report, latencyDue, latencyMs);
    }

    /// <summary>Many connections due at once against a Webex that takes <paramref name="latencyMs"/> per token call:
    /// what the sweep's throughput is once Webex, not the table, is the bound. Run with the service's defaults.</summary>
    private static async Task RefreshAtLatencyAsync(Report report, int due, int latencyMs)
    {
        var label = $"{due:N0} due at +{latencyMs} ms";
        var parallelism = new TokenRefreshOptions().MaxParallelism;
        var tokenSlots = new WebexOptions().MaxConcurrentTokenCalls;
        Console.WriteLine($"(b) refresh sweep: {label} per token call, defaults: TokenRefresh:MaxParallelism {parallelism}, Webex:MaxConcurrentTokenCalls {tokenSlots}");
        await using var simulator = await BenchHost.StartSimulatorAsync();
        var host = await BenchHost.StartAsync(simulator, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        await using var table = new SeededTable(host, 0);
        await SeedAsync(host, simulator, due, due, "latency");
        var limiter = host.Services.GetRequiredService<WebexCallLimiter>();
        limiter.ResetPeak();
        simulator.State.AddFault(new SimFault(SimOperations.TokenRefresh, SimFaultKind.Latency, DelayMs: latencyMs, Times: 0));
        var (ms, problem) = await SweepAsync(host, due);
        simulator.State.ClearFaults();

        var seconds = ms / 1000;
        var inFlight = Math.Min(parallelism, tokenSlots);
        var floor = due * latencyMs / 1000.0 / inFlight;
        report.Add("b", $"{label}: one sweep at the defaults ({parallelism} refreshes in flight)",
            $"{seconds:0.0} s = {Report.Number(due / seconds, "N1")} refreshes/s{(problem is null ? "" : $"  PROBLEM: {problem}")}",
            "<= 60 s", seconds <= 60 && problem is null);
        report.Add("b", $"{label}: floor (due x latency / in flight)",
            $"{floor:0.0} s at {inFlight} in flight (measured {seconds / floor:0.00}x); Webex calls in flight at most {limiter.PeakInFlight}");
    }

    private sealed class SeededTable(BenchHost host, double seedMs) : IAsyncDisposable
    {
        public BenchHost Host { get; } = host;
        public double SeedMs { get; } = seedMs;

        /// <summary>Run 0 is the first sweep in a freshly started service (cold pools and page cache): shown, but the
        /// median is over the runs after it.</summary>
        public List<double> Runs { get; } = [];
        public string? Problem { get; set; }

        public double Median
        {
            get
            {
                var warm = Runs.Skip(1).Order().ToArray();
                return warm.Length == 0 ? 0 : warm[warm.Length / 2];
            }
        }

        public string Describe() =>
            $"{Percentiles.Ms(Median)}  (first, cold: {Percentiles.Ms(Runs[0])}; then {string.Join(", ", Runs.Skip(1).Select(Percentiles.Ms))})"
            + (Problem is null ? "" : $"  PROBLEM: {Problem}");

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private static async Task<SeededTable> SeededAsync(RunningWebexSimulator simulator, int size, int due, string label)
    {
        // Only the command is timed: no Hangfire server, so the recurring sweep cannot run alongside it.
        var host = await BenchHost.StartAsync(simulator, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        var started = Stopwatch.GetTimestamp();
        await SeedAsync(host, simulator, size, due, label);
        return new SeededTable(host, Elapsed.Ms(started));
    }

    private static async Task<Percentiles> DueQueryAsync(BenchHost host, int due, int times)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<IConnectionRepository>();
        var window = scope.ServiceProvider.GetRequiredService<IOptions<TokenRefreshOptions>>().Value;
        var samples = new List<double>();
        for (var i = 0; i < times; i++)
        {
            var now = DateTimeOffset.UtcNow;
            var started = Stopwatch.GetTimestamp();
            var page = await connections.FindDueForRefreshAsync(
                RefreshDueCutoffs.At(now, window.AccessTokenWindow, window.RefreshTokenWindow), null, window.BatchSize, CancellationToken.None);
            samples.Add(Elapsed.Ms(started));
            if (page.Count != due) throw new InvalidOperationException($"The due query found {page.Count} rows instead of {due}.");
        }
        return Percentiles.Of(samples);
    }

    /// <summary>SQLite's plan for the sweep's due-rows query (the repository's own SQL): index-bound means every access
    /// to <c>webex_connections</c> is a SEARCH on an expiry index, never a SCAN of the table.</summary>
    private static async Task<(string Plan, bool IndexBound)> DueQueryPlanAsync(BenchHost host)
    {
        var now = DateTimeOffset.UtcNow;
        var window = host.Services.GetRequiredService<IOptions<TokenRefreshOptions>>().Value;
        await using var db = new SqliteConnection(host.ConnectionString);
        await db.OpenAsync();
        await using var explain = db.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + new ConnectionStatements(new SqliteDialect()).DueForRefresh;
        var due = RefreshDueCutoffs.At(now, window.AccessTokenWindow, window.RefreshTokenWindow);
        explain.Parameters.AddWithValue("@AccessExpiresBefore", Instant(due.AccessExpiresBefore));
        explain.Parameters.AddWithValue("@RefreshExpiresBefore", Instant(due.RefreshExpiresBefore));
        explain.Parameters.AddWithValue("@RefreshedBefore", Instant(due.RefreshedBefore));
        explain.Parameters.AddWithValue("@AfterId", Guid.Empty.ToString("D"));
        explain.Parameters.AddWithValue("@Active", (int)ConnectionStatus.Active);
        explain.Parameters.AddWithValue("@Take", window.BatchSize);
        var steps = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) steps.Add(reader.GetString(3));
        }
        var onTable = steps.Where(s => s.Contains("webex_connections", StringComparison.Ordinal)).ToList();
        var indexBound = onTable.Count == 2
            && onTable.All(s => s.StartsWith("SEARCH", StringComparison.Ordinal)
                && (s.Contains("ix_webex_connections_access_expires_at", StringComparison.Ordinal)
                    || s.Contains("ix_webex_connections_refresh_expires_at", StringComparison.Ordinal)));
        return (string.Join(" / ", steps), indexBound);
    }

    private static async Task<(double Ms, string? Problem)> SweepAsync(BenchHost host, int due)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var started = Stopwatch.GetTimestamp();
        var result = await mediator.Send(new RefreshDueConnectionsCommand());
        var ms = Elapsed.Ms(started);
        return (ms, result.Due == due && result.Refreshed == due
            ? null
            : $"{result.Due} due, {result.Refreshed} refreshed, {result.Failed} failed, {result.ReauthorizationRequired} reauthorization (expected {due})");
    }

    /// <summary>Rows written straight into the table in one transaction with one prepared INSERT: the connect flow
    /// would take hours for 1M. Due rows hold tokens the simulator issued, each sealed; the rest reuse
    /// <see cref="IdleTokenPairs"/> sealed dummy pairs and expire far ahead.</summary>
    private static async Task SeedAsync(BenchHost host, RunningWebexSimulator simulator, int size, int due, string label)
    {
        var protector = host.Services.GetRequiredService<ITokenProtector>();
        var now = DateTimeOffset.UtcNow;
        // Sealing is ~15 us a token (section d): 2M seals would add half a minute to a 1M seed and measure nothing
        // the sweep reads. Non-due rows are never opened by the sweep, so they share a few pairs sealed once.
        var idleAccess = Enumerable.Range(0, IdleTokenPairs).Select(n => protector.Protect($"idle-access-{n}-" + new string('a', 90)).ToBytes()).ToArray();
        var idleRefresh = Enumerable.Range(0, IdleTokenPairs).Select(n => protector.Protect($"idle-refresh-{n}-" + new string('r', 90)).ToBytes()).ToArray();
        var spacing = size / due;

        await using var db = new SqliteConnection(host.ConnectionString);
        await db.OpenAsync();
        // This connection only: a page cache big enough for the random-key indexes, so the one transaction does not
        // spill pages on every insert. The service's own connections keep SQLite's defaults.
        await using (var pragma = db.CreateCommand())
        {
            pragma.CommandText = "PRAGMA cache_size = -1048576;";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var transaction = (SqliteTransaction)await db.BeginTransactionAsync();
        await using var insert = db.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO webex_connections (
                id, zeeg_user_id, webex_person_id, email, display_name, org_id, status, status_reason, scopes,
                access_token, access_expires_at, refresh_token, refresh_expires_at, token_key_id, version, created_at, updated_at)
            VALUES (
                $id, $zeegUserId, $personId, $email, $displayName, NULL, $status, NULL, $scopes,
                $accessToken, $accessExpiresAt, $refreshToken, $refreshExpiresAt, $keyId, 1, $now, $now)
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var zeegUserId = insert.Parameters.Add("$zeegUserId", SqliteType.Text);
        var personId = insert.Parameters.Add("$personId", SqliteType.Text);
        var email = insert.Parameters.Add("$email", SqliteType.Text);
        var displayName = insert.Parameters.Add("$displayName", SqliteType.Text);
        insert.Parameters.AddWithValue("$status", (int)ConnectionStatus.Active);
        insert.Parameters.AddWithValue("$scopes", WebexScopes.AsParameter);
        var accessToken = insert.Parameters.Add("$accessToken", SqliteType.Blob);
        var accessExpiresAt = insert.Parameters.Add("$accessExpiresAt", SqliteType.Text);
        var refreshToken = insert.Parameters.Add("$refreshToken", SqliteType.Blob);
        var refreshExpiresAt = insert.Parameters.Add("$refreshExpiresAt", SqliteType.Text);
        insert.Parameters.AddWithValue("$keyId", BenchHost.TokenKeyId);
        insert.Parameters.AddWithValue("$now", Instant(now));
        insert.Prepare();

        var seeded = 0;
        for (var i = 0; i < size; i++)
        {
            var isDue = i % spacing == 0 && seeded < due;
            id.Value = Guid.NewGuid().ToString("D");
            if (isDue)
            {
                var address = $"{label}.due{i}@example.com";
                var tokens = simulator.State.IssueTokens(address);
                zeegUserId.Value = $"due-{i}";
                personId.Value = simulator.State.FindPerson(address)!.Id;
                email.Value = address;
                displayName.Value = "Due Host";
                accessToken.Value = protector.Protect(tokens.AccessToken).ToBytes();
                // Inside the sweep's 48-hour access window; the refresh token is nowhere near its own window.
                accessExpiresAt.Value = Instant(now.AddHours(1));
                refreshToken.Value = protector.Protect(tokens.RefreshToken).ToBytes();
                refreshExpiresAt.Value = Instant(now.AddDays(89));
                seeded++;
            }
            else
            {
                zeegUserId.Value = $"idle-{i}";
                personId.Value = $"idle-person-{i}";
                email.Value = $"idle{i}@example.com";
                displayName.Value = "Idle Host";
                accessToken.Value = idleAccess[i % IdleTokenPairs];
                accessExpiresAt.Value = Instant(now.AddDays(10));
                refreshToken.Value = idleRefresh[i % IdleTokenPairs];
                refreshExpiresAt.Value = Instant(now.AddDays(80));
            }
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        if (seeded != due) throw new InvalidOperationException($"Seeded {seeded} due rows instead of {due}.");
    }

    /// <summary>The refreshed rows now expire in two weeks and were refreshed just now (the sweep skips a connection
    /// refreshed in the last 24 h); pull them back into the window and forget that refresh for the next run (their
    /// stored tokens are the fresh ones and still valid at the simulator).</summary>
    private static async Task MakeDueAgainAsync(BenchHost host)
    {
        await using var db = new SqliteConnection(host.ConnectionString);
        await db.OpenAsync();
        await using var update = db.CreateCommand();
        // A range on the unique user-id index rather than LIKE (which SQLite does not seek): a full pass over 1M rows
        // between runs would evict the pages the next sweep reads.
        update.CommandText = "UPDATE webex_connections SET access_expires_at = $at, tokens_refreshed_at = NULL WHERE zeeg_user_id >= 'due-' AND zeeg_user_id < 'due.'";
        update.Parameters.AddWithValue("$at", Instant(DateTimeOffset.UtcNow.AddHours(1)));
        await update.ExecuteNonQueryAsync();
    }

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);
}
