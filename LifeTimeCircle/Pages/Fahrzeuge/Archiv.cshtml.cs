using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>Tab „Archiv“: historic entries (Nachträge, e.g. from the paper service book), oldest first.</summary>
public sealed class ArchivModel(AppDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "seite")]
    public int PageNumber { get; set; } = 1;

    public TabsModel Tabs { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool HasNext { get; private set; }

    public sealed record Row(string GroupId, DateOnly Date, EntryCategory Category, BusinessType PerformedBy, int OdometerKm);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        Tabs = new TabsModel(vehicle.PublicId, "Archiv", vehicle.DisplayName, vehicle.VinMasked);
        PageNumber = Math.Clamp(PageNumber, 1, 1_000_000); // far beyond any real page, and (page - 1) * size cannot overflow
        var rows = await db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicle.Id && e.IsLatest && e.IsNachtrag)
            .OrderBy(e => e.Date).ThenBy(e => e.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize + 1)
            .Select(e => new Row(e.GroupId, e.Date, e.Category, e.PerformedBy, e.OdometerKm)).ToListAsync(ct);
        HasNext = rows.Count > PageSize;
        Rows = rows.Take(PageSize).ToList();
        return Page();
    }
}
