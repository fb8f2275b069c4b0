using LifeTimeCircle.Data;
using LifeTimeCircle.Infrastructure.Addons;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Fahrzeuge.Ordner;

/// <summary>
/// The restoration story of a folder, readable from top to bottom: stages in date order with period, who did it, the
/// description, milestones and before/after photos side by side. No costs here; they stay on the folder's working pages.
/// </summary>
public sealed class GeschichteModel(AppDbContext db, AddonAccess addons) : PageModel
{
    public FolderContext Folder { get; private set; } = null!;
    public IReadOnlyList<StageView> Stages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string ordner, CancellationToken ct)
    {
        if (await StageFolder.FindAsync(db, addons, User, id, ordner, ct) is not { } folder) return NotFound();
        // Not activated: the folder page says why and how.
        if (!folder.Activated) return RedirectToPage("/Fahrzeuge/Ordner/Index", new { id, ordner });
        Folder = folder;
        Stages = await StageFolder.StagesAsync(db, folder.Vehicle.Id, folder.Key, null, ct);
        return Page();
    }
}
