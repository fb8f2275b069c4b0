using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// Staff seats beyond a business's free seats wait here for a superadmin (SPEC §1; policy superadmin, approval with a
/// step-up). Addresses are masked; approving or rejecting ends the member's sessions (the new state applies at once).
/// </summary>
public sealed class MitarbeitendeModel(AppDbContext db, StaffSeats seats, StepUp stepUp) : PageModel
{
    [BindProperty]
    public string? SeatId { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(string SeatId, string BusinessName, string City, string StaffName, string MaskedEmail, DateTimeOffset AcceptedAt, int ActiveSeats);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken ct)
    {
        if (!stepUp.IsFresh(HttpContext, User.UserId()))
        {
            return RedirectToPage("/Admin/Bestaetigen", new { returnUrl = Url.Page("/Admin/Mitarbeitende") });
        }
        return await DecideAsync(approve: true, ct);
    }

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) => DecideAsync(approve: false, ct);

    private async Task<IActionResult> DecideAsync(bool approve, CancellationToken ct)
    {
        if (!await seats.DecideAsync(SeatId, approve, User.UserId(), ct))
        {
            ModelState.AddModelError("", "Über diesen Platz ist bereits entschieden.");
            await LoadAsync(ct);
            return Page();
        }
        TempData["StatusMessage"] = approve ? "Der Platz ist freigegeben; die Person meldet sich neu an und arbeitet dann für den Betrieb."
            : "Der Platz ist abgelehnt.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = await db.StaffSeats.AsNoTracking().Where(s => s.State == SeatState.WartetAufFreigabe)
            .Join(db.Businesses, s => s.BusinessId, b => b.Id, (s, b) => new
            {
                s.PublicId, b.Name, b.City, s.DisplayName, s.Email, s.AcceptedAt,
                Active = db.StaffSeats.Count(o => o.BusinessId == b.Id && o.State == SeatState.Aktiv),
            })
            .OrderBy(x => x.AcceptedAt).Take(200).ToListAsync(ct);
        Rows = rows.Select(x => new Row(x.PublicId, x.Name, x.City, x.DisplayName, Display.MaskedEmail(x.Email), x.AcceptedAt!.Value, x.Active)).ToList();
    }
}
