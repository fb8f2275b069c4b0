using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// „Anfragen“: the open upgrade requests from the Tarife page, oldest first, with a way to the grant and „erledigt“.
/// Deliberately minimal; the support inbox (issue 19 item 3) takes these rows over (docs/adr/0018-administration.md).
/// </summary>
public sealed class AnfragenModel(AppDbContext db, AuditWriter audit, TimeProvider clock) : PageModel
{
    public sealed record Row(string PublicId, string UserId, string MaskedEmail, SupportTopic Topic, string? Message, SupportStatus Status, DateTimeOffset CreatedAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [BindProperty]
    public string RequestId { get; set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await (from r in db.SupportRequests.AsNoTracking()
                          join u in db.Users on r.UserId equals u.Id
                          where r.Status != SupportStatus.Geloest
                          orderby r.CreatedAt, r.Id
                          select new { r.PublicId, r.UserId, u.Email, r.Topic, r.Message, r.Status, r.CreatedAt }).Take(200).ToListAsync(ct);
        Rows = rows.Select(r => new Row(r.PublicId, r.UserId, Display.MaskedEmail(r.Email), r.Topic, r.Message, r.Status, r.CreatedAt)).ToList();
    }

    public async Task<IActionResult> OnPostResolveAsync(CancellationToken ct)
    {
        var request = await db.SupportRequests.SingleOrDefaultAsync(r => r.PublicId == RequestId, ct);
        if (request is null) return NotFound();
        if (request.IsOpen)
        {
            request.Resolve(User.UserId(), clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(AuditActions.SupportRequestResolved, "USER", request.UserId, AuditResult.Success,
                new Dictionary<string, object?> { ["request"] = request.PublicId, ["topic"] = request.Topic }, scope: "org", ct: ct);
        }
        TempData["StatusMessage"] = "Anfrage als erledigt markiert.";
        return RedirectToPage();
    }
}
