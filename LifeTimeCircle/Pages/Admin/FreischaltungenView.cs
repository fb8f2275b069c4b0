using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>What „Freischaltungen“ shows: one account with its role, vehicles and grants, or every active grant.</summary>
public sealed record FreischaltungenView(FreischaltungenView.AccountRow? Account, IReadOnlyList<FreischaltungenView.GrantRow> Grants)
{
    public static readonly FreischaltungenView Empty = new(null, []);

    public sealed record AccountRow(string Id, string MaskedEmail, string Role, int Vehicles);

    public sealed record GrantRow(long Id, string UserId, string MaskedEmail, EntitlementKind Kind, int ExtraVehicles, string Reason,
        DateTimeOffset CreatedAt, DateTimeOffset? EndsAt, DateTimeOffset? EndedAt, string? EndReason)
    {
        public bool IsActive => EndedAt is null;
        /// <summary>The last day as granted (EndsAt is the start of the day after it).</summary>
        public DateOnly? LastDay => EndsAt is { } end ? Display.BerlinDate(end).AddDays(-1) : null;
    }

    public static async Task<FreischaltungenView> LoadAsync(AppDbContext db, string? userId, CancellationToken ct)
    {
        AccountRow? account = null;
        if (userId is not null)
        {
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Id, u.Email }).SingleOrDefaultAsync(ct);
            if (user is null) return Empty;
            var role = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name).FirstOrDefaultAsync(ct);
            account = new AccountRow(user.Id, Display.MaskedEmail(user.Email), role ?? Roles.User, await db.Vehicles.OwnedBy(user.Id).CountAsync(ct));
        }
        var q = from e in db.Entitlements.AsNoTracking()
                join u in db.Users on e.UserId equals u.Id
                select new { e, u.Email };
        q = userId is null ? q.Where(x => x.e.EndedAt == null) : q.Where(x => x.e.UserId == userId);
        var rows = await q.OrderByDescending(x => x.e.Id).Take(200).ToListAsync(ct);
        return new FreischaltungenView(account, rows.Select(x => new GrantRow(x.e.Id, x.e.UserId, Display.MaskedEmail(x.Email), x.e.Kind, x.e.ExtraVehicles,
            x.e.Reason, x.e.CreatedAt, x.e.EndsAt, x.e.EndedAt, x.e.EndReason)).ToList());
    }
}
