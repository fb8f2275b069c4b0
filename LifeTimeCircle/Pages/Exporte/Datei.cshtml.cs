using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Exporte;

/// <summary>
/// Downloads of an export, only for the user who requested it (anyone else: 404). PDFs and the redacted JSON by
/// GET; sensitive exports only by POST with the one-time token, after which the file is deleted.
/// </summary>
public sealed class DateiModel(AppDbContext db, ExportStorage storage, AuditWriter audit, TimeProvider clock, ILogger<DateiModel> logger) : PageModel
{
    [BindProperty]
    public string? Token { get; set; }

    public async Task<IActionResult> OnGetAsync(string jobId, CancellationToken ct)
    {
        var userId = User.UserId();
        var job = await db.ExportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.PublicId == jobId && j.RequestedBy == userId, ct);
        if (job is null || job.NeedsStepUp || !job.CanDownload) return NotFound();
        if (!System.IO.File.Exists(storage.PathOf(job.FileKey!))) return await UnavailableAsync(job.Id, ct);
        await audit.WriteAsync(AuditActions.ExportDownloaded, "EXPORT_JOB", job.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["export_type"] = job.Type.ToString() }, ct: ct);
        Headers();
        return PhysicalFile(storage.PathOf(job.FileKey!), job.IsPdf ? "application/pdf" : "application/json", FileName(job));
    }

    public async Task<IActionResult> OnPostAsync(string jobId, CancellationToken ct)
    {
        var userId = User.UserId();
        var job = await db.ExportJobs.SingleOrDefaultAsync(j => j.PublicId == jobId && j.RequestedBy == userId, ct);
        if (job is null || !job.NeedsStepUp) return NotFound();
        if (!job.TokenMatches(Token, clock.GetUtcNow()))
        {
            await audit.WriteAsync(AuditActions.ExportDenied, "EXPORT_JOB", job.PublicId, AuditResult.Denied,
                new Dictionary<string, object?> { ["export_type"] = job.Type.ToString(), ["reason_code"] = "TOKEN_INVALID" }, ct: ct);
            return NotFound();
        }
        var key = job.FileKey!;
        if (!System.IO.File.Exists(storage.PathOf(key))) return await UnavailableAsync(job.Id, ct);
        // Consume the token atomically before streaming: of two simultaneous requests with it only one gets the file.
        var now = clock.GetUtcNow();
        var tokenHash = job.TokenHash;
        var consumed = await db.ExportJobs
            .Where(j => j.Id == job.Id && j.TokenHash == tokenHash && j.DownloadedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.DownloadedAt, now).SetProperty(j => j.TokenHash, (string?)null).SetProperty(j => j.FileKey, (string?)null), ct);
        if (consumed != 1)
        {
            await audit.WriteAsync(AuditActions.ExportDenied, "EXPORT_JOB", job.PublicId, AuditResult.Denied,
                new Dictionary<string, object?> { ["export_type"] = job.Type.ToString(), ["reason_code"] = "TOKEN_USED" }, ct: ct);
            return NotFound();
        }
        await audit.WriteAsync(AuditActions.ExportDownloaded, "EXPORT_JOB", job.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["export_type"] = job.Type.ToString() }, ct: ct);
        Headers();
        Response.ContentType = "application/json";
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = FileName(job), DispositionType = "attachment" }.ToString();
        try
        {
            await storage.CopyPlainAsync(key, job.PublicId, job.Encrypted, Response.Body, ct);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException && !Response.HasStarted)
        {
            // Not decryptable: LTC_SECRET_KEY was rotated after the file was written, or the file was altered or is gone.
            Response.Clear();
            job.Expire(clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning("Export {ExportId} konnte nicht entschlüsselt werden", job.PublicId);
            TempData["StatusMessage"] = "Die Datei konnte nicht gelesen werden und wurde gelöscht. Bitte fordern Sie den Export neu an.";
            return RedirectToPage("/Exporte/Index");
        }
        finally
        {
            storage.Delete(key);
        }
        return new EmptyResult();
    }

    /// <summary>The row says finished but the file is gone (e.g. after restoring a backup, which leaves exports out): show it as expired.</summary>
    private async Task<IActionResult> UnavailableAsync(long id, CancellationToken ct)
    {
        var job = await db.ExportJobs.SingleAsync(j => j.Id == id, ct);
        job.Expire(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        logger.LogWarning("Datei des Exports {ExportId} fehlt; als abgelaufen markiert", job.PublicId);
        TempData["StatusMessage"] = "Diese Datei ist nicht mehr vorhanden. Bitte fordern Sie den Export neu an.";
        return RedirectToPage("/Exporte/Index");
    }

    private void Headers()
    {
        Response.Headers["X-Content-Type-Options"] = "nosniff";
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        Response.Headers.CacheControl = "private, no-store";
    }

    private static string FileName(ExportJob job) => job.Type switch
    {
        ExportType.TrustZertifikat => $"Trust-Zertifikat-Fassung-{job.Version}.pdf",
        ExportType.Wartungsstand => $"Wartungsstand-Fassung-{job.Version}.pdf",
        ExportType.QrPdf => $"Mini-Check-QR-Fassung-{job.Version}.pdf",
        ExportType.DatenRedigiert => "Fahrzeugdaten-geschwaerzt.json",
        ExportType.DatenVoll => "Fahrzeugdaten-vollstaendig.json",
        _ => "Kontodaten.json",
    };
}
