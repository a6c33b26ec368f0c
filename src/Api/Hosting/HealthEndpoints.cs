using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Infrastructure.Persistence;

namespace ZeegWebex.Api.Hosting;

/// <summary>
/// <c>/health/live</c>: the process answers (restart it when it does not). <c>/health/ready</c>: it can do its work,
/// i.e. the database answers with every migration applied and takes a write, Hangfire's storage answers and the token
/// key ring works; 503 otherwise (take it out of the load balancer). Both are public, so the body names the failing
/// check with a fixed description and the details go to the log.
/// </summary>
public static partial class HealthEndpoints
{
    public const string ReadyTag = "ready";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddZeegHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReadiness>("database", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout)
            .AddCheck<DatabaseWriteReadiness>("database-write", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout)
            .AddCheck<JobStorageReadiness>("job-storage", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout)
            .AddCheck<TokenKeyRingReadiness>("token-key-ring", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapZeegHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = (long)e.Value.Duration.TotalMilliseconds,
            }),
        }, Json, contentType: "application/json");
    }

    private sealed partial class DatabaseReadiness(IMigrationStatus database, ILogger<DatabaseReadiness> logger) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var health = await database.CheckAsync(cancellationToken);
            if (health.IsReady) return HealthCheckResult.Healthy("The database answers and every migration is applied.");
            LogNotReady(health.Reachable, health.PendingScripts.Count, health.Error);
            return HealthCheckResult.Unhealthy(health.Reachable
                ? $"{health.PendingScripts.Count} database migration(s) not applied."
                : "The database cannot be used.");
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Database not ready: reachable {Reachable}, {PendingCount} migration(s) pending: {Error}")]
        private partial void LogNotReady(bool reachable, int pendingCount, string? error);
    }

    /// <summary>Commits a heartbeat: a database that answers reads but refuses writes (read-only file, a lock held by
    /// another writer for longer than the busy timeout, a full disk) cannot do the service's work.</summary>
    private sealed partial class DatabaseWriteReadiness(DatabaseHeartbeat heartbeat, TimeProvider time, ILogger<DatabaseWriteReadiness> logger) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await heartbeat.BeatAsync(time.GetUtcNow(), cancellationToken);
                return HealthCheckResult.Healthy("The database takes writes.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNotWritable(e);
                return HealthCheckResult.Unhealthy("The database does not take writes.");
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Database does not take writes")]
        private partial void LogNotWritable(Exception exception);
    }

    private sealed partial class JobStorageReadiness(JobStorage storage, ILogger<JobStorageReadiness> logger) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                // Hangfire's storage API is synchronous; keep it off the request thread.
                var statistics = await Task.Run(() => storage.GetMonitoringApi().GetStatistics(), cancellationToken);
                return HealthCheckResult.Healthy($"Hangfire storage answers ({statistics.Servers} server(s)).");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNotReady(e);
                return HealthCheckResult.Unhealthy("Hangfire's job storage does not answer.");
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Hangfire job storage not ready")]
        private partial void LogNotReady(Exception exception);
    }

    /// <summary>Seals and opens a probe: proves the configured keys were loaded and the current one works.</summary>
    private sealed partial class TokenKeyRingReadiness(IServiceProvider services, ILogger<TokenKeyRingReadiness> logger) : IHealthCheck
    {
        private const string Probe = "zeegwebex-readiness-probe";

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var protector = services.GetRequiredService<ITokenProtector>();
                return Task.FromResult(protector.Unprotect(protector.Protect(Probe)) == Probe
                    ? HealthCheckResult.Healthy("The token key ring is loaded.")
                    : HealthCheckResult.Unhealthy("The token key ring does not open what it seals."));
            }
            catch (Exception e)
            {
                LogNotReady(e);
                return Task.FromResult(HealthCheckResult.Unhealthy("The token key ring is not loaded."));
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Token key ring not ready")]
        private partial void LogNotReady(Exception exception);
    }
}
