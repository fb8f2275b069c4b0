using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Import;

/// <summary>
/// One import: progress while a job runs (JS off: the page refreshes itself; JS on: the bar is updated in place), the
/// dry-run report with the detected format, the report as CSV („Prüfbericht herunterladen“) and „Import bestätigen“.
/// </summary>
public sealed class LaufModel(AppDbContext db, ImportReports reports, ImportRequests requests, TimeProvider clock) : PageModel
{
    public const int ShownIssues = ImportReportView.ShownIssues;

    public TabsModel Tabs { get; private set; } = null!;
    public ImportRun Run { get; private set; } = null!;
    public IReadOnlyList<ImportIssue> Issues { get; private set; } = [];
    public int IssueCount { get; private set; }
    public bool CanUndo => Run.CanUndo(clock.GetUtcNow());

    public async Task<IActionResult> OnGetAsync(string id, string run, CancellationToken ct)
    {
        if (!await LoadAsync(id, run, ct)) return NotFound();
        IssueCount = await db.ImportIssues.CountAsync(i => i.ImportRunId == Run.Id, ct);
        Issues = await db.ImportIssues.AsNoTracking().Where(i => i.ImportRunId == Run.Id).OrderBy(i => i.Row).ThenBy(i => i.Id).Take(ShownIssues).ToListAsync(ct);
        return Page();
    }

    /// <summary>„Prüfbericht herunterladen“: every line of the report as CSV (UTF-8 with BOM, semicolons, formulas neutralised).</summary>
    public async Task<IActionResult> OnGetBerichtAsync(string id, string run, CancellationToken ct)
    {
        if (!await LoadAsync(id, run, ct)) return NotFound();
        DownloadHeaders.Apply(Response, $"pruefbericht-{Run.PublicId}.csv", "text/csv; charset=utf-8");
        await reports.WriteCsvAsync(Run.Id, Response.Body, ct);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostBestaetigenAsync(string id, string run, CancellationToken ct)
    {
        if (!await LoadAsync(id, run, ct)) return NotFound();
        if (!ModelState.IsValid) return await OnGetAsync(id, run, ct); // e.g. storage full
        if (Run.Status == ImportStatus.Geprueft && Run.GoodRows == 0)
        {
            ModelState.AddModelError("", "Die Datei enthält keine Zeile, die importiert werden kann.");
            return await OnGetAsync(id, run, ct);
        }
        if (await requests.ConfirmAsync(Run, Tabs.PublicId, ct)) TempData["StatusMessage"] = "Der Import läuft. Sie können diese Seite verlassen.";
        return RedirectToPage("/Fahrzeuge/Import/Lauf", new { id, run });
    }

    private async Task<bool> LoadAsync(string id, string? run, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null || string.IsNullOrEmpty(run)) return false;
        var found = await db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.VehicleId == vehicle.Id && r.OwnerId == vehicle.OwnerId && r.PublicId == run, ct);
        if (found is null) return false;
        Run = found;
        Tabs = new TabsModel(vehicle.PublicId, "Eintragung", vehicle.DisplayName, vehicle.VinMasked);
        return true;
    }
}
