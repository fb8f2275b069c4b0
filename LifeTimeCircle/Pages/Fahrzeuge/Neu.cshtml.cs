using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>Create a vehicle: VIN validation, encryption + HMAC, duplicate check, paywall.</summary>
public sealed class NeuModel(AppDbContext db, VinProtector vins, AuditWriter audit, TimeProvider clock) : PageModel
{
    public const string PaywallMessage = "Im kostenlosen Tarif ist ein Fahrzeug enthalten. Für weitere Fahrzeuge brauchen Sie den VIP- oder Händler-Tarif.";

    [BindProperty]
    public VehicleInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "erstes")]
    public bool Onboarding { get; set; }

    public bool LimitReached { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => LimitReached = !await CanAddAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Vin? vin = null;
        try
        {
            vin = Vin.Parse(Input.Vin);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input.Vin", ex.Message);
        }
        if (!await CanAddAsync(ct))
        {
            LimitReached = true;
            ModelState.AddModelError("", PaywallMessage);
        }
        if (!ModelState.IsValid || vin is null) return Page();

        var userId = User.UserId();
        var hmac = vins.Hmac(vin);
        var existingOwner = await db.Vehicles.Where(v => v.VinHmac == hmac).Select(v => v.OwnerId).FirstOrDefaultAsync(ct);
        if (existingOwner is not null)
        {
            ModelState.AddModelError("Input.Vin", existingOwner == userId
                ? "Dieses Fahrzeug ist bereits in Ihrem Konto."
                : "Diese FIN ist bereits registriert. Wenn Sie das Fahrzeug gekauft haben, bitten Sie den bisherigen Besitzer um einen Übergabe-Code.");
            return Page();
        }
        Vehicle vehicle;
        try
        {
            vehicle = new Vehicle(userId, vin, vins.Encrypt(vin), hmac, Input.ToDetails(), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input." + (ex.Field ?? ""), ex.Message);
            return Page();
        }
        // The paywall is checked again and the vehicle saved under one lock: parallel POSTs cannot slip past the
        // limit together (one app process per data directory, docs/architecture.md).
        await CreationLock.WaitAsync(ct);
        try
        {
            if (!await CanAddAsync(ct))
            {
                LimitReached = true;
                ModelState.AddModelError("", PaywallMessage);
                return Page();
            }
            db.Vehicles.Add(vehicle);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two saves raced for the same VIN; the unique index decided.
            ModelState.AddModelError("Input.Vin", "Diese FIN ist bereits registriert.");
            return Page();
        }
        finally
        {
            CreationLock.Release();
        }
        await audit.WriteAsync(AuditActions.VehicleCreated, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["class"] = vehicle.Class.ToString(), ["check_digit_mismatch"] = vin.CheckDigitMismatch }, ct: ct);
        TempData["StatusMessage"] = vin.CheckDigitMismatch
            ? "Fahrzeug angelegt. Achtung: Die Prüfziffer der FIN passt nicht – bitte prüfen Sie die Eingabe."
            : "Fahrzeug angelegt.";
        return Onboarding
            ? RedirectToPage("/Fahrzeuge/Eintragung/Neu", new { id = vehicle.PublicId, erstes = "true" })
            : RedirectToPage("/Fahrzeuge/Fahrzeug", new { id = vehicle.PublicId });
    }

    private static readonly SemaphoreSlim CreationLock = new(1, 1);

    private async Task<bool> CanAddAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var extra = await db.Entitlements.Where(e => e.UserId == userId).SumAsync(e => (int?)e.ExtraVehicles, ct) ?? 0;
        var limit = Paywall.Limit(Roles.All.Where(User.IsInRole), extra);
        return limit is null || await db.Vehicles.OwnedBy(userId).CountAsync(ct) < limit;
    }
}
