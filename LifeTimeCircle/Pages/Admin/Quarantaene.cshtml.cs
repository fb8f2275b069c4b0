using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// The quarantine queue (admin, superadmin): preview, approve (only CLEAN and PII OK), reject with a reason,
/// rescan, PII decision. Every decision is audited and shown to the owner on the document page.
/// </summary>
public sealed class QuarantaeneModel(AppDbContext db, DocumentStorage storage, DocumentReview review) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")]
    public ApprovalState Filter { get; set; } = ApprovalState.Quarantined;

    [BindProperty]
    public string? DocumentId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public PiiState Pii { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(string PublicId, string VinMasked, DocumentKind Kind, string ContentType, long Size, DateTimeOffset UploadedAt,
        ScanState Scan, string? ScanDetail, PiiState Pii, ApprovalState Approval, string? Reason);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Inline preview for the reviewer; sandboxed and never cached.</summary>
    public async Task<IActionResult> OnGetVorschauAsync(string doc, CancellationToken ct)
    {
        var d = await db.Documents.AsNoTracking().SingleOrDefaultAsync(x => x.PublicId == doc && x.DeletedAt == null, ct);
        if (d is null) return NotFound();
        DownloadHeaders.Apply(Response, "Vorschau" + FileSniffer.Extension(d.ContentType), d.ContentType, inline: true);
        return File(storage.OpenRead(d.StorageKey), d.ContentType);
    }

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) => DecideAsync(ReviewDecision.Approve, ct);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) => DecideAsync(ReviewDecision.Reject, ct);

    public Task<IActionResult> OnPostRescanAsync(CancellationToken ct) => DecideAsync(ReviewDecision.Rescan, ct);

    public Task<IActionResult> OnPostPiiAsync(CancellationToken ct) => DecideAsync(ReviewDecision.Pii, ct);

    private async Task<IActionResult> DecideAsync(ReviewDecision decision, CancellationToken ct)
    {
        // A value that did not bind (e.g. an unknown PII state) must never fall back to a default and act.
        var result = ModelState.IsValid ? await review.DecideAsync(DocumentId, decision, Reason, Pii, ct)
            : new ReviewResult(await review.ExistsAsync(DocumentId, ct), DocumentReview.InvalidChoiceMessage, "");
        if (!result.Found) return NotFound();
        if (result.Error is not null)
        {
            ModelState.Clear();
            ModelState.AddModelError("", result.Error);
            await LoadAsync(ct);
            return Page();
        }
        TempData["StatusMessage"] = result.Message;
        return RedirectToPage(new { status = Filter });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await (from d in db.Documents.AsNoTracking()
                      join v in db.Vehicles on d.VehicleId equals v.Id
                      where d.Approval == Filter && d.DeletedAt == null
                      orderby d.UploadedAt
                      select new Row(d.PublicId, v.VinMasked, d.Kind, d.ContentType, d.SizeBytes, d.UploadedAt, d.Scan, d.ScanDetail, d.Pii, d.Approval, d.DecisionReason))
            .Take(100).ToListAsync(ct);
    }
}
