using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Plans;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// Plan grants of one account (<c>?nutzer=</c>): VIP or extra vehicles with a reason and an optional last day, and
/// revoking them; both after a step-up, audited, the user told (<see cref="PlanGrants"/>). Without an account: every active grant.
/// </summary>
public sealed class FreischaltungenModel(AppDbContext db, PlanGrants grants, StepUp stepUp) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "nutzer")]
    public string? UserId { get; set; }

    [BindProperty]
    public GrantInput Grant { get; set; } = new();

    [BindProperty]
    public RevokeInput Revoke { get; set; } = new();

    public sealed class GrantInput
    {
        [Required(ErrorMessage = "Bitte wählen Sie die Art der Freischaltung.")]
        public EntitlementKind? Kind { get; set; }

        [Range(1, 100, ErrorMessage = "Zwischen {1} und {2} zusätzliche Fahrzeuge.")]
        public int ExtraVehicles { get; set; } = 1;

        public DateOnly? EndsOn { get; set; }

        [Required(ErrorMessage = "Bitte geben Sie einen Grund an."), StringLength(Entitlement.MaxReasonLength, ErrorMessage = "Höchstens {1} Zeichen.")]
        public string? Reason { get; set; }
    }

    public sealed class RevokeInput
    {
        public long Id { get; set; }

        [StringLength(Entitlement.MaxReasonLength, ErrorMessage = "Höchstens {1} Zeichen.")]
        public string? Reason { get; set; }
    }

    public FreischaltungenView View { get; private set; } = FreischaltungenView.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        View = await FreischaltungenView.LoadAsync(db, UserId, ct);
        return UserId is not null && View.Account is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken ct)
    {
        OnlyValidate("Grant.");
        if (!stepUp.IsFresh(HttpContext, User.UserId())) return StepUpFirst();
        if (!ModelState.IsValid) return await OnGetAsync(ct);
        var result = await grants.GrantAsync(User, UserId ?? "", Grant.Kind!.Value, Grant.ExtraVehicles, Grant.Reason ?? "", Grant.EndsOn, ct);
        return await Done(result, "Grant.", ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        OnlyValidate("Revoke.");
        if (!stepUp.IsFresh(HttpContext, User.UserId())) return StepUpFirst();
        if (!ModelState.IsValid) return await OnGetAsync(ct);
        if (!await db.Entitlements.AnyAsync(e => e.Id == Revoke.Id && e.UserId == UserId, ct)) return NotFound();
        var result = await grants.RevokeAsync(User, Revoke.Id, Revoke.Reason ?? "", ct);
        return await Done(result, "Revoke.", ct);
    }

    private async Task<IActionResult> Done(GrantResult result, string prefix, CancellationToken ct)
    {
        if (!result.Found) return NotFound();
        if (result.Error is not null)
        {
            ModelState.AddModelError(result.Field is null ? "" : prefix + (result.Field == "RevokeReason" ? "Reason" : result.Field), result.Error);
            return await OnGetAsync(ct);
        }
        TempData["StatusMessage"] = result.Message;
        return RedirectToPage(new { nutzer = UserId });
    }

    /// <summary>Each form posts one of the two inputs; the other one (bound without its prefix as a fallback) is not this handler's business.</summary>
    private void OnlyValidate(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix, StringComparison.Ordinal) && k != "nutzer").ToList()) ModelState.Remove(key);
    }

    private RedirectToPageResult StepUpFirst() =>
        RedirectToPage("/Admin/Bestaetigen", new { returnUrl = Url.Page("/Admin/Freischaltungen", new { nutzer = UserId }) });
}
