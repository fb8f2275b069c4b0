using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Eintragung;

public sealed class NeuModel(AppDbContext db, EntryWriter writer) : PageModel
{
    [BindProperty]
    public EntryInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "erstes")]
    public bool Onboarding { get; set; }

    public TabsModel Tabs { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        Tabs = new TabsModel(vehicle.PublicId, "Eintragung", vehicle.DisplayName, vehicle.VinMasked);
        Input.Date = Display.Date(writer.Today);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        Tabs = new TabsModel(vehicle.PublicId, "Eintragung", vehicle.DisplayName, vehicle.VinMasked);
        var values = Input.ToValues(ModelState);
        if (values is null) return Page();
        try
        {
            var (_, odometer) = await writer.AddAsync(vehicle, values, User.UserId(), ct);
            TempData["StatusMessage"] = odometer.Flagged
                ? "Eintrag gespeichert. Ein Kilometerstand passt nicht zu den Nachbareinträgen – bitte bestätigen oder korrigieren."
                : "Eintrag gespeichert.";
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
            return Page();
        }
        return Onboarding
            ? RedirectToPage("/Fahrzeuge/Eintragung/Neu", new { id = vehicle.PublicId, erstes = "true" })
            : RedirectToPage("/Fahrzeuge/Eintragung/Index", new { id = vehicle.PublicId });
    }
}
