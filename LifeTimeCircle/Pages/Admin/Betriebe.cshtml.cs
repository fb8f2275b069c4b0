using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>The queue of business registrations waiting for an admin's check (approve needs a step-up).</summary>
public sealed class BetriebeModel(AppDbContext db, BusinessReview review, StepUp stepUp) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")]
    public BusinessStatus Status { get; set; } = BusinessStatus.Pending;

    [BindProperty]
    public string UserId { get; set; } = "";

    [BindProperty]
    public string? Reason { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(string Id, string MaskedEmail, string? BusinessName, BusinessType? Type, DateTimeOffset CreatedAt, DateTimeOffset? ReviewedAt);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken ct)
    {
        if (!stepUp.IsFresh(HttpContext, User.UserId()))
        {
            return RedirectToPage("/Admin/Bestaetigen", new { returnUrl = Url.Page("/Admin/Betriebe") });
        }
        return await DecideAsync(approve: true, ct);
    }

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) => DecideAsync(approve: false, ct);

    private async Task<IActionResult> DecideAsync(bool approve, CancellationToken ct)
    {
        if (await review.DecideAsync(UserId, approve, Reason, ct) is { } problem)
        {
            ModelState.AddModelError("", problem);
            Status = BusinessStatus.Pending;
            await LoadAsync(ct);
            return Page();
        }
        TempData["StatusMessage"] = approve ? "Der Betrieb ist freigeschaltet; der Antragsteller erhält eine E-Mail."
            : "Der Antrag ist abgelehnt; der Antragsteller erhält die Begründung per E-Mail.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!Enum.IsDefined(Status) || Status == BusinessStatus.None) Status = BusinessStatus.Pending;
        var rows = await db.Users.AsNoTracking()
            .Where(u => u.AccountKind == AccountKind.Gewerblich && u.EmailConfirmed && u.BusinessStatus == Status)
            .OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Take(200)
            .Select(u => new { u.Id, u.Email, u.BusinessName, u.BusinessType, u.CreatedAt, u.BusinessReviewedAt })
            .ToListAsync(ct);
        Rows = rows.Select(u => new Row(u.Id, Display.MaskedEmail(u.Email), u.BusinessName, u.BusinessType, u.CreatedAt, u.BusinessReviewedAt)).ToList();
    }
}
