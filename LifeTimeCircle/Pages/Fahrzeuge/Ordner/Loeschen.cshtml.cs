using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Addons;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Ordner;

/// <summary>Deleting a stage: a confirmation page with a POST form. Its milestones and links go with it; the documents stay in the Fahrzeugakte.</summary>
public sealed class LoeschenModel(AppDbContext db, AddonAccess addons, AuditWriter audit) : PageModel
{
    public FolderContext Folder { get; private set; } = null!;
    public RestorationStage Stage { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, string ordner, string etappeId, CancellationToken ct)
    {
        if (await StageFolder.FindStageAsync(db, addons, User, id, ordner, etappeId, ct) is not { } found) return NotFound();
        (Folder, Stage) = found;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string ordner, string etappeId, CancellationToken ct)
    {
        if (await StageFolder.FindStageAsync(db, addons, User, id, ordner, etappeId, ct) is not { } found) return NotFound();
        // Links and milestones go by cascade in the database; removing them here keeps SQLite and PostgreSQL alike without relying on it.
        db.StageEvidence.RemoveRange(await db.StageEvidence.Where(x => x.StageId == found.Stage.Id).ToListAsync(ct));
        db.StageMilestones.RemoveRange(await db.StageMilestones.Where(m => m.StageId == found.Stage.Id).ToListAsync(ct));
        db.RestorationStages.Remove(found.Stage);
        if (!await db.SaveRemovalAsync(ct)) return RedirectToPage("/Fahrzeuge/Ordner/Index", new { id, ordner });
        await audit.WriteAsync(AuditActions.RestorationStageDeleted, "RESTORATION_STAGE", found.Stage.PublicId, AuditResult.Success,
            StageFolder.AuditData(found.Folder, found.Stage), ct: ct);
        TempData["StatusMessage"] = "Etappe gelöscht. Die Dokumente bleiben in der Fahrzeugakte.";
        return RedirectToPage("/Fahrzeuge/Ordner/Index", new { id, ordner });
    }
}
