using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Redaktion;

/// <summary>The editorial desk: a moderator's own articles, every article for admins and superadmins, waiting ones first.</summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int Shown = 200;

    public sealed record Row(string PublicId, ArticleKind Kind, string Title, ArticleState State, DateTimeOffset UpdatedAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string Role { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Role = User.PrimaryRole();
        var me = User.UserId();
        var query = db.Articles.AsNoTracking();
        if (Role == Roles.Moderator) query = query.Where(a => a.AuthorId == me);
        Rows = await query.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id).Take(Shown)
            .Select(a => new Row(a.PublicId, a.Kind, a.Title, a.State, a.UpdatedAt)).ToListAsync(ct);
    }

    /// <summary>What this role has to do next with the article (shown first).</summary>
    public bool Waiting(Row row) =>
        (row.State == ArticleState.InReview && ArticleWorkflow.RoleMay(Role, ArticleAction.Approve))
        || (row.State == ArticleState.Approved && ArticleWorkflow.RoleMay(Role, ArticleAction.Publish));
}
