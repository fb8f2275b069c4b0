using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Exports;

public enum TokenOutcome { Consumed, Denied, FileMissing }

/// <summary>
/// How an export leaves the system (SPEC §8): the download file name, the one-time token of a sensitive export
/// (consumed once, even by two simultaneous requests), and a finished row whose file is gone (shown as expired).
/// </summary>
public sealed class ExportDownloads(AppDbContext db, ExportStorage storage, AuditWriter audit, TimeProvider clock, ILogger<ExportDownloads> logger)
{
    public const string UnavailableMessage = "Diese Datei ist nicht mehr vorhanden. Bitte fordern Sie den Export neu an.";

    /// <summary>
    /// Consumes the token of <paramref name="job"/> (tracked by this context) through <see cref="ExportJob.ConsumeToken"/>
    /// and saves it only if the row still carries the token read before: of two simultaneous requests one gets the
    /// key of the file to stream (and then delete), the other <see cref="TokenOutcome.Denied"/> (audited).
    /// </summary>
    public async Task<(TokenOutcome Outcome, string? FileKey)> ConsumeTokenAsync(ExportJob job, string? token, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!job.TokenMatches(token, now))
        {
            await DeniedAsync(job, "TOKEN_INVALID", ct);
            return (TokenOutcome.Denied, null);
        }
        if (FileMissing(job))
        {
            await MarkUnavailableAsync(job.PublicId, ct);
            return (TokenOutcome.FileMissing, null);
        }
        var readHash = job.TokenHash;
        var key = job.ConsumeToken(token, now);
        var consumed = await db.ExportJobs
            .Where(j => j.Id == job.Id && j.TokenHash == readHash && j.DownloadedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.DownloadedAt, job.DownloadedAt).SetProperty(j => j.TokenHash, job.TokenHash)
                .SetProperty(j => j.FileKey, job.FileKey), ct);
        if (consumed != 1)
        {
            await db.Entry(job).ReloadAsync(ct);
            await DeniedAsync(job, "TOKEN_USED", ct);
            return (TokenOutcome.Denied, null);
        }
        db.Entry(job).State = EntityState.Unchanged; // the row now holds exactly the entity's values
        await DownloadedAsync(job, ct);
        return (TokenOutcome.Consumed, key);
    }

    public bool FileMissing(ExportJob job) => job.FileKey is not { } key || !File.Exists(storage.PathOf(key));

    /// <summary>The row says finished but the file is gone (e.g. after restoring a backup, which leaves exports out).</summary>
    public async Task MarkUnavailableAsync(string jobPublicId, CancellationToken ct)
    {
        var job = await db.ExportJobs.SingleOrDefaultAsync(j => j.PublicId == jobPublicId, ct);
        if (job is null) return;
        job.Expire(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        logger.LogWarning("Datei des Exports {ExportId} fehlt; als abgelaufen markiert", job.PublicId);
    }

    public Task DownloadedAsync(ExportJob job, CancellationToken ct) =>
        audit.WriteAsync(AuditActions.ExportDownloaded, "EXPORT_JOB", job.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["export_type"] = job.Type.ToString() }, ct: ct);

    private Task DeniedAsync(ExportJob job, string reason, CancellationToken ct) =>
        audit.WriteAsync(AuditActions.ExportDenied, "EXPORT_JOB", job.PublicId, AuditResult.Denied,
            new Dictionary<string, object?> { ["export_type"] = job.Type.ToString(), ["reason_code"] = reason }, ct: ct);

    public static string ContentType(ExportJob job) => job.IsPdf ? "application/pdf" : "application/json";

    public static string FileName(ExportJob job) => job.Type switch
    {
        ExportType.TrustZertifikat => $"Trust-Zertifikat-Fassung-{job.Version}.pdf",
        ExportType.Wartungsstand => $"Wartungsstand-Fassung-{job.Version}.pdf",
        ExportType.QrPdf => $"Mini-Check-QR-Fassung-{job.Version}.pdf",
        ExportType.Inserat => $"Inserat-Fassung-{job.Version}.pdf",
        ExportType.DatenRedigiert => "Fahrzeugdaten-geschwaerzt.json",
        ExportType.DatenVoll => "Fahrzeugdaten-vollstaendig.json",
        _ => "Kontodaten.json",
    };
}
