using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Unfall;

/// <summary>
/// The Unfall-Trust folder (ADR 0023): the vehicle's damage events and whether the accident counts as „behoben und
/// dokumentiert“; a new damage event. The first one opens the folder, from then on only the folder decides.
/// </summary>
public sealed class IndexModel(AppDbContext db, AuditWriter audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public DamageInput Input { get; set; } = new();

    public TabsModel Tabs { get; private set; } = null!;
    public Vehicle Vehicle { get; private set; } = null!;
    public AccidentTrustState State { get; private set; } = new(false, false);
    public IReadOnlyList<DamageView> Events { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        await LoadAsync(vehicle, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        var now = clock.GetUtcNow();
        var damage = Input.ToEvent(vehicle.Id, Display.BerlinDate(now), now, ModelState);
        if (damage is null)
        {
            await LoadAsync(vehicle, ct);
            return Page();
        }
        // A double submit (or a retried request) must not create the same damage twice: an empty twin would take the
        // completion away. The look-up and the insert run in one write transaction (SQLite: BEGIN IMMEDIATE).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var twin = await db.DamageEvents.Where(e => e.VehicleId == vehicle.Id && e.OccurredOn == damage.OccurredOn && e.Damage == damage.Damage
                && e.PerformedBy == damage.PerformedBy && e.CreatedAt >= now.AddMinutes(-10))
            .Select(e => e.PublicId).FirstOrDefaultAsync(ct);
        if (twin is not null) return RedirectToPage("/Fahrzeuge/Unfall/Schaden", new { id = vehicle.PublicId, schadenId = twin });
        var opened = vehicle.AccidentFolderOpenedAt is null;
        vehicle.OpenAccidentFolder(now);
        db.DamageEvents.Add(damage);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await audit.WriteAsync(AuditActions.DamageEventCreated, "DAMAGE_EVENT", damage.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["opened"] = opened }, ct: ct);
        TempData["StatusMessage"] = "Schaden angelegt. Verknüpfen Sie jetzt Gutachten oder Reparaturrechnung und Fotos.";
        return RedirectToPage("/Fahrzeuge/Unfall/Schaden", new { id = vehicle.PublicId, schadenId = damage.PublicId });
    }

    private async Task LoadAsync(Vehicle vehicle, CancellationToken ct)
    {
        Vehicle = vehicle;
        Tabs = new TabsModel(vehicle.PublicId, "Fahrzeug", vehicle.DisplayName, vehicle.VinMasked);
        State = await AccidentFolderQueries.StateAsync(db, vehicle.Id, ct);
        Events = await DamageFolder.EventsAsync(db, vehicle.Id, null, ct);
    }
}
