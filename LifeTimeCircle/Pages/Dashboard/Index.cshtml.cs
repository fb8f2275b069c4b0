using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Dashboard;

public sealed class IndexModel(AppDbContext db) : PageModel
{
    public AccountView Account { get; private set; } = null!;

    public sealed record AccountView(AccountKind Kind, string? BusinessName, string Role);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.AccountKind, u.BusinessName }).SingleOrDefaultAsync(ct);
        if (account is null) return NotFound();
        Account = new AccountView(account.AccountKind, account.BusinessName, User.PrimaryRole());
        // Onboarding: an account without vehicles is led straight to its first VIN.
        if ((User.IsInRole(Roles.User) || User.IsInRole(Roles.Vip)) && !await db.Vehicles.AnyAsync(v => v.OwnerId == userId, ct))
        {
            return RedirectToPage("/Fahrzeuge/Neu", new { erstes = "true" });
        }
        return Page();
    }
}
