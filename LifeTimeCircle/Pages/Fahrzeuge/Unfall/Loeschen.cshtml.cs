using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Unfall;

/// <summary>Deleting a damage event: a confirmation page with a POST form. Its links go with it; the documents stay in the Fahrzeugakte.</summary>
public sealed class LoeschenModel(AppDbContext db, AuditWriter audit) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public DamageEvent Damage { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, string schadenId, CancellationToken ct) =>
        await FindAsync(id, schadenId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, string schadenId, CancellationToken ct)
    {
        if (!await FindAsync(id, schadenId, ct)) return NotFound();
        db.DamageEvents.Remove(Damage);
        // The links are deleted by cascade in the database; removing them here too lets the Trust-Ampel see the change.
        db.DamageEvidence.RemoveRange(await db.DamageEvidence.Where(x => x.DamageEventId == Damage.Id).ToListAsync(ct));
        if (!await db.SaveRemovalAsync(ct)) return RedirectToPage("/Fahrzeuge/Unfall/Index", new { id = Tabs.PublicId });
        await audit.WriteAsync(AuditActions.DamageEventDeleted, "DAMAGE_EVENT", Damage.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = Tabs.PublicId }, ct: ct);
        TempData["StatusMessage"] = $"Schaden vom {Display.Date(Damage.OccurredOn)} gelöscht. Die Dokumente bleiben in der Fahrzeugakte.";
        return RedirectToPage("/Fahrzeuge/Unfall/Index", new { id = Tabs.PublicId });
    }

    private async Task<bool> FindAsync(string id, string schadenId, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return false;
        var damage = await db.DamageEvents.SingleOrDefaultAsync(e => e.VehicleId == vehicle.Id && e.PublicId == schadenId, ct);
        if (damage is null) return false;
        Tabs = new TabsModel(vehicle.PublicId, "Fahrzeug", vehicle.DisplayName, vehicle.VinMasked);
        Damage = damage;
        return true;
    }
}
