using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Uebergabe;

/// <summary>
/// The owner objects to an approved ownership claim on the vehicle (within 14 days). The owner learns that a claim
/// exists and until when, never who made it or the proof.
/// </summary>
public sealed class WiderspruchModel(AppDbContext db, OwnershipClaims claims) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public OwnershipClaim? Claim { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await VehicleAsync(id, ct) is not { } vehicle) return NotFound();
        Claim = await claims.ObjectableAsync(vehicle, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (await VehicleAsync(id, ct) is not { } vehicle) return NotFound();
        Claim = await claims.ObjectableAsync(vehicle, ct);
        if (Claim is null)
        {
            ModelState.AddModelError("", "Gegen diesen Antrag kann nicht mehr widersprochen werden.");
            return Page();
        }
        if (await claims.ObjectAsync(vehicle, Claim, Reason, ct) is { } error)
        {
            ModelState.AddModelError(error.Contains("Begründung", StringComparison.Ordinal) ? nameof(Reason) : "", error);
            return Page();
        }
        TempData["StatusMessage"] = "Widerspruch eingelegt. Das Fahrzeug bleibt in Ihrem Konto; die antragstellende Person wird informiert.";
        return RedirectToPage("/Fahrzeuge/Uebergabe/Index", new { id = vehicle.PublicId });
    }

    private async Task<Vehicle?> VehicleAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is not null) Tabs = new TabsModel(vehicle.PublicId, "Fahrzeug", vehicle.DisplayName, vehicle.VinMasked);
        return vehicle;
    }
}
