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
    public string OwnerId { get; private set; } = "";
    public DateTimeOffset? OwnedSince { get; private set; }

    /// <summary>Open odometer flags of the current version, with the neighbour each conflicts with (issue 22).</summary>
    public IReadOnlyList<OdometerFlag> Flags { get; private set; } = [];

    /// <summary>„Vorbesitz“ for versions written before the current owner took over; corrections are new versions of the current owner.</summary>
    public bool IsPreviousOwnership(Entry version) => Vehicle.IsPreviousOwnership(version.CreatedBy, version.CreatedAt, OwnerId, OwnedSince);

    public async Task<IActionResult> OnGetAsync(string id, string entryId, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        Versions = await db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicle.Id && e.GroupId == entryId)
            .OrderByDescending(e => e.Version).ToListAsync(ct);
        if (Versions.Count == 0) return NotFound();
        var current = Versions[0].Id;
        Flags = await db.OdometerFlags.AsNoTracking().Where(f => f.VehicleId == vehicle.Id && f.EntryId == current && f.ResolvedAt == null)
            .OrderBy(f => f.Id).ToListAsync(ct);
        Tabs = new TabsModel(vehicle.PublicId, "Eintragung", vehicle.DisplayName, vehicle.VinMasked);
        GroupId = entryId;
        OwnerId = vehicle.OwnerId;
        OwnedSince = vehicle.OwnedSince;
        return Page();
    }
}
