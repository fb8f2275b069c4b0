using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Addons;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Ordner;

/// <summary>The milestones of a stage (date and short text): add one, delete one.</summary>
public sealed class MeilensteineModel(AppDbContext db, AddonAccess addons, AuditWriter audit, TimeProvider clock) : PageModel
{
    [BindProperty, StringLength(20, ErrorMessage = "Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 14.03.2024.")]
    public string? On { get; set; }

    [BindProperty, StringLength(StageMilestone.MaxTextLength, ErrorMessage = "Höchstens 200 Zeichen.")]
    public string? Text { get; set; }

    public FolderContext Folder { get; private set; } = null!;
    public StageView Stage { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, string ordner, string etappeId, CancellationToken ct) =>
        await StageFolder.FindStageAsync(db, addons, User, id, ordner, etappeId, ct) is { } found ? await ShowAsync(found.Folder, found.Stage, ct) : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, string ordner, string etappeId, CancellationToken ct)
    {
        if (await StageFolder.FindStageAsync(db, addons, User, id, ordner, etappeId, ct) is not { } found) return NotFound();
        var now = clock.GetUtcNow();
        var date = StageFolder.ParseDate(On, nameof(On), ModelState, required: true);
        if (string.IsNullOrWhiteSpace(Text) && ModelState.GetFieldValidationState(nameof(Text)) != ModelValidationState.Invalid) ModelState.AddModelError(nameof(Text), "Bitte beschreiben Sie den Meilenstein.");
        var milestone = ModelState.IsValid ? Create(found.Stage.Id, date!.Value, Display.BerlinDate(now), now) : null;
        if (milestone is null) return await ShowAsync(found.Folder, found.Stage, ct);
        db.StageMilestones.Add(milestone);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.RestorationMilestoneAdded, "RESTORATION_STAGE", found.Stage.PublicId, AuditResult.Success,
            StageFolder.AuditData(found.Folder, found.Stage), ct: ct);
        TempData["StatusMessage"] = "Meilenstein hinzugefügt.";
        return RedirectToPage(new { id, ordner, etappeId });
    }

    public async Task<IActionResult> OnPostLoeschenAsync(string id, string ordner, string etappeId, string? meilensteinId, CancellationToken ct)
    {
        if (await StageFolder.FindStageAsync(db, addons, User, id, ordner, etappeId, ct) is not { } found) return NotFound();
        var milestone = await db.StageMilestones.SingleOrDefaultAsync(m => m.StageId == found.Stage.Id && m.PublicId == meilensteinId, ct);
        if (milestone is null) return NotFound();
        db.StageMilestones.Remove(milestone);
        if (!await db.SaveRemovalAsync(ct)) return RedirectToPage(new { id, ordner, etappeId });
        await audit.WriteAsync(AuditActions.RestorationMilestoneDeleted, "RESTORATION_STAGE", found.Stage.PublicId, AuditResult.Success,
            StageFolder.AuditData(found.Folder, found.Stage), ct: ct);
        TempData["StatusMessage"] = "Meilenstein gelöscht.";
        return RedirectToPage(new { id, ordner, etappeId });
    }

    private StageMilestone? Create(long stageId, DateOnly on, DateOnly today, DateTimeOffset now)
    {
        try { return new StageMilestone(stageId, on, Text!, today, now); }
        catch (DomainException ex) { ModelState.AddModelError(ex.Field ?? "", ex.Message); return null; }
    }

    private async Task<IActionResult> ShowAsync(FolderContext folder, RestorationStage stage, CancellationToken ct)
    {
        Folder = folder;
        Stage = (await StageFolder.StagesAsync(db, folder.Vehicle.Id, folder.Key, stage.PublicId, ct)).Single();
        return Page();
    }
}
