using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Addons;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Ordner;

/// <summary>One stage of an Oldtimer- or Restauration-Trust folder: its details and documents by role; link a document of the vehicle, or remove one.</summary>
public sealed class EtappeModel(AppDbContext db, AddonAccess addons, AuditWriter audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string? DocId { get; set; }

    [BindProperty]
    public StageEvidenceRole? Role { get; set; }

    public FolderContext Folder { get; private set; } = null!;
    public StageView Stage { get; private set; } = null!;
    public IReadOnlyList<(string DocId, string Title)> Candidates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string ordner, string etappeId, CancellationToken ct) =>
        await StageFolder.FindStageAsync(db, addons, User, id, ordner, etappeId, ct) is { } found ? await ShowAsync(found.Folder, found.Stage, ct) : NotFound();

    public async Task<IActionResult> OnPostVerknuepfenAsync(string id, string ordner, string etappeId, CancellationToken ct)
    {
        if (await StageFolder.FindStageAsync(db, addons, User, id, ordner, etappeId, ct) is not { } found) return NotFound();
        // A role that did not bind (a number, another name) must not fall back to a default.
        var (link, field, error) = ModelState.IsValid ? await StageFolder.LinkAsync(db, found.Stage, DocId, Role, clock.GetUtcNow(), ct)
            : (null, nameof(Role), "Bitte wählen Sie aus der Liste, was das Dokument zeigt.");
        if (link is null)
        {
            ModelState.Clear();
            ModelState.AddModelError(field, error);
            return await ShowAsync(found.Folder, found.Stage, ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<StageEvidence>(db, nameof(StageEvidence.StageId), nameof(StageEvidence.DocumentId)))
        {
            // A double submit linked it a moment ago.
            return RedirectToPage(new { id, ordner, etappeId });
        }
        await AuditAsync(AuditActions.RestorationEvidenceLinked, found, link.Role, ct);
        TempData["StatusMessage"] = $"Dokument als „{StageTexts.Role(link.Role)}“ verknüpft. Es zählt, sobald es freigegeben ist.";
        return RedirectToPage(new { id, ordner, etappeId });
    }

    public async Task<IActionResult> OnPostLoesenAsync(string id, string ordner, string etappeId, CancellationToken ct)
    {
        if (await StageFolder.FindStageAsync(db, addons, User, id, ordner, etappeId, ct) is not { } found) return NotFound();
        var link = await db.StageEvidence.Where(x => x.StageId == found.Stage.Id && db.Documents.Any(d => d.Id == x.DocumentId && d.PublicId == DocId))
            .SingleOrDefaultAsync(ct);
        if (link is null) return NotFound();
        db.StageEvidence.Remove(link);
        if (!await db.SaveRemovalAsync(ct)) return RedirectToPage(new { id, ordner, etappeId });
        await AuditAsync(AuditActions.RestorationEvidenceUnlinked, found, link.Role, ct);
        TempData["StatusMessage"] = "Dokument aus der Etappe entfernt. Das Dokument selbst bleibt in der Fahrzeugakte.";
        return RedirectToPage(new { id, ordner, etappeId });
    }

    private Task AuditAsync(string action, (FolderContext Folder, RestorationStage Stage) found, StageEvidenceRole role, CancellationToken ct)
    {
        var data = StageFolder.AuditData(found.Folder, found.Stage);
        data["document"] = DocId;
        data["role"] = role.ToString();
        return audit.WriteAsync(action, "RESTORATION_STAGE", found.Stage.PublicId, AuditResult.Success, data, ct: ct);
    }

    private async Task<IActionResult> ShowAsync(FolderContext folder, RestorationStage stage, CancellationToken ct)
    {
        Folder = folder;
        Stage = (await StageFolder.StagesAsync(db, folder.Vehicle.Id, folder.Key, stage.PublicId, ct)).Single();
        Candidates = await StageFolder.CandidatesAsync(db, folder.Vehicle.Id, stage.Id, ct);
        return Page();
    }
}
