using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Infrastructure.Reminders;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Dashboard;

/// <summary>
/// The signed-in start page: every vehicle (the first <see cref="MaxVehicles"/>) with its Trust-Ampel, what is due or
/// overdue, open to-dos and documents still in review; empty states say what to do next.
/// </summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PageCache.PolicyName)]
public sealed class IndexModel(AppDbContext db, VehicleTrust trust, ReminderBoard reminders) : PageModel
{
    public const int MaxVehicles = 20;
    public const int RemindersPerVehicle = 3;

    public AccountView Account { get; private set; } = null!;
    public IReadOnlyList<VehicleCard> Vehicles { get; private set; } = [];
    public int VehicleCount { get; private set; }

    public sealed record AccountView(AccountKind Kind, string? BusinessName, string Role);

    public sealed record VehicleCard(string PublicId, string Name, string VinMasked, TrustLight Light, int OpenTodos, int DocumentsInReview,
        int ReminderCount, IReadOnlyList<ReminderView> Due);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.AccountKind, u.BusinessName }).SingleOrDefaultAsync(ct);
        if (account is null) return NotFound();
        Account = new AccountView(account.AccountKind, account.BusinessName, User.PrimaryRole());
        VehicleCount = await db.Vehicles.OwnedBy(userId).CountAsync(ct);
        // Onboarding: an account without vehicles is led straight to its first VIN.
        if (VehicleCount == 0 && (User.IsInRole(Roles.User) || User.IsInRole(Roles.Vip)))
        {
            return RedirectToPage("/Fahrzeuge/Neu", new { erstes = "true" });
        }
        var vehicles = await db.Vehicles.OwnedBy(userId).AsNoTracking().OrderBy(v => v.CreatedAt).ThenBy(v => v.Id).Take(MaxVehicles).ToListAsync(ct);
        var ids = vehicles.Select(v => v.Id).ToList();
        var allReminders = await reminders.ForVehiclesAsync(ids, ct);
        var inReview = await db.Documents.AsNoTracking()
            .Where(d => ids.Contains(d.VehicleId) && d.DeletedAt == null && d.Approval == ApprovalState.Quarantined)
            .GroupBy(d => d.VehicleId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var isVip = User.IsInRole(Roles.Vip);
        var cards = new List<VehicleCard>(vehicles.Count);
        foreach (var v in vehicles)
        {
            var result = await trust.StoredAsync(v.Id, ct);
            var own = allReminders.Where(r => r.VehicleId == v.Id).ToList();
            var due = own.Where(r => r.Status.State is not (ReminderState.Erledigt or ReminderState.OhneTermin)).Take(RemindersPerVehicle).ToList();
            cards.Add(new VehicleCard(v.PublicId, v.DisplayName, v.VinMasked, result.Light, result.Todos(isVip).Count,
                inReview.GetValueOrDefault(v.Id), own.Count, due));
        }
        // Vehicles with something overdue first, then due soon; otherwise in the order they were added.
        Vehicles = cards.OrderBy(c => c.Due.Count == 0 ? int.MaxValue : c.Due[0].Status.Urgency).ToList();
        return Page();
    }
}
