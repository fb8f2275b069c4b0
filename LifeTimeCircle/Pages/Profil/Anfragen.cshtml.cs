using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Profil;

/// <summary>„Meine Anfragen“: the account's requests to the support (contact form and upgrade requests), newest activity first.</summary>
public sealed class AnfragenModel(AppDbContext db) : PageModel
{
    public sealed record Row(string PublicId, SupportTopic Topic, SupportStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Replies);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.UserId();
        Rows = await db.SupportRequests.AsNoTracking().Where(r => r.UserId == me)
            .OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id).Take(100)
            .Select(r => new Row(r.PublicId, r.Topic, r.Status, r.CreatedAt, r.UpdatedAt,
                db.SupportMessages.Count(m => m.RequestId == r.Id && m.Author == SupportAuthor.Betreiber)))
            .ToListAsync(ct);
    }
}
