using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Erinnerungen;

/// <summary>Deleting a reminder: a confirmation page with a POST form (reminders are the owner's own planning, no history).</summary>
public sealed class LoeschenModel(AppDbContext db, AuditWriter audit) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public string Name { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string id, string reminderId, CancellationToken ct)
    {
        var found = await FindAsync(id, reminderId, ct);
        if (found is null) return NotFound();
        Name = found.Value.Reminder.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string reminderId, CancellationToken ct)
    {
        var found = await FindAsync(id, reminderId, ct);
        if (found is null) return NotFound();
        var (reminder, vehicleId) = found.Value;
        db.Reminders.Remove(reminder);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.ReminderDeleted, "REMINDER", reminder.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicleId, ["item"] = reminder.Item.ToString() }, ct: ct);
        TempData["StatusMessage"] = $"Erinnerung „{reminder.Name}“ gelöscht.";
        return RedirectToPage("/Fahrzeuge/Erinnerungen/Index", new { id = vehicleId });
    }

    private async Task<(LifeTimeCircle.Domain.Reminders.Reminder Reminder, string VehiclePublicId)?> FindAsync(string id, string reminderId, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return null;
        var reminder = await db.Reminders.SingleOrDefaultAsync(r => r.VehicleId == vehicle.Id && r.PublicId == reminderId, ct);
        if (reminder is null) return null;
        Tabs = new TabsModel(vehicle.PublicId, "Erinnerungen", vehicle.DisplayName, vehicle.VinMasked);
        return (reminder, vehicle.PublicId);
    }
}
