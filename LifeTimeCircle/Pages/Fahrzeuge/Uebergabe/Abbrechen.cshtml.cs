using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Uebergabe;

/// <summary>Cancelling an open handover: a confirmation page with a POST form (STYLE convention 3).</summary>
public sealed class AbbrechenModel(AppDbContext db, TransferService transfers, TransferCookies cookies) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        if (await transfers.OpenTransferAsync(vehicle, ct) is null) return RedirectToPage("/Fahrzeuge/Uebergabe/Index", new { id = vehicle.PublicId });
        Tabs = new TabsModel(vehicle.PublicId, "Fahrzeug", vehicle.DisplayName, vehicle.VinMasked);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        if (await transfers.OpenTransferAsync(vehicle, ct) is { } open)
        {
            try
            {
                await transfers.CancelAsync(vehicle, open, ct);
            }
            catch (DomainException ex)
            {
                TempData["StatusMessage"] = ex.Message;
                return RedirectToPage("/Fahrzeuge/Uebergabe/Index", new { id = vehicle.PublicId });
            }
            cookies.ForgetSellerCode(HttpContext);
            TempData["StatusMessage"] = "Übergabe abgebrochen. Der Code ist ungültig.";
        }
        return RedirectToPage("/Fahrzeuge/Uebergabe/Index", new { id = vehicle.PublicId });
    }
}
