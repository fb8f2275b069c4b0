using LifeTimeCircle.Data;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Exporte;

/// <summary>
/// Downloads of an export, only for the user who requested it (anyone else: 404). PDFs and the redacted JSON by
/// GET; sensitive exports only by POST with the one-time token (<see cref="ExportDownloads"/>), after which the file is deleted.
/// </summary>
public sealed class DateiModel(AppDbContext db, ExportStorage storage, ExportDownloads downloads, TimeProvider clock, ILogger<DateiModel> logger) : PageModel
{
    [BindProperty]
    public string? Token { get; set; }

    public async Task<IActionResult> OnGetAsync(string jobId, CancellationToken ct)
    {
        var userId = User.UserId();
        var job = await Mine(jobId, userId).AsNoTracking().SingleOrDefaultAsync(ct);
        if (job is null || job.NeedsStepUp || !job.CanDownload) return NotFound();
        if (downloads.FileMissing(job))
        {
            await downloads.MarkUnavailableAsync(job.PublicId, ct);
            return Unavailable(ExportDownloads.UnavailableMessage);
        }
        await downloads.DownloadedAsync(job, ct);
        DownloadHeaders.Apply(Response, ExportDownloads.FileName(job), ExportDownloads.ContentType(job));
        return PhysicalFile(storage.PathOf(job.FileKey!), ExportDownloads.ContentType(job));
    }

    public async Task<IActionResult> OnPostAsync(string jobId, CancellationToken ct)
    {
        var userId = User.UserId();
        var job = await Mine(jobId, userId).SingleOrDefaultAsync(ct);
        if (job is null || !job.NeedsStepUp) return NotFound();
        var (outcome, key) = await downloads.ConsumeTokenAsync(job, Token, ct);
        if (outcome == TokenOutcome.FileMissing) return Unavailable(ExportDownloads.UnavailableMessage);
        if (outcome != TokenOutcome.Consumed) return NotFound();
        DownloadHeaders.Apply(Response, ExportDownloads.FileName(job), ExportDownloads.ContentType(job));
        try
        {
            await storage.CopyPlainAsync(key!, job.PublicId, job.Encrypted, Response.Body, ct);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException && !Response.HasStarted)
        {
            // Not decryptable: LTC_SECRET_KEY was rotated after the file was written, or the file was altered or is gone.
            Response.Clear();
            job.Expire(clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning("Export {ExportId} konnte nicht entschlüsselt werden", job.PublicId);
            return Unavailable("Die Datei konnte nicht gelesen werden und wurde gelöscht. Bitte fordern Sie den Export neu an.");
        }
        finally
        {
            storage.Delete(key);
        }
        return new EmptyResult();
    }

    private RedirectToPageResult Unavailable(string message)
    {
        TempData["StatusMessage"] = message;
        return RedirectToPage("/Exporte/Index");
    }

    /// <summary>The user's own export — of a vehicle only while they still own it (a handover ends every old download).</summary>
    private IQueryable<LifeTimeCircle.Domain.Exports.ExportJob> Mine(string jobId, string userId) =>
        db.ExportJobs.Where(j => j.PublicId == jobId && j.RequestedBy == userId
            && (j.VehicleId == null || db.Vehicles.Any(v => v.Id == j.VehicleId && v.OwnerId == userId)));
}
