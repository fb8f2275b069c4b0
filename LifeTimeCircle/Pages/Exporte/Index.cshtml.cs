using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Exporte;

/// <summary>
/// The user's exports with progress and downloads. Without JavaScript the page reloads itself (meta refresh inside
/// noscript) only while a job is queued or running; with JavaScript rows are updated in place from <c>?handler=Status</c>.
/// Sensitive exports (full vehicle data, account data) need a step-up and leave through a one-time token.
/// </summary>
public sealed class IndexModel(AppDbContext db, ExportRequests requests, StepUp stepUp, TimeProvider clock) : PageModel
{
    // Longer than 80 lines: four handlers (list, JSON status for in-place updates, account export, token) and the TempData token hand-over; the rules live in ExportRequests and ExportDownloads.
    public sealed record Row(ExportJob Job, string? VehicleName, string? VehicleId);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool AnyActive => Rows.Any(r => r.Job.IsActive);

    /// <summary>
    /// Raw one-time tokens issued in this browser session. Kept in TempData (an encrypted cookie) with Peek, so the
    /// self-refresh while another export runs does not lose the download form; a used or expired token is not shown.
    /// </summary>
    public IReadOnlyDictionary<string, string> Tokens { get; private set; } = new Dictionary<string, string>();

    [BindProperty]
    public string? JobId { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var tokens = new Dictionary<string, string>();
        var now = clock.GetUtcNow();
        foreach (var r in Rows.Where(r => r.Job.NeedsStepUp))
        {
            var key = "ExportToken:" + r.Job.PublicId;
            if (TempData.Peek(key) is not string raw) continue;
            if (r.Job.TokenMatches(raw, now)) tokens[r.Job.PublicId] = raw;
            else TempData.Remove(key);
        }
        Tokens = tokens;
    }

    /// <summary>Progress of the listed jobs for in-place updates (JavaScript). Same owner scope as the page.</summary>
    public async Task<IActionResult> OnGetStatusAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new
        {
            active = AnyActive,
            jobs = Rows.Select(r => new { id = r.Job.PublicId, status = ExportTexts.Status(r.Job), progress = r.Job.Progress, done = !r.Job.IsActive }),
        });
    }

    /// <summary>GDPR Art. 15/20: the user's own account data as JSON (encrypted at rest, one-time download).</summary>
    public async Task<IActionResult> OnPostKontoAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        if (!stepUp.IsFresh(HttpContext, userId))
        {
            await requests.StepUpMissingAsync("USER", userId, ExportType.Konto, ct);
            return RedirectToPage("/Exporte/Bestaetigen", new { returnUrl = Url.Page("/Exporte/Index") });
        }
        var job = await requests.RequestAsync(userId, ExportType.Konto, null, ct);
        TempData["StatusMessage"] = job is null ? "Ihr Datenexport wird bereits erstellt." : "Ihr Datenexport wird erstellt.";
        return RedirectToPage();
    }

    /// <summary>Issues the one-time download token of a sensitive export (step-up required).</summary>
    public async Task<IActionResult> OnPostTokenAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var job = await db.ExportJobs.SingleOrDefaultAsync(j => j.PublicId == JobId && j.RequestedBy == userId, ct);
        if (job is null || !job.NeedsStepUp) return NotFound();
        if (!stepUp.IsFresh(HttpContext, userId))
        {
            await requests.StepUpMissingAsync("EXPORT_JOB", job.PublicId, job.Type, ct);
            return RedirectToPage("/Exporte/Bestaetigen", new { returnUrl = Url.Page("/Exporte/Index") });
        }
        if (!job.CanDownload)
        {
            TempData["StatusMessage"] = "Diese Datei ist nicht mehr verfügbar.";
            return RedirectToPage();
        }
        var raw = job.IssueToken(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        TempData["ExportToken:" + job.PublicId] = raw;
        TempData["StatusMessage"] = "Download bereit: Er funktioniert einmal und 15 Minuten lang.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Rows = await (from j in db.ExportJobs.AsNoTracking()
                      where j.RequestedBy == userId
                      // Only vehicles the user still owns: after a handover the buyer's nickname is none of the seller's business.
                      join v in db.Vehicles.OwnedBy(userId) on j.VehicleId equals v.Id into vs
                      from v in vs.DefaultIfEmpty()
                      orderby j.CreatedAt descending, j.Id descending
                      select new Row(j, v == null ? null : (v.Nickname ?? v.Make + " " + v.Model), v == null ? null : v.PublicId))
            .Take(50).ToListAsync(ct);
    }
}
