using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Teilen;

/// <summary>The public mini-check link (QR): enable, rotate (old link dead at once), disable; printable sticker.</summary>
public sealed class IndexModel(AppDbContext db, AuditWriter audit, PublicUrls urls) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public string? PublicUrl { get; private set; }
    public string? QrSvg { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        Show(vehicle);
        return Page();
    }

    public Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct) =>
        ChangeAsync(id, v => v.EnableShare(), AuditActions.PublicShareEnabled, "Der öffentliche Mini-Check ist eingeschaltet.", ct);

    public Task<IActionResult> OnPostRotateAsync(string id, CancellationToken ct) =>
        ChangeAsync(id, v => v.RotateShare(), AuditActions.PublicShareRotated, "Neuer Link erzeugt. Der alte Link und alte QR-Codes funktionieren nicht mehr.", ct);

    public Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct) =>
        ChangeAsync(id, v => v.DisableShare(), AuditActions.PublicShareDisabled, "Der öffentliche Mini-Check ist ausgeschaltet.", ct);

    private async Task<IActionResult> ChangeAsync(string id, Action<Vehicle> change, string action, string message, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        change(vehicle);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(action, "PUBLIC_SHARE", vehicle.PublicId, AuditResult.Success, scope: "public", ct: ct);
        TempData["StatusMessage"] = message;
        return RedirectToPage("/Fahrzeuge/Teilen/Index", new { id = vehicle.PublicId });
    }

    private void Show(Vehicle vehicle)
    {
        Tabs = new TabsModel(vehicle.PublicId, "Teilen", vehicle.DisplayName, vehicle.VinMasked);
        if (vehicle.ShareToken is { } token)
        {
            PublicUrl = urls.MiniCheck(token);
            QrSvg = QrCodes.Svg(PublicUrl);
        }
    }
}
