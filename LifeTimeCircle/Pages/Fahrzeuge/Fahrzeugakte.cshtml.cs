using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>Tab „Fahrzeugakte“: the Trust-Ampel, its reasons in plain German and the to-dos with owner notes.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PageCache.PolicyName)]
public sealed class FahrzeugakteModel(AppDbContext db, VehicleTrust trust, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public TabsModel Tabs { get; private set; } = null!;
    public TrustResult Result { get; private set; } = null!;
    public IReadOnlyList<TrustReason> Todos { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Notes { get; private set; } = new Dictionary<string, string>();
    public bool IsVip { get; private set; }
    public AccidentStatus Accident { get; private set; }
    public int EntryCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        await LoadAsync(vehicle, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        if (TrustEngine.Catalog.All(r => r.Code != Code)) return NotFound();
        var text = (Note ?? "").Trim();
        if (text.Length > 500)
        {
            ModelState.AddModelError(nameof(Note), "Die Notiz darf höchstens 500 Zeichen lang sein.");
            await LoadAsync(vehicle, ct);
            return Page();
        }
        var existing = await db.TodoNotes.SingleOrDefaultAsync(n => n.VehicleId == vehicle.Id && n.Code == Code, ct);
        if (text.Length == 0 && existing is not null) db.TodoNotes.Remove(existing);
        else if (existing is not null) existing.Update(text, clock.GetUtcNow());
        else if (text.Length > 0) db.TodoNotes.Add(new TodoNote(vehicle.Id, Code!, text, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (existing is null && ex.IsUniqueViolation<TodoNote>(db, nameof(TodoNote.VehicleId), nameof(TodoNote.Code)))
        {
            // A parallel submit created the note first: update that one instead.
            db.ChangeTracker.Clear();
            var stored = await db.TodoNotes.SingleAsync(n => n.VehicleId == vehicle.Id && n.Code == Code, ct);
            stored.Update(text, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        TempData["StatusMessage"] = "Notiz gespeichert.";
        return RedirectToPage("/Fahrzeuge/Fahrzeugakte", new { id = vehicle.PublicId });
    }

    private async Task LoadAsync(Vehicle vehicle, CancellationToken ct)
    {
        Tabs = new TabsModel(vehicle.PublicId, "Fahrzeugakte", vehicle.DisplayName, vehicle.VinMasked);
        Result = await trust.StoredAsync(vehicle.Id, ct);
        IsVip = User.IsInRole(Roles.Vip);
        Todos = Result.Todos(IsVip);
        Accident = vehicle.AccidentStatus;
        EntryCount = await db.Entries.CountAsync(e => e.VehicleId == vehicle.Id && e.IsLatest, ct);
        Notes = await db.TodoNotes.AsNoTracking().Where(n => n.VehicleId == vehicle.Id).ToDictionaryAsync(n => n.Code, n => n.Note, ct);
    }
}
