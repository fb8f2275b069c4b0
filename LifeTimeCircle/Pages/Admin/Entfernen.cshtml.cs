using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Accounts;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// Soft delete and restore of one account (<c>?nutzer=</c>) and its vehicles (issue 19 item 5): a reason from the list
/// and a mandatory comment, after a step-up, audited (<see cref="SoftDeletions"/>).
/// </summary>
public sealed class EntfernenModel(AppDbContext db, SoftDeletions softDeletions, StepUp stepUp) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "nutzer")]
    public string? UserId { get; set; }

    /// <summary>The vehicle's public id the form is about; empty for the account itself.</summary>
    [BindProperty(SupportsGet = true, Name = "fahrzeug")]
    public string? Target { get; set; }

    [BindProperty]
    public RemoveInput Input { get; set; } = new();

    public sealed class RemoveInput
    {
        [Required(ErrorMessage = "Bitte wählen Sie einen Grund.")]
        public SoftDeleteReason? Reason { get; set; }

        [Required(ErrorMessage = "Bitte begründen Sie die Entfernung in einem Kommentar."), StringLength(SoftDeletes.MaxCommentLength, ErrorMessage = "Höchstens {1} Zeichen.")]
        public string? Comment { get; set; }
    }

    public EntfernenView View { get; private set; } = EntfernenView.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(UserId)) return Page(); // no account chosen: the page points to the user list
        View = await EntfernenView.LoadAsync(db, UserId, Target, ct);
        return View.Account is null || (!string.IsNullOrEmpty(Target) && View.TargetVehicle is null) ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(UserId)) return NotFound();
        if (!stepUp.IsFresh(HttpContext, User.UserId())) return StepUpFirst();
        if (!ModelState.IsValid) return await OnGetAsync(ct);
        var result = string.IsNullOrEmpty(Target)
            ? await softDeletions.DeleteUserAsync(User, UserId, Input.Reason!.Value, Input.Comment, ct)
            : await softDeletions.DeleteVehicleAsync(User, UserId ?? "", Target, Input.Reason!.Value, Input.Comment, ct);
        return await Done(result, ct);
    }

    public async Task<IActionResult> OnPostRestoreAsync(CancellationToken ct)
    {
        ModelState.Clear(); // restoring needs no reason
        if (string.IsNullOrEmpty(UserId)) return NotFound();
        if (!stepUp.IsFresh(HttpContext, User.UserId())) return StepUpFirst();
        var result = string.IsNullOrEmpty(Target)
            ? await softDeletions.RestoreUserAsync(User, UserId, ct)
            : await softDeletions.RestoreVehicleAsync(User, UserId ?? "", Target, ct);
        return await Done(result, ct);
    }

    private async Task<IActionResult> Done(SoftDeleteResult result, CancellationToken ct)
    {
        if (!result.Found) return NotFound();
        if (result.Error is not null)
        {
            ModelState.AddModelError(result.Field is null ? "" : "Input." + result.Field, result.Error);
            return await OnGetAsync(ct);
        }
        TempData["StatusMessage"] = result.Message;
        return RedirectToPage(new { nutzer = UserId });
    }

    private RedirectToPageResult StepUpFirst() =>
        RedirectToPage("/Admin/Bestaetigen", new { returnUrl = Url.Page("/Admin/Entfernen", new { nutzer = UserId, fahrzeug = Target }) });
}
