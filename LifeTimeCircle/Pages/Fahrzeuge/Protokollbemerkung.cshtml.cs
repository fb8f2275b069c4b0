using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>
/// „Bemerkung ausblenden“ (ADR 0019 item 11): the owner hides a workshop's note on a system log of the vehicle, or shows
/// it again. The log stays unchanged (append-only); the hiding is its own row. Another owner's vehicle or log, and a note a
/// previous owner hid: 404.
/// </summary>
public sealed class ProtokollbemerkungModel(AppDbContext db, AuditWriter audit, TimeProvider clock) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public SystemLogEvent Log { get; private set; } = null!;
    public string BusinessName { get; private set; } = "";
    public bool Hidden { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string logId, CancellationToken ct) =>
        await LoadAsync(id, logId, ct) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAusblendenAsync(string id, string logId, CancellationToken ct)
    {
        if (await LoadAsync(id, logId, ct) is not { } vehicle) return NotFound();
        if (!Hidden)
        {
            var hide = new SystemLogNoteHide(Log.Id, User.UserId(), clock.GetUtcNow());
            db.SystemLogNoteHides.Add(hide);
            try
            {
                await db.SaveChangesAsync(ct);
                await AuditAsync(AuditActions.SystemLogNoteHidden, vehicle);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation<SystemLogNoteHide>(db, nameof(SystemLogNoteHide.EventId)))
            {
                db.Entry(hide).State = EntityState.Detached; // hidden a moment ago in another tab
            }
        }
        TempData["StatusMessage"] = "Die Bemerkung der Werkstatt ist ausgeblendet. Das Protokoll selbst bleibt unverändert.";
        return RedirectToPage("/Fahrzeuge/Bereich", null, new { id = vehicle, bereich = "Modul-Ereignisse" }, "protokolle");
    }

    public async Task<IActionResult> OnPostEinblendenAsync(string id, string logId, CancellationToken ct)
    {
        if (await LoadAsync(id, logId, ct) is not { } vehicle) return NotFound();
        if (await db.SystemLogNoteHides.Where(h => h.EventId == Log.Id && h.HiddenBy == User.UserId()).ExecuteDeleteAsync(ct) > 0) await AuditAsync(AuditActions.SystemLogNoteShown, vehicle);
        TempData["StatusMessage"] = "Die Bemerkung der Werkstatt wird wieder angezeigt.";
        return RedirectToPage("/Fahrzeuge/Bereich", null, new { id = vehicle, bereich = "Modul-Ereignisse" }, "protokolle");
    }

    private Task AuditAsync(string action, string vehiclePublicId) =>
        audit.WriteAsync(action, "VEHICLE", vehiclePublicId, AuditResult.Success, new Dictionary<string, object?> { ["event"] = Log.PublicId }, ct: CancellationToken.None);

    /// <returns>The vehicle's public id, or null (→ 404) when the vehicle is not the user's or the log has no note.</returns>
    private async Task<string?> LoadAsync(string id, string logId, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null || !LifeTimeCircle.Domain.Vehicles.PublicIds.LooksValid(logId)) return null;
        var found = await db.SystemLogEvents.AsNoTracking().Where(e => e.PublicId == logId && e.VehicleId == vehicle.Id && e.Note != null)
            .Join(db.Businesses, e => e.BusinessId, b => b.Id, (e, b) => new { e, b.Name, HiddenBy = db.SystemLogNoteHides.Where(h => h.EventId == e.Id).Select(h => h.HiddenBy).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        // A note a previous owner hid stays hidden: only who hid it may read it here or show it again.
        if (found is null || (found.HiddenBy is not null && found.HiddenBy != User.UserId())) return null;
        (Log, BusinessName, Hidden) = (found.e, found.Name, found.HiddenBy is not null);
        Tabs = new TabsModel(vehicle.PublicId, "Modul-Ereignisse", vehicle.DisplayName, vehicle.VinMasked);
        return vehicle.PublicId;
    }
}
