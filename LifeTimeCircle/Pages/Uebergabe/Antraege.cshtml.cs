using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Uebergabe;

/// <summary>„Meine Übernahmeanträge“: the claimant's own claims with their state; an open one can be withdrawn.</summary>
public sealed class AntraegeModel(AppDbContext db, OwnershipClaims claims, TimeProvider clock) : PageModel
{
    public sealed record Row(string Id, string Vehicle, string VinMasked, DateTimeOffset CreatedAt, ClaimStatus Status, string? Comment,
        DateTimeOffset? ObjectionEndsAt, bool WaitsForPlan);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [BindProperty]
    public string? ClaimId { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        var (found, error) = await claims.WithdrawAsync(User.UserId(), ClaimId, ct);
        if (!found) return NotFound();
        if (error is not null)
        {
            ModelState.AddModelError("", error);
            await LoadAsync(ct);
            return Page();
        }
        TempData["StatusMessage"] = "Antrag zurückgezogen.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var now = clock.GetUtcNow();
        var rows = await (from c in db.OwnershipClaims.AsNoTracking()
                          join v in db.Vehicles on c.VehicleId equals v.Id
                          where c.ClaimantId == userId
                          orderby c.CreatedAt descending
                          select new { c.PublicId, v.Make, v.Model, v.VinMasked, c.CreatedAt, c.Status, c.ReviewComment, c.ObjectionEndsAt })
            .Take(50).ToListAsync(ct);
        Rows = rows.Select(r => new Row(r.PublicId, $"{r.Make} {r.Model}", r.VinMasked, r.CreatedAt, r.Status,
            r.Status == ClaimStatus.Rejected ? r.ReviewComment : null, r.ObjectionEndsAt,
            r.Status == ClaimStatus.Approved && r.ObjectionEndsAt <= now)).ToList();
    }
}
