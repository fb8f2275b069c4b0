using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// The quarantine queue (admin, superadmin): preview, approve (only CLEAN and PII OK), reject with a reason,
/// rescan, PII decision. Every decision is audited and shown to the owner on the document page.
/// </summary>
public sealed class QuarantaeneModel(AppDbContext db, DocumentStorage storage, JobQueue queue, AuditWriter audit, TimeProvider clock) : PageModel
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
        Response.Headers["X-Content-Type-Options"] = "nosniff";
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; sandbox";
        Response.Headers.CacheControl = "private, no-store";
        return File(storage.OpenRead(d.StorageKey), d.ContentType);
    }

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) => DecideAsync(d => d.Approve(clock.GetUtcNow()), AuditActions.UploadApproved, "Freigegeben.", ct);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) => DecideAsync(d => d.Reject(Reason ?? "", clock.GetUtcNow()), AuditActions.UploadRejected, "Abgelehnt.", ct);

    public Task<IActionResult> OnPostRescanAsync(CancellationToken ct) => DecideAsync(d => d.RequestRescan(clock.GetUtcNow()), AuditActions.UploadRescanRequested, "Neue Prüfung angestoßen.", ct);

    public Task<IActionResult> OnPostPiiAsync(CancellationToken ct) => DecideAsync(d => d.MarkPii(Pii, Reason, clock.GetUtcNow()), AuditActions.DocumentVisibilityChanged, "Datenschutz-Status gesetzt.", ct);

    private async Task<IActionResult> DecideAsync(Action<Document> decide, string action, string message, CancellationToken ct)
    {
        var doc = await db.Documents.SingleOrDefaultAsync(d => d.PublicId == DocumentId, ct);
        if (doc is null) return NotFound();
        if (!ModelState.IsValid)
        {
            // A value that did not bind (e.g. an unknown PII state) must never fall back to a default and act.
            ModelState.Clear();
            ModelState.AddModelError("", "Die Auswahl ist ungültig. Bitte wählen Sie einen Wert aus der Liste.");
            await LoadAsync(ct);
            return Page();
        }
        var wasPending = doc.Scan == ScanState.Pending;
        try
        {
            decide(doc);
        }
        catch (DomainException ex)
        {
            await audit.WriteAsync(action, "DOCUMENT", doc.PublicId, AuditResult.Denied,
                new Dictionary<string, object?> { ["reason_code"] = "QUARANTINE_BLOCK", ["scan"] = doc.Scan.ToString(), ["pii"] = doc.Pii.ToString() }, scope: "org", ct: ct);
            ModelState.AddModelError("", ex.Message);
            await LoadAsync(ct);
            return Page();
        }
        // Cleaning a PII finding = uploading a replacement: once the replacement is valid evidence, the original
        // (file) is deleted; its row stays for the history.
        Document? replaced = null;
        if (doc.IsValidEvidence && doc.ReplacesDocumentId is { } replacedId)
        {
            replaced = await db.Documents.SingleOrDefaultAsync(d => d.Id == replacedId && d.VehicleId == doc.VehicleId && d.DeletedAt == null, ct);
            replaced?.SoftDelete("Durch eine bereinigte Fassung ersetzt.", clock.GetUtcNow());
        }
        if (!wasPending && doc.Scan == ScanState.Pending) ScanProcessor.Enqueue(db, queue, doc);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(action, "DOCUMENT", doc.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["doc_type"] = doc.Kind.ToString(), ["quarantine_status"] = doc.Approval.ToString(), ["pii"] = doc.Pii.ToString() }, scope: "org", ct: ct);
        if (replaced is not null)
        {
            storage.Delete(replaced.StorageKey);
            await audit.WriteAsync(AuditActions.DocumentDeleted, "DOCUMENT", replaced.PublicId, AuditResult.Success,
                new Dictionary<string, object?> { ["reason_code"] = "REPLACED", ["doc_type"] = replaced.Kind.ToString() }, scope: "org", ct: ct);
        }
        if (doc.Scan == ScanState.Pending) queue.Wake();
        TempData["StatusMessage"] = message;
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
