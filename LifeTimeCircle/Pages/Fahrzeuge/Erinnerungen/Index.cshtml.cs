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

/// <summary>Tab „Erinnerungen“: the vehicle's maintenance reminders, overdue first, and suggestions to take over.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PageCache.PolicyName)]
public sealed class IndexModel(AppDbContext db, AuditWriter audit, ReminderBoard board, TimeProvider clock) : PageModel
{
    public TabsModel Tabs { get; private set; } = null!;
    public IReadOnlyList<ReminderView> Reminders { get; private set; } = [];

    /// <summary>Suggestions whose item the vehicle has no reminder for yet.</summary>
    public IReadOnlyList<ReminderTemplate> Suggestions { get; private set; } = [];

    /// <summary>The ticked suggestions (item names); nothing is ticked by default.</summary>
    [BindProperty]
    public List<ReminderItem> Vorlagen { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).AsNoTracking().Select(v => new { v.Id, v.PublicId, v.Nickname, v.Make, v.Model, v.VinMasked }).SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        Tabs = new TabsModel(vehicle.PublicId, "Erinnerungen", vehicle.Nickname ?? vehicle.Make + " " + vehicle.Model, vehicle.VinMasked);
        Reminders = await board.ForVehiclesAsync([vehicle.Id], ct);
        var present = Reminders.Select(r => r.Item).ToHashSet();
        Suggestions = ReminderItems.Templates.Where(t => !present.Contains(t.Item)).ToList();
        return Page();
    }

    /// <summary>Takes over the ticked suggestions; items the vehicle already has a reminder for are skipped.</summary>
    public async Task<IActionResult> OnPostVorlagenAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).AsNoTracking().Select(v => new { v.Id, v.PublicId }).SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        var present = await db.Reminders.Where(r => r.VehicleId == vehicle.Id).Select(r => r.Item).ToListAsync(ct);
        var chosen = ReminderItems.Templates.Where(t => Vorlagen.Contains(t.Item) && !present.Contains(t.Item)).ToList();
        if (chosen.Count == 0)
        {
            TempData["StatusMessage"] = "Keine Vorschläge ausgewählt – es wurde nichts angelegt.";
            return RedirectToPage("/Fahrzeuge/Erinnerungen/Index", new { id = vehicle.PublicId });
        }
        var today = board.Today;
        foreach (var t in chosen) db.Reminders.Add(Reminder.FromTemplate(vehicle.Id, t, today, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.ReminderCreated, "REMINDER", null, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["item"] = "template", ["count"] = chosen.Count }, ct: ct);
        TempData["StatusMessage"] = Display.Count(chosen.Count, "Erinnerung", "Erinnerungen") + " angelegt.";
        return RedirectToPage("/Fahrzeuge/Erinnerungen/Index", new { id = vehicle.PublicId });
    }
}
