using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Documents.Thumbnails;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Unfall;

/// <summary>One damage event of the Unfall-Trust folder: its documents by role; link a document of the vehicle, or remove one.</summary>
public sealed class SchadenModel(AppDbContext db, AuditWriter audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string? DocId { get; set; }

    [BindProperty]
    public DamageEvidenceRole? Role { get; set; }

    public TabsModel Tabs { get; private set; } = null!;
    public DamageView Event { get; private set; } = null!;
    public IReadOnlyList<(string DocId, string Title)> Candidates { get; private set; } = [];
    /// <summary>Previews of the linked photos by document id (ADR 0022).</summary>
    public IReadOnlyDictionary<string, ThumbnailView> Thumbnails { get; private set; } = new Dictionary<string, ThumbnailView>();

    public async Task<IActionResult> OnGetAsync(string id, string schadenId, CancellationToken ct) =>
        await FindAsync(id, schadenId, ct) is { } found ? await ShowAsync(found.Vehicle, found.Damage, ct) : NotFound();

    public async Task<IActionResult> OnPostVerknuepfenAsync(string id, string schadenId, CancellationToken ct)
    {
        if (await FindAsync(id, schadenId, ct) is not { } found) return NotFound();
        // A role that did not bind (a number, another name) must not fall back to a default.
        var (link, field, error) = ModelState.IsValid ? await DamageFolder.LinkAsync(db, found.Damage, DocId, Role, clock.GetUtcNow(), ct)
            : (null, nameof(Role), "Bitte wählen Sie aus der Liste, was das Dokument belegt.");
        if (link is null)
        {
            ModelState.Clear();
            ModelState.AddModelError(field, error);
            return await ShowAsync(found.Vehicle, found.Damage, ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<DamageEvidence>(db, nameof(DamageEvidence.DamageEventId), nameof(DamageEvidence.DocumentId)))
        {
            // A double submit linked it a moment ago.
            return RedirectToPage(new { id, schadenId });
        }
        await AuditAsync(linked: true, found, link.Role, ct);
        TempData["StatusMessage"] = $"Dokument als „{DamageTexts.Role(link.Role)}“ verknüpft. Es zählt, sobald es freigegeben ist.";
        return RedirectToPage(new { id, schadenId });
    }

    public async Task<IActionResult> OnPostLoesenAsync(string id, string schadenId, CancellationToken ct)
    {
        if (await FindAsync(id, schadenId, ct) is not { } found) return NotFound();
        var link = await db.DamageEvidence.Where(x => x.DamageEventId == found.Damage.Id && db.Documents.Any(d => d.Id == x.DocumentId && d.PublicId == DocId))
            .SingleOrDefaultAsync(ct);
        if (link is null) return NotFound();
        db.DamageEvidence.Remove(link);
        if (!await db.SaveRemovalAsync(ct)) return RedirectToPage(new { id, schadenId });
        await AuditAsync(linked: false, found, link.Role, ct);
        TempData["StatusMessage"] = "Dokument aus dem Schaden entfernt. Das Dokument selbst bleibt in der Fahrzeugakte.";
        return RedirectToPage(new { id, schadenId });
    }

    private const string Target = "DAMAGE_EVENT";

    private Task AuditAsync(bool linked, (Vehicle Vehicle, DamageEvent Damage) found, DamageEvidenceRole role, CancellationToken ct) =>
        audit.WriteAsync(linked ? AuditActions.DamageEvidenceLinked : AuditActions.DamageEvidenceUnlinked, Target, found.Damage.PublicId, AuditResult.Success, new Dictionary<string, object?>
        {
            ["vehicle"] = found.Vehicle.PublicId, ["document"] = DocId, ["role"] = role.ToString(),
        }, ct: ct);

    private async Task<(Vehicle Vehicle, DamageEvent Damage)?> FindAsync(string id, string schadenId, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        var damage = vehicle is null ? null
            : await db.DamageEvents.AsNoTracking().SingleOrDefaultAsync(e => e.VehicleId == vehicle.Id && e.PublicId == schadenId, ct);
        return damage is null ? null : (vehicle!, damage);
    }

    private async Task<IActionResult> ShowAsync(Vehicle vehicle, DamageEvent damage, CancellationToken ct)
    {
        Tabs = new TabsModel(vehicle.PublicId, "Fahrzeug", vehicle.DisplayName, vehicle.VinMasked);
        Event = (await DamageFolder.EventsAsync(db, vehicle.Id, damage.PublicId, ct)).Single();
        Candidates = await DamageFolder.CandidatesAsync(db, vehicle.Id, damage.PublicId, ct);
        Thumbnails = await DamageFolder.PhotoThumbnailsAsync(db, vehicle, Event, ct);
        return Page();
    }
}
