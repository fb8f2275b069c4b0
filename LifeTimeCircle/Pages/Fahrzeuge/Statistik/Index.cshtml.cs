using LifeTimeCircle.Data;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Statistik;

/// <summary>
/// Tab „Statistik“: odometer over time (open odometer flags marked on the curve) and costs per year and per category,
/// as inline SVG drawn on the server with the same numbers in visible tables.
/// </summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public IReadOnlyList<PlotPoint> Odometer { get; private set; } = [];
    public IReadOnlyList<Bar> CostsPerYear { get; private set; } = [];
    public IReadOnlyList<Bar> CostsPerCategory { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).AsNoTracking().SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        Tabs = new TabsModel(vehicle.PublicId, "Statistik", vehicle.DisplayName, vehicle.VinMasked);
        var entries = await db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicle.Id && e.IsLatest)
            .Select(e => new { e.GroupId, e.Date, e.OdometerKm, e.CostCents, e.Category }).ToListAsync(ct);
        // A flag names the revision it was raised on; it belongs to that entry's current version.
        var flagged = (await (from f in db.OdometerFlags
                              join e in db.Entries on f.EntryId equals e.Id
                              where f.VehicleId == vehicle.Id && f.ResolvedAt == null
                              select e.GroupId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        Odometer = VehicleCharts.Odometer(entries.Select(e => new OdometerPoint(e.Date, e.OdometerKm, flagged.Contains(e.GroupId))).ToList());
        var costs = entries.Where(e => e.CostCents is > 0).ToList();
        CostsPerYear = VehicleCharts.Bars(VehicleCharts.PerYear(costs.Select(e => (e.Date, e.CostCents!.Value))));
        CostsPerCategory = VehicleCharts.Bars(VehicleCharts.PerCategory(costs.Select(e => (e.Category, e.CostCents!.Value))));
        return Page();
    }
}
