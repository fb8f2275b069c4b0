using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Eintragung;

/// <summary>An entry with its full history: every version, newest first.</summary>
public sealed class EintragModel(AppDbContext db) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public IReadOnlyList<Entry> Versions { get; private set; } = [];
    public string GroupId { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string id, string entryId, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).AsNoTracking().SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        Versions = await db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicle.Id && e.GroupId == entryId)
            .OrderByDescending(e => e.Version).ToListAsync(ct);
        if (Versions.Count == 0) return NotFound();
        Tabs = new TabsModel(vehicle.PublicId, "Eintragung", vehicle.DisplayName, vehicle.VinMasked);
        GroupId = entryId;
        return Page();
    }
}
