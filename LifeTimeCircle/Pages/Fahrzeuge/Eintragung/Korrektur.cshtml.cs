using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Eintragung;

/// <summary>Correct an entry: the form starts with the latest version; saving adds version n+1.</summary>
public sealed class KorrekturModel(AppDbContext db, EntryWriter writer) : PageModel
{
    [BindProperty]
    public EntryInput Input { get; set; } = new();

    public TabsModel Tabs { get; private set; } = null!;
    public string GroupId { get; private set; } = "";
    public int CurrentVersion { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string entryId, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        var latest = await db.Entries.AsNoTracking().SingleOrDefaultAsync(e => e.VehicleId == vehicle.Id && e.GroupId == entryId && e.IsLatest, ct);
        if (latest is null) return NotFound();
        Show(vehicle, latest);
        Input = EntryInput.From(latest);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string entryId, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        var latest = await db.Entries.SingleOrDefaultAsync(e => e.VehicleId == vehicle.Id && e.GroupId == entryId && e.IsLatest, ct);
        if (latest is null) return NotFound();
        Show(vehicle, latest);
        var values = Input.ToValues(ModelState);
        if (values is null) return Page();
        try
        {
            var (next, odometer) = await writer.CorrectAsync(vehicle, latest, values, User.UserId(), ct);
            TempData["StatusMessage"] = odometer.Flagged
                ? $"Korrektur gespeichert (Fassung {next.Version}). Ein Kilometerstand passt nicht zu den Nachbareinträgen – bitte im Tab „Eintragung“ bestätigen oder korrigieren."
                : $"Korrektur gespeichert (Fassung {next.Version}).";
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
            return Page();
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<Entry>(db, nameof(Entry.VehicleId), nameof(Entry.GroupId), nameof(Entry.Version)))
        {
            ModelState.AddModelError("", "Der Eintrag wurde gleichzeitig geändert. Bitte laden Sie die Seite neu.");
            return Page();
        }
        return RedirectToPage("/Fahrzeuge/Eintragung/Eintrag", new { id = vehicle.PublicId, entryId });
    }

    private void Show(Domain.Vehicles.Vehicle vehicle, Domain.Vehicles.Entry latest)
    {
        Tabs = new TabsModel(vehicle.PublicId, "Eintragung", vehicle.DisplayName, vehicle.VinMasked);
        GroupId = latest.GroupId;
        CurrentVersion = latest.Version;
    }
}
