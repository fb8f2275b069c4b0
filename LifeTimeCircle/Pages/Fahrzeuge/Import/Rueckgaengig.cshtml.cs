using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Import;

/// <summary>„Import rückgängig machen“: the confirmation page and its POST; within 7 days, all entries of the import go.</summary>
public sealed class RueckgaengigModel(AppDbContext db, EntryWriter writer, AuditWriter audit, TimeProvider clock) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public ImportRun Run { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, string run, CancellationToken ct)
    {
        if (await LoadAsync(id, run, ct) is null) return NotFound();
        if (!Run.CanUndo(clock.GetUtcNow())) ModelState.AddModelError("", "Dieser Import kann nicht mehr rückgängig gemacht werden (nur innerhalb von 7 Tagen nach dem Import).");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string run, CancellationToken ct)
    {
        if (await LoadAsync(id, run, ct) is not { } vehicle) return NotFound();
        if (!ModelState.IsValid) return Page(); // e.g. storage full
        var now = clock.GetUtcNow();
        if (Run.Status == ImportStatus.Rueckgaengig) return RedirectToPage("/Fahrzeuge/Import/Lauf", new { id, run }); // a second click
        if (!Run.CanUndo(now))
        {
            ModelState.AddModelError("", "Dieser Import kann nicht mehr rückgängig gemacht werden (nur innerhalb von 7 Tagen nach dem Import).");
            return Page();
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await writer.RemoveImportedAsync(vehicle, Run.Id, ct);
        if (removed is null)
        {
            ModelState.AddModelError("", "Zu importierten Einträgen gibt es bereits hochgeladene Dokumente. Bitte löschen Sie diese Dokumente zuerst; dann kann der Import rückgängig gemacht werden.");
            return Page();
        }
        Run.Undo(now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await audit.WriteAsync(AuditActions.ImportUndone, "IMPORT", Run.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["removed"] = removed }, ct: ct);
        TempData["StatusMessage"] = $"Der Import ist rückgängig gemacht: {Display.Count(removed.Value, "Eintrag wurde", "Einträge wurden")} entfernt.";
        return RedirectToPage("/Fahrzeuge/Import/Lauf", new { id, run });
    }

    private async Task<Domain.Vehicles.Vehicle?> LoadAsync(string id, string? run, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);
        if (vehicle is null || string.IsNullOrEmpty(run)) return null;
        var found = await db.ImportRuns.SingleOrDefaultAsync(r => r.VehicleId == vehicle.Id && r.OwnerId == vehicle.OwnerId && r.PublicId == run, ct);
        // Only imports of the current ownership: after a handover (and back) the earlier imports are history.
        if (found is null || (vehicle.OwnedSince is { } since && (found.ImportedAt ?? found.CreatedAt) < since)) return null;
        Run = found;
        Tabs = new TabsModel(vehicle.PublicId, "Eintragung", vehicle.DisplayName, vehicle.VinMasked);
        return vehicle;
    }
}
