using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Addons;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Fahrzeuge.Ordner;

/// <summary>Editing a stage's kind or title, period, who did it, description and cost.</summary>
public sealed class BearbeitenModel(AppDbContext db, AddonAccess addons, AuditWriter audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public StageInput Input { get; set; } = new();

    public FolderContext Folder { get; private set; } = null!;
    public string StageId { get; private set; } = "";
    public string StageName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string id, string ordner, string etappeId, CancellationToken ct)
    {
        if (await StageFolder.FindStageAsync(db, addons, User, id, ordner, etappeId, ct) is not { } found) return NotFound();
        (Folder, StageId, StageName, Input) = (found.Folder, found.Stage.PublicId, found.Stage.Name, StageInput.From(found.Stage));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string ordner, string etappeId, CancellationToken ct)
    {
        if (await StageFolder.FindStageAsync(db, addons, User, id, ordner, etappeId, ct) is not { } found) return NotFound();
        (Folder, StageId, StageName) = (found.Folder, found.Stage.PublicId, found.Stage.Name);
        var now = clock.GetUtcNow();
        if (!Input.ApplyTo(found.Stage, Display.BerlinDate(now), now, ModelState)) return Page();
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.RestorationStageUpdated, "RESTORATION_STAGE", found.Stage.PublicId, AuditResult.Success,
            StageFolder.AuditData(found.Folder, found.Stage), ct: ct);
        TempData["StatusMessage"] = "Etappe gespeichert.";
        return RedirectToPage("/Fahrzeuge/Ordner/Etappe", new { id, ordner, etappeId });
    }
}
