using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// The queue of ownership claims (issue 14 item 6): the proof (only once scanned clean; every view audited), then
/// approve — with the FIN read from the proof — or reject with a reason. Both decisions need a fresh step-up.
/// </summary>
public sealed class UebernahmenModel(OwnershipClaims claims, DocumentStorage storage, StepUp stepUp, AuditWriter audit) : PageModel
{
    // Longer than 80 lines: list, proof view and three step-up decisions with one caller each; the rules and queries are OwnershipClaims.
    [BindProperty(SupportsGet = true, Name = "status")]
    public ClaimStatus Status { get; set; } = ClaimStatus.Submitted;

    [BindProperty]
    public string? ClaimId { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? Vin { get; set; }

    public IReadOnlyList<ClaimReviewRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The proof inline for the reviewer (sandboxed, never cached); only when scanned clean. Audited: it is personal data.</summary>
    public async Task<IActionResult> OnGetNachweisAsync(string antrag, CancellationToken ct)
    {
        var proof = await claims.CleanProofAsync(antrag, ct);
        if (proof is null) return NotFound();
        await audit.WriteAsync(AuditActions.HandoverClaimProofViewed, "CLAIM", antrag, AuditResult.Success, scope: "org", ct: ct);
        DownloadHeaders.Apply(Response, "Nachweis" + FileSniffer.Extension(proof.ContentType), proof.ContentType, inline: true);
        return File(storage.OpenRead(proof.StorageKey), proof.ContentType);
    }

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) => DecideAsync(ClaimDecision.Approve, ct);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) => DecideAsync(ClaimDecision.Reject, ct);

    /// <summary>Takes back an approval during the objection period (e.g. fraud reported by the owner through support).</summary>
    public Task<IActionResult> OnPostRevokeAsync(CancellationToken ct) => DecideAsync(ClaimDecision.Revoke, ct);

    private async Task<IActionResult> DecideAsync(ClaimDecision decision, CancellationToken ct)
    {
        if (!stepUp.IsFresh(HttpContext, User.UserId()))
        {
            return RedirectToPage("/Admin/Bestaetigen", new { returnUrl = Url.Page("/Admin/Uebernahmen", new { status = Status }) });
        }
        var (found, error) = await claims.DecideAsync(User, ClaimId, decision, Comment, Vin, ct);
        if (!found) return NotFound();
        if (error is not null)
        {
            ModelState.Clear();
            ModelState.AddModelError("", error);
            Status = decision == ClaimDecision.Revoke ? ClaimStatus.Approved : ClaimStatus.Submitted;
            await LoadAsync(ct);
            return Page();
        }
        TempData["StatusMessage"] = decision switch
        {
            ClaimDecision.Approve => "Genehmigt. Der bisherige Besitzer ist informiert und kann 14 Tage lang widersprechen; danach geht das Fahrzeug über.",
            ClaimDecision.Revoke => "Genehmigung zurückgenommen. Das Fahrzeug bleibt beim Besitzer; der Antragsteller erhält die Begründung per E-Mail.",
            _ => "Abgelehnt. Der Antragsteller erhält die Begründung per E-Mail.",
        };
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!Enum.IsDefined(Status)) Status = ClaimStatus.Submitted;
        Rows = await claims.ReviewQueueAsync(Status, ct);
    }
}
