using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Uebergabe;

/// <summary>The seller's side of a handover (SPEC §9): create a code, extend it once, go to the sheet or to cancelling.</summary>
public sealed class IndexModel(AppDbContext db, TransferService transfers, TransferCookies cookies, OwnershipClaims claims) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public Transfer? Open { get; private set; }
    public bool HasCode { get; private set; }
    /// <summary>An approved ownership claim the owner can still object to.</summary>
    public OwnershipClaim? Claim { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await VehicleAsync(id, ct) is not { } vehicle) return NotFound();
        await LoadAsync(vehicle, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string id, CancellationToken ct)
    {
        if (await VehicleAsync(id, ct) is not { } vehicle) return NotFound();
        try
        {
            var (transfer, code) = await transfers.CreateAsync(vehicle, User.UserId(), ct);
            cookies.KeepSellerCode(HttpContext, User.UserId(), transfer.PublicId, code);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("", ex.Message);
            await LoadAsync(vehicle, ct);
            return Page();
        }
        TempData["StatusMessage"] = "Übergabe-Code erzeugt. Drucken Sie das Übergabeblatt aus oder geben Sie den Code weiter – er wird nur jetzt angezeigt.";
        return RedirectToPage("/Fahrzeuge/Uebergabe/Blatt", new { id = vehicle.PublicId });
    }

    public async Task<IActionResult> OnPostExtendAsync(string id, CancellationToken ct)
    {
        if (await VehicleAsync(id, ct) is not { } vehicle) return NotFound();
        if (await transfers.OpenTransferAsync(vehicle, ct) is not { } open)
        {
            ModelState.AddModelError("", "Es gibt keine offene Übergabe mehr.");
            await LoadAsync(vehicle, ct);
            return Page();
        }
        try
        {
            await transfers.ExtendAsync(vehicle, open, ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("", ex.Message);
            await LoadAsync(vehicle, ct);
            return Page();
        }
        TempData["StatusMessage"] = $"Übergabe verlängert bis {Display.DateTime(open.ExpiresAt)}.";
        return RedirectToPage("/Fahrzeuge/Uebergabe/Index", new { id = vehicle.PublicId });
    }

    private Task<Vehicle?> VehicleAsync(string id, CancellationToken ct) => db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);

    private async Task LoadAsync(Vehicle vehicle, CancellationToken ct)
    {
        Tabs = new TabsModel(vehicle.PublicId, "Fahrzeug", vehicle.DisplayName, vehicle.VinMasked);
        Open = await transfers.OpenTransferAsync(vehicle, ct);
        HasCode = Open is not null && cookies.SellerCode(HttpContext, User.UserId(), Open.PublicId) is not null;
        Claim = await claims.ObjectableAsync(vehicle, ct);
    }
}
