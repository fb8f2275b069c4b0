using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Infrastructure.Accounts;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// Moderator accreditation (SPEC §10, issue 19 item 4): invite an address to the editorial desk, withdraw an open
/// invitation, take the desk away from a moderator. Inviting and removing change roles, so they need the step-up; a
/// missing step-up keeps the typed address and links to the confirmation.
/// </summary>
public sealed class ModerationModel(ModeratorAccreditation accreditation, StepUp stepUp) : PageModel
{
    public const string StepUpNeeded = "Bitte bestätigen Sie zuerst Ihre Identität (Passwort oder Code, gilt 10 Minuten).";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Bitte geben Sie die E-Mail-Adresse ein.")]
        [MailAddress]
        public string Email { get; set; } = "";
    }

    [BindProperty]
    public string? Target { get; set; }

    public IReadOnlyList<ModeratorRow> Moderators { get; private set; } = [];
    public IReadOnlyList<OpenModeratorInvite> Invites { get; private set; } = [];
    public bool StepUpFresh { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        StepUpFresh = stepUp.IsFresh(HttpContext, User.UserId());
        (Moderators, Invites) = await accreditation.ListAsync(ct);
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (!stepUp.IsFresh(HttpContext, User.UserId())) ModelState.AddModelError("", StepUpNeeded);
        if (!ModelState.IsValid) return await PageAsync(ct);
        if (await accreditation.InviteAsync(Input.Email.Trim(), User.UserId(), ct) is { } refusal)
        {
            ModelState.AddModelError("Input.Email", refusal);
            return await PageAsync(ct);
        }
        TempData["StatusMessage"] = "Die Einladung ist unterwegs. Sie gilt 7 Tage; erst nach Passwort und Zwei-Faktor-Anmeldung wird das Konto Moderator.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (!await accreditation.WithdrawAsync(Target, User.UserId(), ct)) return NotFound();
        TempData["StatusMessage"] = "Die Einladung ist zurückgezogen; ihr Code gilt nicht mehr.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (!stepUp.IsFresh(HttpContext, User.UserId()))
        {
            ModelState.AddModelError("", StepUpNeeded);
            return await PageAsync(ct);
        }
        if (!await accreditation.RevokeAsync(Target, ct)) return NotFound();
        TempData["StatusMessage"] = "Der Redaktionszugang ist entzogen; das Konto ist sofort abgemeldet und wieder ein normales Konto.";
        return RedirectToPage();
    }

    private async Task<PageResult> PageAsync(CancellationToken ct)
    {
        await OnGetAsync(ct);
        return Page();
    }
}
