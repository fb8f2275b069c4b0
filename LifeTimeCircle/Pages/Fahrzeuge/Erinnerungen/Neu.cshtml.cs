using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Reminders;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Erinnerungen;

/// <summary>A new maintenance reminder: what, due by date and/or odometer, optionally recurring, with its warning thresholds.</summary>
public sealed class NeuModel(AppDbContext db, AuditWriter audit, ReminderBoard board, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ReminderInput Input { get; set; } = new();

    public TabsModel Tabs { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        Tabs = new TabsModel(vehicle.PublicId, "Erinnerungen", vehicle.DisplayName, vehicle.VinMasked);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        Tabs = new TabsModel(vehicle.PublicId, "Erinnerungen", vehicle.DisplayName, vehicle.VinMasked);
        if (!ModelState.IsValid) return Page();
        var reminder = Input.ToReminder(vehicle.Id, board.Today, clock.GetUtcNow(), ModelState);
        if (reminder is null) return Page();
        db.Reminders.Add(reminder);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.ReminderCreated, "REMINDER", reminder.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["item"] = reminder.Item.ToString(), ["count"] = 1 }, ct: ct);
        TempData["StatusMessage"] = $"Erinnerung „{reminder.Name}“ angelegt.";
        return RedirectToPage("/Fahrzeuge/Erinnerungen/Index", new { id = vehicle.PublicId });
    }
}
