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

public sealed class BearbeitenModel(AppDbContext db, AuditWriter audit, TimeProvider clock, VinProtector vins) : PageModel
{
    [BindProperty]
    public VehicleInput Input { get; set; } = new();

    public string PublicId { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string VinMasked { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        Show(vehicle);
        Input = VehicleInput.From(vehicle);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        Show(vehicle);
        ModelState.Remove("Input.Vin");
        if (!ModelState.IsValid) return Page();
        try
        {
            // The VIN is not editable; a build year from 1981 on needs the 17 characters it has (SPEC §3).
            Vin.Parse(vins.Decrypt(vehicle.VinCipher)).CheckBuildYear(Input.BuildYear, "BuildYear");
            vehicle.Apply(Input.ToDetails(), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex);
            return Page();
        }
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.VehicleUpdated, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["accident_status"] = vehicle.AccidentStatus.ToString() }, ct: ct);
        TempData["StatusMessage"] = "Fahrzeugdaten gespeichert.";
        return RedirectToPage("/Fahrzeuge/Fahrzeug", new { id = vehicle.PublicId });
    }

    private void Show(Vehicle v)
    {
        PublicId = v.PublicId;
        Title = v.DisplayName;
        VinMasked = v.VinMasked;
    }
}
