using LifeTimeCircle.Web;
using LifeTimeCircle.Data;
using LifeTimeCircle.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeTimeCircle.Infrastructure.Health;

public static class HealthSetup
{
    public static IServiceCollection AddLtcHealthChecks(this IServiceCollection services)
    {
        services.AddLtcOptions<HealthOptions>();
        services.AddSingleton<HealthAccess>();
        services.AddSingleton<HealthReportCache>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("datenbank", tags: [Readiness.Tag])
            .AddCheck<DataDirectoryHealthCheck>("datenverzeichnis")
            .AddCheck<DiskSpaceHealthCheck>("speicherplatz")
            .AddCheck<BackupHealthCheck>("sicherung")
            .AddCheck<LegalTextsHealthCheck>("rechtstexte");
        return services;
    }
}

/// <summary>Database reachable and no pending migrations.</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct))
            {
                return HealthCheckResult.Unhealthy("Datenbank nicht erreichbar.");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            var data = new Dictionary<string, object> { ["pendingMigrations"] = pending };
            return pending == 0
                ? HealthCheckResult.Healthy("Datenbank erreichbar, Schema aktuell.", data)
                : HealthCheckResult.Unhealthy("Ausstehende Migrationen.", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Datenbankfehler: " + ex.GetType().Name);
        }
    }
}

/// <summary>The data directory accepts a write (and the file is removed again).</summary>
public sealed class DataDirectoryHealthCheck(LtcEnvironment env) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var probe = Path.Combine(env.DataDir, $".health-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(probe, "ok", ct);
            File.Delete(probe);
            return HealthCheckResult.Healthy("Datenverzeichnis beschreibbar.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("Datenverzeichnis nicht beschreibbar: " + ex.GetType().Name);
        }
    }
}

/// <summary>
/// Free space on the data directory's volume: degraded below 15 %, unhealthy below 10 % or below the write reserve
/// <c>LTC_DISK_RESERVE_MB</c>, where the app refuses writes (docs/monitoring.md, docs/adr/0011-full-disk.md).
/// </summary>
public sealed class DiskSpaceHealthCheck(LtcEnvironment env, HealthOptions options, Storage.DiskSpace disk, Audit.AuditBuffer audit) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var drive = new DriveInfo(env.DataDir);
        var freePercent = drive.TotalSize == 0 ? 0 : 100.0 * drive.AvailableFreeSpace / drive.TotalSize;
        var (warn, fail) = (options.DiskWarnPercent, options.DiskFailPercent);
        var data = new Dictionary<string, object>
        {
            ["freeBytes"] = drive.AvailableFreeSpace,
            ["freePercent"] = Math.Round(freePercent, 1),
            ["reserveBytes"] = disk.ReserveBytes,
            ["writesRefused"] = drive.AvailableFreeSpace < disk.ReserveBytes,
            ["auditBuffered"] = audit.Count,
        };
        var text = $"{Display.OneDecimal(freePercent)} % frei ({Display.Number(drive.AvailableFreeSpace / 1024 / 1024)} MiB).";
        if (drive.AvailableFreeSpace < disk.ReserveBytes)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"{text} Weniger als die Reserve von {Display.Number(disk.ReserveBytes / 1024 / 1024)} MiB (LTC_DISK_RESERVE_MB): Speichern ist gesperrt, Lesen geht; " +
                $"{Display.Number(audit.Count)} Audit-Ereignisse im Speicher gepuffert.", data: data));
        }
        return Task.FromResult(freePercent < fail ? HealthCheckResult.Unhealthy(text, data: data)
            : freePercent < warn ? HealthCheckResult.Degraded(text, data: data)
            : HealthCheckResult.Healthy(text, data));
    }
}

/// <summary>Age of the last successful backup: degraded when none or older than 26 hours in Production.</summary>
public sealed class BackupHealthCheck(Backup.BackupService backups, TimeProvider clock, IHostEnvironment environment) : IHealthCheck
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(26);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = backups.ReadLast();
        if (last is null)
        {
            return Task.FromResult(environment.IsProduction()
                ? HealthCheckResult.Degraded("Noch keine erfolgreiche Sicherung.")
                : HealthCheckResult.Healthy("Noch keine Sicherung (außerhalb von Production nicht erforderlich)."));
        }
        var age = clock.GetUtcNow() - last.FinishedAt;
        var data = new Dictionary<string, object> { ["lastBackupAgeHours"] = Math.Round(age.TotalHours, 1), ["lastBackupBytes"] = last.Bytes };
        var text = $"Letzte Sicherung vor {Display.OneDecimal(age.TotalHours)} h.";
        return Task.FromResult(age > MaxAge && environment.IsProduction()
            ? HealthCheckResult.Degraded(text, data: data)
            : HealthCheckResult.Healthy(text, data));
    }
}

/// <summary>
/// The operator's texts (issue 19 item 7): in Production the shipped Impressum placeholder is degraded („Impressum nicht
/// angepasst“) — the site works, but it must not go live that way. Outside Production the placeholder is expected.
/// </summary>
public sealed class LegalTextsHealthCheck(Legal.LegalDocuments legal, IHostEnvironment environment) : IHealthCheck
{
    public const string NotAdapted = "Impressum nicht angepasst";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!legal.ImpressumIsShipped) return Task.FromResult(HealthCheckResult.Healthy("Eigenes Impressum des Betreibers."));
        return Task.FromResult(environment.IsProduction()
            ? HealthCheckResult.Degraded(NotAdapted + ": der mitgelieferte Platzhalter ist in Gebrauch. impressum.md in LTC_LEGAL_DIR ablegen und neu starten (docs/operations.md).")
            : HealthCheckResult.Healthy(NotAdapted + " (außerhalb von Production erwartet)."));
    }
}
