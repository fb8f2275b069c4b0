using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Addons;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Addons;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Fahrzeuge.Ordner;

/// <summary>
/// An Oldtimer- or Restauration-Trust folder (ADR 0023 §3): what the add-on gate says, activating it, the stages and a
/// new stage. Stages exist only once the folder is activated on the vehicle; from then on it stays usable (grandfathering).
/// </summary>
public sealed class IndexModel(AppDbContext db, AddonAccess addons, AuditWriter audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public StageInput Input { get; set; } = new();

    public FolderContext Folder { get; private set; } = null!;
    public IReadOnlyList<StageView> Stages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string ordner, CancellationToken ct) =>
        await StageFolder.FindAsync(db, addons, User, id, ordner, ct) is { } folder ? await ShowAsync(folder, ct) : NotFound();

    public async Task<IActionResult> OnPostAktivierenAsync(string id, string ordner, CancellationToken ct)
    {
        if (await StageFolder.FindAsync(db, addons, User, id, ordner, ct) is not { } folder) return NotFound();
        if (folder.Activated) return RedirectToPage(new { id, ordner });
        var decision = await addons.EnableAsync(folder.Vehicle.Id, folder.Key, StageFolder.Actor(User), ct);
        if (!AddonGate.Usable(decision))
        {
            ModelState.AddModelError("", AddonGate.Message(decision));
            return await ShowAsync(folder with { Decision = decision }, ct);
        }
        await audit.WriteAsync(AuditActions.AddonEnabled, "ADDON", folder.Key, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = folder.Vehicle.PublicId, ["addon"] = folder.Key }, ct: ct);
        TempData["StatusMessage"] = $"{folder.Name}-Ordner aktiviert. Legen Sie jetzt die erste Etappe an.";
        return RedirectToPage(new { id, ordner });
    }

    public async Task<IActionResult> OnPostAsync(string id, string ordner, CancellationToken ct)
    {
        if (await StageFolder.FindAsync(db, addons, User, id, ordner, ct) is not { } folder) return NotFound();
        if (!folder.Activated)
        {
            ModelState.Clear();
            ModelState.AddModelError("", "Bitte aktivieren Sie zuerst den Ordner. " + AddonGate.Message(folder.Decision));
            return await ShowAsync(folder, ct);
        }
        var now = clock.GetUtcNow();
        var stage = new RestorationStage(folder.Vehicle.Id, folder.Key, now);
        if (!Input.ApplyTo(stage, Display.BerlinDate(now), now, ModelState)) return await ShowAsync(folder, ct);
        db.RestorationStages.Add(stage);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.RestorationStageCreated, "RESTORATION_STAGE", stage.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = folder.Vehicle.PublicId, ["addon"] = folder.Key, ["kind"] = stage.Kind.ToString() }, ct: ct);
        TempData["StatusMessage"] = "Etappe angelegt. Verknüpfen Sie jetzt Nachweise und Fotos.";
        return RedirectToPage("/Fahrzeuge/Ordner/Etappe", new { id, ordner, etappeId = stage.PublicId });
    }

    private async Task<IActionResult> ShowAsync(FolderContext folder, CancellationToken ct)
    {
        Folder = folder;
        Stages = folder.Activated ? await StageFolder.StagesAsync(db, folder.Vehicle.Id, folder.Key, null, ct) : [];
        return Page();
    }
}
