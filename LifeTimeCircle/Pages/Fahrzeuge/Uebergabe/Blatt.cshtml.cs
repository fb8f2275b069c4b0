using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Uebergabe;

/// <summary>
/// The printable hand-over sheet (page with print CSS, and as PDF): code, QR code and what the buyer does. The code
/// comes only from the seller's short-lived cookie set at creation (ADR 0009); without it the sheet cannot be shown.
/// </summary>
public sealed class BlattModel(AppDbContext db, TransferService transfers, TransferCookies cookies, PublicUrls urls) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public string Vehicle { get; private set; } = "";
    public string? Code { get; private set; }
    public string? QrSvg { get; private set; }
    public string RedeemPage => urls.HandoverPage;
    public DateTimeOffset ExpiresAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Response.Headers.CacheControl = "no-store";
        if (Code is not null) QrSvg = QrCodes.Svg(urls.Handover(Code));
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Code is null) return RedirectToPage("/Fahrzeuge/Uebergabe/Blatt", new { id = Tabs.PublicId });
        Response.Headers.CacheControl = "no-store";
        var pdf = TransferSheet.Pdf(Vehicle, Tabs.VinMasked, Code, urls.Handover(Code), urls.HandoverPage, ExpiresAt);
        return File(pdf, "application/pdf", "Uebergabeblatt.pdf");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).SingleOrDefaultAsync(ct);
        if (vehicle is null) return false;
        Tabs = new TabsModel(vehicle.PublicId, "Fahrzeug", vehicle.DisplayName, vehicle.VinMasked);
        Vehicle = $"{vehicle.Make} {vehicle.Model}";
        if (await transfers.OpenTransferAsync(vehicle, ct) is { } open
            && cookies.SellerCode(HttpContext, User.UserId(), open.PublicId) is { } code)
        {
            Code = TransferCode.Format(code);
            ExpiresAt = open.ExpiresAt;
        }
        return true;
    }
}
