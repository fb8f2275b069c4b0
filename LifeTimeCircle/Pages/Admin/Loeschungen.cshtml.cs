using LifeTimeCircle.Data;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// „Löschungen“ (issue 19 item 2): the pending account deletions with their dates, read-only. Admins can neither speed a
/// deletion up nor stop it: the grace period is the account holder's (docs/adr/0018-administration.md, addendum).
/// </summary>
public sealed class LoeschungenModel(AppDbContext db) : PageModel
{
    public sealed record Row(string MaskedEmail, DateTimeOffset RequestedAt, DateTimeOffset DueAt, string? BlockedReason);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await (from d in db.AccountDeletions.AsNoTracking()
                          join u in db.Users on d.UserId equals u.Id
                          orderby d.DueAt, d.Id
                          select new { u.Email, d.RequestedAt, d.DueAt, d.BlockedReason }).Take(500).ToListAsync(ct);
        Rows = rows.Select(r => new Row(Display.MaskedEmail(r.Email), r.RequestedAt, r.DueAt, r.BlockedReason)).ToList();
    }

    public static string Blocked(string? code) => code switch
    {
        null => "wartet auf den Termin",
        "LAST_SUPERADMIN" => "angehalten: letzter Superadmin",
        "ARTICLE_AUTHOR" => "angehalten: Autor von Artikeln",
        _ => "angehalten",
    };
}
