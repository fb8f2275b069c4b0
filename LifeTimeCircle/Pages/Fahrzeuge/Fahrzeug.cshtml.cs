using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>Tab „Fahrzeug“: the vehicle's data; the full VIN for its owner only.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PageCache.PolicyName)]
public sealed class FahrzeugModel(AppDbContext db, VinProtector vins, LifeTimeCircle.Infrastructure.Vehicles.OwnershipClaims claims) : PageModel
{
    public Vehicle Vehicle { get; private set; } = null!;
    public string FullVin { get; private set; } = "";
    /// <summary>When an approved ownership claim on the vehicle moves it unless the owner objects.</summary>
    public DateTimeOffset? ClaimEndsAt { get; private set; }
    /// <summary>„Unfall behoben und dokumentiert“ as the Unfall-Trust folder derives it (ADR 0023).</summary>
    public bool AccidentRepairDocumented { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        Vehicle = vehicle;
        FullVin = vins.Decrypt(vehicle.VinCipher);
        ClaimEndsAt = (await claims.ObjectableAsync(vehicle, ct))?.ObjectionEndsAt;
        AccidentRepairDocumented = vehicle.AccidentStatus == AccidentStatus.NichtUnfallfrei
            && (await AccidentFolderQueries.StateAsync(db, vehicle.Id, ct)).Completed;
        return Page();
    }
}
