using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>Create a vehicle: VIN validation here; duplicate check and paywall in <see cref="VehicleRegistration"/>.</summary>
public sealed class NeuModel(VehicleRegistration registration) : PageModel
{
    public const string PaywallMessage = VehicleRegistration.PaywallMessage;

    [BindProperty]
    public VehicleInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "erstes")]
    public bool Onboarding { get; set; }

    public bool LimitReached { get; private set; }

    /// <summary>The VIN belongs to somebody else: show the way to the handover (/Uebergabe).</summary>
    public bool OfferTransfer { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => LimitReached = !await registration.CanAddAsync(User, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Vin? vin = null;
        try
        {
            vin = Vin.Parse(Input.Vin);
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
        }
        if (!await registration.CanAddAsync(User, ct))
        {
            LimitReached = true;
            ModelState.AddModelError("", PaywallMessage);
        }
        if (!ModelState.IsValid || vin is null) return Page();

        var result = await registration.RegisterAsync(User, vin, Input.ToDetails(), ct);
        if (result.Vehicle is not { } vehicle)
        {
            LimitReached = result.LimitReached;
            ModelState.AddModelError(result.Field is null ? "" : "Input." + result.Field, result.Error!);
            OfferTransfer = result.Error == VehicleRegistration.DuplicateMessage;
            return Page();
        }
        TempData["StatusMessage"] = vin.CheckDigitMismatch
            ? "Fahrzeug angelegt. Achtung: Die Prüfziffer der FIN passt nicht – bitte prüfen Sie die Eingabe."
            : "Fahrzeug angelegt.";
        return Onboarding
            ? RedirectToPage("/Fahrzeuge/Eintragung/Neu", new { id = vehicle.PublicId, erstes = "true" })
            : RedirectToPage("/Fahrzeuge/Fahrzeug", new { id = vehicle.PublicId });
    }
}
