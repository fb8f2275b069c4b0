using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Reminders;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Erinnerungen;

/// <summary>Changing a reminder: the same form as a new one, filled in; checked by the same rules.</summary>
public sealed class BearbeitenModel(AppDbContext db, AuditWriter audit, ReminderBoard board, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ReminderInput Input { get; set; } = new();

    public TabsModel Tabs { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, string reminderId, CancellationToken ct)
    {
        var found = await FindAsync(id, reminderId, ct);
        if (found is null) return NotFound();
        Input = ReminderInput.From(found.Value.Reminder);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string reminderId, CancellationToken ct)
    {
        var found = await FindAsync(id, reminderId, ct);
        if (found is null) return NotFound();
        var (reminder, vehicleId) = found.Value;
        if (!ModelState.IsValid) return Page();
        var edited = Input.ToReminder(reminder.VehicleId, board.Today, clock.GetUtcNow(), ModelState);
        if (edited is null) return Page();
        reminder.Change(edited);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.ReminderUpdated, "REMINDER", reminder.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicleId, ["item"] = reminder.Item.ToString() }, ct: ct);
        TempData["StatusMessage"] = $"Erinnerung „{reminder.Name}“ geändert.";
        return RedirectToPage("/Fahrzeuge/Erinnerungen/Index", new { id = vehicleId });
    }

    private async Task<(Reminder Reminder, string VehiclePublicId)?> FindAsync(string id, string reminderId, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).AsNoTracking().SingleOrDefaultAsync(ct);
        if (vehicle is null) return null;
        var reminder = await db.Reminders.SingleOrDefaultAsync(r => r.VehicleId == vehicle.Id && r.PublicId == reminderId, ct);
        if (reminder is null) return null;
        Tabs = new TabsModel(vehicle.PublicId, "Erinnerungen", vehicle.DisplayName, vehicle.VinMasked);
        return (reminder, vehicle.PublicId);
    }
}
