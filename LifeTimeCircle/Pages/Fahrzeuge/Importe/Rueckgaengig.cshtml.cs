using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Importe;

/// <summary>
/// „Import rückgängig machen“ of a multi-vehicle import (ADR 0020 point 17): the confirmation page and its POST; within 7
/// days its entries go, and the vehicles it created go too unless something else was added to them since.
/// </summary>
public sealed class RueckgaengigModel(AppDbContext db, ImportUndo undo, TimeProvider clock) : PageModel
{
    public const string TooLate = "Dieser Import kann nicht mehr rückgängig gemacht werden (nur innerhalb von 7 Tagen nach dem Import).";

    public ImportRun Run { get; private set; } = null!;
    public int CreatedVehicles { get; private set; }

    public async Task<IActionResult> OnGetAsync(string lauf, CancellationToken ct)
    {
        if (!await LoadAsync(lauf, ct)) return NotFound();
        if (!Run.CanUndo(clock.GetUtcNow())) ModelState.AddModelError("", TooLate);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string lauf, CancellationToken ct)
    {
        if (!await LoadAsync(lauf, ct)) return NotFound();
        if (!ModelState.IsValid) return Page(); // e.g. storage full
        if (Run.Status == ImportStatus.Rueckgaengig) return RedirectToPage("/Fahrzeuge/Importe/Lauf", new { lauf }); // a second click
        if (!Run.CanUndo(clock.GetUtcNow()))
        {
            ModelState.AddModelError("", TooLate);
            return Page();
        }
        var result = await undo.UndoAsync(Run, ct);
        if (result.Refusal is { } refusal)
        {
            ModelState.AddModelError("", refusal);
            return Page();
        }
        TempData["StatusMessage"] = $"Der Import ist rückgängig gemacht: {Display.Count(result.Entries, "Eintrag wurde", "Einträge wurden")} entfernt, "
            + $"{Display.Count(result.VehiclesRemoved, "angelegtes Fahrzeug", "angelegte Fahrzeuge")} entfernt"
            + (result.VehiclesKept > 0 ? $", {Display.Count(result.VehiclesKept, "Fahrzeug bleibt", "Fahrzeuge bleiben")}, weil Sie inzwischen etwas hinzugefügt haben." : ".");
        return RedirectToPage("/Fahrzeuge/Importe/Lauf", new { lauf });
    }

    private async Task<bool> LoadAsync(string? lauf, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(lauf)) return false;
        var userId = User.UserId();
        var found = await db.ImportRuns.SingleOrDefaultAsync(r => r.OwnerId == userId && r.VehicleId == null && r.PublicId == lauf, ct);
        if (found is null) return false;
        Run = found;
        CreatedVehicles = await undo.Reachable(found).CountAsync(v => db.ImportGroups.Any(g => g.ImportRunId == found.Id && g.Created && g.VehicleId == v.Id), ct);
        return true;
    }
}
