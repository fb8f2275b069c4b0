using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>What „Entfernen und wiederherstellen“ shows: the account (masked) and all its vehicles, soft-deleted ones included.</summary>
public sealed record EntfernenView(EntfernenView.AccountRow? Account, IReadOnlyList<EntfernenView.VehicleRow> Vehicles, EntfernenView.VehicleRow? TargetVehicle)
{
    public sealed record AccountRow(string MaskedEmail, DateTimeOffset? DeletedAt, SoftDeleteReason? Reason, string? Comment);
    public sealed record VehicleRow(string PublicId, string Name, string VinMasked, DateTimeOffset? DeletedAt, SoftDeleteReason? Reason, string? Comment);

    public static readonly EntfernenView Empty = new(null, [], null);

    public static async Task<EntfernenView> LoadAsync(AppDbContext db, string userId, string? target, CancellationToken ct)
    {
        var a = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Email, u.DeletedAt, u.DeleteReason, u.DeleteComment }).SingleOrDefaultAsync(ct);
        if (a is null) return Empty;
        var vehicles = await db.Vehicles.IgnoreQueryFilters().AsNoTracking().Where(v => v.OwnerId == userId).OrderBy(v => v.Id)
            .Select(v => new VehicleRow(v.PublicId, v.Nickname ?? v.Make + " " + v.Model, v.VinMasked, v.DeletedAt, v.DeleteReason, v.DeleteComment))
            .ToListAsync(ct);
        return new EntfernenView(new AccountRow(Display.MaskedEmail(a.Email), a.DeletedAt, a.DeleteReason, a.DeleteComment), vehicles,
            vehicles.FirstOrDefault(v => v.PublicId == target));
    }
}
