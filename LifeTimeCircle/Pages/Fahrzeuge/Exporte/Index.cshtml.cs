using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Exporte;

/// <summary>
/// Tab „Exporte“: request PDFs (QR-Aufkleber, Trust-Zertifikat, Wartungsstand) and data exports of one vehicle.
/// The row is committed and the worker woken; progress is on /Exporte. A new version of an existing PDF needs
/// the owner's confirmation; the full export needs a step-up within the last 10 minutes.
/// </summary>
public sealed class IndexModel(AppDbContext db, ExportRequests requests, StepUp stepUp, ExportContent content) : PageModel
{
    // Longer than 80 lines: GET and POST share the owner check, the renewal confirmation and the QR/step-up preconditions; the request rule lives in ExportRequests.
    [BindProperty]
    public ExportType Type { get; set; }

    [BindProperty]
    public bool Bestaetigt { get; set; }

    public TabsModel Tabs { get; private set; } = null!;
    public bool Shared { get; private set; }
    public IReadOnlyDictionary<ExportType, ExportJob> Latest { get; private set; } = new Dictionary<ExportType, ExportJob>();

    /// <summary>Set when a renewal waits for the owner's confirmation.</summary>
    public ExportJob? ConfirmRenewal { get; private set; }

    public static readonly ExportType[] Offered = [ExportType.TrustZertifikat, ExportType.Wartungsstand, ExportType.Inserat, ExportType.QrPdf, ExportType.DatenRedigiert, ExportType.DatenVoll];

    public const string ListingOnlyMessage = "Der Inserat-Export ist für VIP- und Händler-Konten verfügbar.";

    /// <summary>The listing text to copy, while the latest Inserat-Export is valid (its file not yet expired).</summary>
    public string? ListingText { get; private set; }

    public bool Allowed(ExportType type) => ExportJob.AllowedFor(type, User.IsInRole);

    /// <summary>QR sticker and listing carry the mini-check link: they need sharing switched on.</summary>
    public static bool NeedsShare(ExportType type) => type is ExportType.QrPdf or ExportType.Inserat;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        await LoadAsync(vehicle, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        await LoadAsync(vehicle, ct);
        if (!ModelState.IsValid || !Offered.Contains(Type))
        {
            ModelState.Clear();
            ModelState.AddModelError("", "Bitte wählen Sie einen Export aus der Liste.");
            return Page();
        }
        if (!Allowed(Type))
        {
            ModelState.AddModelError("", ListingOnlyMessage);
            return Page();
        }
        if (NeedsShare(Type) && vehicle.ShareToken is null)
        {
            ModelState.AddModelError("", $"Für „{ExportTexts.Type(Type)}“ schalten Sie bitte zuerst den öffentlichen Mini-Check ein (Seite „Teilen“).");
            return Page();
        }
        if (Type == ExportType.DatenVoll && !stepUp.IsFresh(HttpContext, User.UserId()))
        {
            await requests.StepUpMissingAsync("VEHICLE", vehicle.PublicId, Type, ct);
            return RedirectToPage("/Exporte/Bestaetigen", new { returnUrl = Url.Page("/Fahrzeuge/Exporte/Index", new { id = vehicle.PublicId }) });
        }
        if (Latest.TryGetValue(Type, out var previous))
        {
            if (previous.IsActive)
            {
                TempData["StatusMessage"] = $"„{ExportTexts.Type(Type)}“ wird bereits erstellt.";
                return RedirectToPage("/Exporte/Index");
            }
            if (previous.IsPdf && previous.Status != ExportStatus.Failed && !Bestaetigt)
            {
                ConfirmRenewal = previous;
                return Page();
            }
        }
        if (await requests.RequestAsync(User.UserId(), Type, vehicle, ct) is null)
        {
            TempData["StatusMessage"] = $"„{ExportTexts.Type(Type)}“ wird bereits erstellt.";
            return RedirectToPage("/Exporte/Index");
        }
        TempData["StatusMessage"] = $"„{ExportTexts.Type(Type)}“ wird erstellt. Sie können diese Seite verlassen; fertige Dateien finden Sie hier unter „Exporte“.";
        return RedirectToPage("/Exporte/Index");
    }

    private async Task LoadAsync(Domain.Vehicles.Vehicle vehicle, CancellationToken ct)
    {
        Tabs = new TabsModel(vehicle.PublicId, "Exporte", vehicle.DisplayName, vehicle.VinMasked);
        Shared = vehicle.ShareToken is not null;
        var userId = User.UserId();
        var jobs = await db.ExportJobs.AsNoTracking().Where(j => j.VehicleId == vehicle.Id && j.RequestedBy == userId)
            .OrderByDescending(j => j.Version).ToListAsync(ct);
        Latest = jobs.GroupBy(j => j.Type).ToDictionary(g => g.Key, g => g.First());
        if (Latest.TryGetValue(ExportType.Inserat, out var listing) && listing.Status == ExportStatus.Succeeded && Allowed(ExportType.Inserat))
        {
            ListingText = await content.ListingTextAsync(vehicle, ct);
        }
    }
}
