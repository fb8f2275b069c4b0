using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Pages.Fahrzeuge.Import;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Importe;

/// <summary>
/// One multi-vehicle import: progress, the report per vehicle (FIN: own vehicle, new vehicle, refused and why) and per
/// row, „Import bestätigen“. The same run machinery as the import of one vehicle (<see cref="LaufModel"/>).
/// </summary>
public sealed class LaufModel(AppDbContext db, ImportReports reports, ImportRequests requests, TimeProvider clock) : PageModel
{
    public ImportRun Run { get; private set; } = null!;
    public IReadOnlyList<ImportGroup> Groups { get; private set; } = [];
    public IReadOnlyList<ImportIssue> Issues { get; private set; } = [];
    public int IssueCount { get; private set; }
    public bool CanUndo => Run.CanUndo(clock.GetUtcNow());
    public int NewVehicles => Groups.Count(g => g.Outcome == GroupOutcome.Neu);
    public int VehiclesGoing => Groups.Count(g => g.Outcome is GroupOutcome.Neu or GroupOutcome.Eigenes);

    public async Task<IActionResult> OnGetAsync(string lauf, CancellationToken ct)
    {
        if (!await LoadAsync(lauf, ct)) return NotFound();
        Groups = await db.ImportGroups.AsNoTracking().Where(g => g.ImportRunId == Run.Id).OrderBy(g => g.FirstRow).ToListAsync(ct);
        IssueCount = await db.ImportIssues.CountAsync(i => i.ImportRunId == Run.Id, ct);
        Issues = await db.ImportIssues.AsNoTracking().Where(i => i.ImportRunId == Run.Id).OrderBy(i => i.Row).ThenBy(i => i.Id).Take(ImportReportView.ShownIssues).ToListAsync(ct);
        return Page();
    }

    /// <summary>„Prüfbericht herunterladen“: every line of the report as CSV.</summary>
    public async Task<IActionResult> OnGetBerichtAsync(string lauf, CancellationToken ct)
    {
        if (!await LoadAsync(lauf, ct)) return NotFound();
        DownloadHeaders.Apply(Response, $"pruefbericht-{Run.PublicId}.csv", "text/csv; charset=utf-8");
        await reports.WriteCsvAsync(Run.Id, Response.Body, ct);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostBestaetigenAsync(string lauf, CancellationToken ct)
    {
        if (!await LoadAsync(lauf, ct)) return NotFound();
        if (!ModelState.IsValid) return await OnGetAsync(lauf, ct); // e.g. storage full
        if (Run.Status == ImportStatus.Geprueft && Run.GoodRows == 0)
        {
            ModelState.AddModelError("", "Die Datei enthält keine Zeile, die importiert werden kann.");
            return await OnGetAsync(lauf, ct);
        }
        if (await requests.ConfirmAsync(Run, null, ct)) TempData["StatusMessage"] = "Der Import läuft. Sie können diese Seite verlassen.";
        return RedirectToPage("/Fahrzeuge/Importe/Lauf", new { lauf });
    }

    private async Task<bool> LoadAsync(string? lauf, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(lauf)) return false;
        var userId = User.UserId();
        Run = (await db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.OwnerId == userId && r.VehicleId == null && r.PublicId == lauf, ct))!;
        return Run is not null;
    }
}
