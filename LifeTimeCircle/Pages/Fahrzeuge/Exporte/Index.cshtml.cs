using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Audit;
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
public sealed class IndexModel(AppDbContext db, ExportSignal signal, StepUp stepUp, AuditWriter audit, TimeProvider clock, LifeTimeCircle.Infrastructure.PublicUrls urls) : PageModel
{
    [BindProperty]
    public ExportType Type { get; set; }

    [BindProperty]
    public bool Bestaetigt { get; set; }

    public TabsModel Tabs { get; private set; } = null!;
    public bool Shared { get; private set; }
    public IReadOnlyDictionary<ExportType, ExportJob> Latest { get; private set; } = new Dictionary<ExportType, ExportJob>();

    /// <summary>Set when a renewal waits for the owner's confirmation.</summary>
    public ExportJob? ConfirmRenewal { get; private set; }

    public static readonly ExportType[] Offered = [ExportType.TrustZertifikat, ExportType.Wartungsstand, ExportType.QrPdf, ExportType.DatenRedigiert, ExportType.DatenVoll];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).AsNoTracking().SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        await LoadAsync(vehicle, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).AsNoTracking().SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        await LoadAsync(vehicle, ct);
        if (!ModelState.IsValid || !Offered.Contains(Type))
        {
            ModelState.Clear();
            ModelState.AddModelError(nameof(Type), "Bitte wählen Sie einen Export aus der Liste.");
            return Page();
        }
        if (Type == ExportType.QrPdf && vehicle.ShareToken is null)
        {
            ModelState.AddModelError(nameof(Type), "Für den QR-Aufkleber schalten Sie bitte zuerst den öffentlichen Mini-Check ein (Seite „Teilen“).");
            return Page();
        }
        if (Type == ExportType.DatenVoll && !stepUp.IsFresh(HttpContext, User.UserId()))
        {
            await audit.WriteAsync(AuditActions.ExportDenied, "VEHICLE", vehicle.PublicId, AuditResult.Denied,
                new Dictionary<string, object?> { ["export_type"] = Type.ToString(), ["reason_code"] = "STEP_UP_REQUIRED" }, ct: ct);
            return RedirectToPage("/Exporte/Bestaetigen", new { returnUrl = $"/Fahrzeuge/{vehicle.PublicId}/Exporte" });
        }
        if (Latest.TryGetValue(Type, out var previous))
        {
            if (previous.IsActive)
            {
                TempData["StatusMessage"] = $"„{ExportTexts.Type(Type)}“ wird bereits erstellt.";
                return Redirect("/Exporte");
            }
            if (previous.IsPdf && previous.Status != ExportStatus.Failed && !Bestaetigt)
            {
                ConfirmRenewal = previous;
                return Page();
            }
        }
        var version = await db.ExportJobs.Where(j => j.VehicleId == vehicle.Id && j.Type == Type).MaxAsync(j => (int?)j.Version, ct) ?? 0;
        var job = new ExportJob(Type, vehicle.Id, User.UserId(), urls.Base, version + 1, clock.GetUtcNow());
        db.ExportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(job.NeedsStepUp ? AuditActions.ExportFullRequested : AuditActions.ExportRedactedRequested, "EXPORT_JOB", job.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["export_type"] = Type.ToString(), ["vehicle"] = vehicle.PublicId, ["version"] = job.Version }, ct: ct);
        signal.Wake();
        TempData["StatusMessage"] = $"„{ExportTexts.Type(Type)}“ wird erstellt. Sie können diese Seite verlassen; fertige Dateien finden Sie hier unter „Exporte“.";
        return Redirect("/Exporte");
    }

    private async Task LoadAsync(Domain.Vehicles.Vehicle vehicle, CancellationToken ct)
    {
        Tabs = new TabsModel(vehicle.PublicId, "Exporte", vehicle.DisplayName, vehicle.VinMasked);
        Shared = vehicle.ShareToken is not null;
        var userId = User.UserId();
        var jobs = await db.ExportJobs.AsNoTracking().Where(j => j.VehicleId == vehicle.Id && j.RequestedBy == userId)
            .OrderByDescending(j => j.Version).ToListAsync(ct);
        Latest = jobs.GroupBy(j => j.Type).ToDictionary(g => g.Key, g => g.First());
    }

    public static string Description(ExportType t) => t switch
    {
        ExportType.TrustZertifikat => "PDF mit Trust-Ampel, Zeitleisten-Übersicht, Nachweis-Verzeichnis mit SHA-256 und Prüfcode. Gültig 90 Tage.",
        ExportType.Wartungsstand => "PDF mit allen Einträgen der Zeitleiste und ihrer Trust-Stufe. Gültig 30 Tage.",
        ExportType.QrPdf => "PDF zum Ausdrucken mit dem QR-Code Ihres öffentlichen Mini-Checks. Unbegrenzt gültig.",
        ExportType.DatenRedigiert => "JSON ohne FIN, E-Mail, Freitexte und nicht freigegebene Dokumente. 24 Stunden abrufbar.",
        _ => "JSON mit FIN, allen Versionen, Bemerkungen und den Dokumenten selbst. Nur nach erneuter Bestätigung Ihrer Identität; verschlüsselt gespeichert, einmal herunterladbar.",
    };
}
