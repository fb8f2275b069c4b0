using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Profil;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PageCache.PolicyName)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public ProfileView Profile { get; private set; } = null!;
    public IReadOnlyList<ConsentView> Consents { get; private set; } = [];
    public DateTimeOffset? DeletionDueAt { get; private set; }

    public sealed record ProfileView(string Email, AccountKind Kind, BusinessType? BusinessType, string? BusinessName, DateTimeOffset CreatedAt, bool TwoFactor);
    public sealed record ConsentView(LegalDocumentType Document, string Version, DateTimeOffset AcceptedAt, string Source);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var p = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new ProfileView(u.Email ?? "", u.AccountKind, u.BusinessType, u.BusinessName, u.CreatedAt, u.TwoFactorEnabled))
            .SingleOrDefaultAsync(ct);
        if (p is null) return NotFound();
        Profile = p;
        DeletionDueAt = await db.AccountDeletions.AsNoTracking().Where(d => d.UserId == userId).Select(d => (DateTimeOffset?)d.DueAt).SingleOrDefaultAsync(ct);
        Consents = await db.ConsentAcceptances.AsNoTracking().Where(c => c.UserId == userId)
            .OrderByDescending(c => c.AcceptedAt)
            .Select(c => new ConsentView(c.Document, c.Version, c.AcceptedAt, c.Source)).ToListAsync(ct);
        return Page();
    }
}
