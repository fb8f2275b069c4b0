using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Infrastructure.Support;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// The support inbox (SPEC §10, issue 19 item 3): every request — contact form with or without an account, upgrade
/// requests from the Tarife page — by status (open ones first by age), with the way to the thread, to the grants of an
/// upgrade request's account, and „Erledigt“. Addresses are masked; replying never needs them.
/// </summary>
public sealed class AnfragenModel(AppDbContext db, SupportInbox inbox) : PageModel
{
    public const int PageSize = 200;

    public sealed record Row(string PublicId, string? UserId, string Sender, SupportTopic Topic, string? Excerpt, SupportStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    /// <summary>offen (default: offen and in Prüfung), pruefung, geloest, alle.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Filter { get; set; }

    [BindProperty]
    public string RequestId { get; set; } = "";

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public static readonly IReadOnlyList<(string Key, string Label)> Filters = [("offen", "Offen und in Prüfung"), ("pruefung", "In Prüfung"), ("geloest", "Gelöst"), ("alle", "Alle")];

    public string CurrentFilter => Filters.Any(f => f.Key == Filter) ? Filter! : "offen";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = from r in db.SupportRequests.AsNoTracking()
                    join u in db.Users on r.UserId equals u.Id into accounts
                    from u in accounts.DefaultIfEmpty()
                    select new { r, u.Email };
        query = CurrentFilter switch
        {
            "pruefung" => query.Where(x => x.r.Status == SupportStatus.InPruefung),
            "geloest" => query.Where(x => x.r.Status == SupportStatus.Geloest),
            "alle" => query,
            _ => query.Where(x => x.r.Status != SupportStatus.Geloest),
        };
        var ordered = CurrentFilter is "offen" or "pruefung" ? query.OrderBy(x => x.r.CreatedAt).ThenBy(x => x.r.Id) : query.OrderByDescending(x => x.r.UpdatedAt).ThenByDescending(x => x.r.Id);
        var rows = await ordered.Take(PageSize).ToListAsync(ct);
        Rows = rows.Select(x => new Row(x.r.PublicId, x.r.UserId,
            x.r.UserId is null ? Display.MaskedEmail(x.r.ContactEmail) + " (ohne Konto)" : Display.MaskedEmail(x.Email),
            x.r.Topic, Excerpt(x.r.Message), x.r.Status, x.r.CreatedAt, x.r.UpdatedAt)).ToList();
    }

    public async Task<IActionResult> OnPostResolveAsync(CancellationToken ct)
    {
        var request = await db.SupportRequests.SingleOrDefaultAsync(r => r.PublicId == RequestId, ct);
        if (request is null) return NotFound();
        await inbox.SetStatusAsync(request, User.UserId(), SupportStatus.Geloest, ct);
        TempData["StatusMessage"] = "Anfrage als gelöst markiert.";
        return RedirectToPage(new { status = Filter });
    }

    private static string? Excerpt(string? message) => message is { Length: > 160 } ? message[..157] + "…" : message;
}
