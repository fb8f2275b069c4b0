using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Vehicles;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Public;

/// <summary>
/// The public mini-check <c>/q/{token}</c> (SPEC §7): exactly class, make/model, build year, coarse engine/drive,
/// masked VIN, the light with its one-sentence hint, the accident badge and the disclaimer. No numbers beyond
/// the build year and VIN fragments, no owner data. Unknown, rotated and revoked tokens get one neutral page.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class QModel(AppDbContext db, VehicleTrust trust) : PageModel
{
    public const string Disclaimer = TrustEngine.Disclaimer;

    public View? Vehicle { get; private set; }

    public sealed record View(VehicleClass Class, string Make, string Model, int? BuildYear, string? EngineDrive, string VinMasked,
        TrustLight Light, string Hint, AccidentStatus Accident);

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        var vehicle = PublicIds.LooksValid(token)
            ? await db.Vehicles.AsNoTracking().SingleOrDefaultAsync(v => v.ShareToken == token, ct)
            : null;
        if (vehicle is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var result = await trust.EvaluateAsync(vehicle, ct);
        Vehicle = new View(vehicle.Class, vehicle.Make, vehicle.Model, vehicle.BuildYear, vehicle.EngineDrive, vehicle.VinMasked,
            result.Light, result.Hint, vehicle.AccidentStatus);
        return Page();
    }
}
