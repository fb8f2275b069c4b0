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
/// the build year and VIN fragments, no owner data. Unknown, rotated and revoked tokens, and the link of a vehicle whose
/// owner an admin removed, get one neutral page.
/// </summary>
[IgnoreAntiforgeryToken]
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = MiniCheckCache.PolicyName)]
public sealed class QModel(AppDbContext db, VehicleTrust trust) : PageModel
{
    public const string Disclaimer = TrustEngine.Disclaimer;

    public View? Vehicle { get; private set; }

    public sealed record View(VehicleClass Class, string Make, string Model, int? BuildYear, string? EngineDrive, string VinMasked,
        TrustLight Light, string Hint, AccidentStatus Accident);

    private sealed record Row(long Id, VehicleClass Class, string Make, string Model, int? BuildYear, EngineType? Engine, DriveLayout? Drive, string VinMasked,
        AccidentStatus AccidentStatus, TrustLight? Light, string? Reasons);

    /// <summary>The hottest query of the app (issue 13): vehicle by share token with its stored trust summary, compiled once.</summary>
    private static readonly Func<AppDbContext, string, CancellationToken, Task<Row?>> ByToken = EF.CompileAsyncQuery(
        (AppDbContext db, string token, CancellationToken ct) =>
            (from v in db.Vehicles.AsNoTracking()
             where v.ShareToken == token && db.Users.Any(u => u.Id == v.OwnerId && u.DeletedAt == null)
             join s in db.TrustSummaries.AsNoTracking() on v.Id equals s.VehicleId into summaries
             from s in summaries.DefaultIfEmpty()
             select new Row(v.Id, v.Class, v.Make, v.Model, v.BuildYear, v.Engine, v.Drive, v.VinMasked, v.AccidentStatus,
                 s == null ? null : (TrustLight?)s.Light, s == null ? null : s.Reasons))
            .SingleOrDefault());

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        var vehicle = PublicIds.LooksValid(token) ? await ByToken(db, token, ct) : null;
        if (vehicle is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        // The stored summary (same row lookup); evaluated from scratch only if it is missing.
        var result = vehicle.Light is { } light ? TrustSummary.ToResult(light, vehicle.Reasons!) : await trust.StoredAsync(vehicle.Id, ct);
        HttpContext.Items[MiniCheckCache.VehicleItem] = vehicle.Id;
        Vehicle = new View(vehicle.Class, vehicle.Make, vehicle.Model, vehicle.BuildYear, EngineDriveTexts.Coarse(vehicle.Engine, vehicle.Drive), vehicle.VinMasked,
            result.Light, result.Hint, vehicle.AccidentStatus);
        return Page();
    }
}
