using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Betrieb.Kundenfahrzeuge;

/// <summary>
/// The vehicles owners have currently granted this business (issue 16 item 3): make/model, masked VIN and the display
/// name the owner chose — nothing else of the owner or of other vehicles.
/// </summary>
public sealed class IndexModel(AppDbContext db, WorkshopAccess access) : PageModel
{
    public bool HasProfile { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(string GrantId, string Make, string Model, int? BuildYear, string VinMasked, string CustomerName, GrantDuration Duration,
        DateTimeOffset? ExpiresAt, int OpenProposals);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var business = await access.BusinessOfAsync(User.UserId(), ct);
        HasProfile = business is not null;
        if (business is null) return;
        Rows = await access.ActiveGrants(business.Id).AsNoTracking()
            .Join(db.Vehicles, g => g.VehicleId, v => v.Id, (g, v) => new { g, v })
            .OrderBy(x => x.g.CustomerName).ThenBy(x => x.g.Id).Take(500)
            .Select(x => new Row(x.g.PublicId, x.v.Make, x.v.Model, x.v.BuildYear, x.v.VinMasked, x.g.CustomerName, x.g.Duration, x.g.ExpiresAt,
                db.WorkshopProposals.Count(p => p.BusinessId == business.Id && p.VehicleId == x.v.Id
                    && db.WorkshopGrants.Any(og => og.Id == p.GrantId && og.GrantedBy == x.g.GrantedBy)
                    && (p.State == ProposalState.Offen || p.State == ProposalState.SpaeterPruefen))))
            .ToListAsync(ct);
    }
}
