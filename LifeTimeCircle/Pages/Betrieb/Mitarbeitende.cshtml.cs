using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Betrieb;

/// <summary>
/// The business account's staff (issue 16, ADR 0015 „Mitarbeitende“; policy business-owner — staff get 403): invite by
/// e-mail, see who holds a seat, withdraw an invitation or remove a person (their sessions end at once).
/// </summary>
public sealed class MitarbeitendeModel(AppDbContext db, StaffSeats seats, TimeProvider clock) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool HasProfile { get; private set; }
    public IReadOnlyList<StaffSeat> Seats { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie den Namen der Person an.")]
        [StringLength(StaffSeat.MaxNameLength, ErrorMessage = "Höchstens 80 Zeichen.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Bitte geben Sie die E-Mail-Adresse der Person ein.")]
        [MailAddress]
        [StringLength(254, ErrorMessage = "Die E-Mail-Adresse ist zu lang.")]
        public string? Email { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var business = await LoadAsync(ct);
        if (business is null) return RedirectToPage("/Betrieb/Index");
        if (!ModelState.IsValid) return Page();
        try
        {
            if (await seats.InviteAsync(business, Input.Name, Input.Email!, User.UserId(), ct) is { } refusal)
            {
                ModelState.AddModelError("", refusal);
                return Page();
            }
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainError(ex, "Input");
            return Page();
        }
        TempData["StatusMessage"] = $"Einladung an {Input.Email} gesendet. Sie gilt {Display.Count(StaffSeat.InviteDays, "Tag", "Tage")}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndAsync(string? seatId, CancellationToken ct)
    {
        var business = await LoadAsync(ct);
        if (business is null || !await seats.EndAsync(business, seatId, User.UserId(), ct)) return NotFound();
        TempData["StatusMessage"] = "Erledigt. Eine entfernte Person ist sofort abgemeldet und hat keinen Zugriff mehr auf Ihre Kundenfahrzeuge.";
        return RedirectToPage();
    }

    private async Task<Business?> LoadAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Now = clock.GetUtcNow();
        var business = await db.Businesses.AsNoTracking().SingleOrDefaultAsync(b => b.OwnerUserId == userId, ct);
        HasProfile = business is not null;
        if (business is null) return null;
        Seats = await db.StaffSeats.AsNoTracking().Where(s => s.BusinessId == business.Id)
            .OrderBy(s => s.State == SeatState.Aktiv ? 0 : s.State == SeatState.WartetAufFreigabe ? 1 : s.State == SeatState.Eingeladen ? 2 : 3)
            .ThenByDescending(s => s.InvitedAt).ThenByDescending(s => s.Id).Take(200).ToListAsync(ct);
        return business;
    }
}
