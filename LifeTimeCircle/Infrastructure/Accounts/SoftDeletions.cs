using System.Security.Claims;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Accounts;

/// <summary>What a soft delete or restore did: <see cref="Found"/> false → 404; otherwise an error on a field (or the form) or the status text.</summary>
public sealed record SoftDeleteResult(bool Found, string? Field, string? Error, string Message = "")
{
    public static readonly SoftDeleteResult NotFound = new(false, null, null);
}

/// <summary>
/// Soft delete and restore of users and vehicles by admins (issue 19 item 5, SPEC §10). A soft-deleted user cannot sign
/// in (<see cref="LtcSignInManager"/>) and every session ends with the next request (new security stamp, ADR 0012). A
/// soft-deleted vehicle is hidden by the global query filter: gone for its owner, its mini-check link shows the neutral
/// page (the save evicts the cached page, <see cref="MiniCheckCache"/>). A removed user's mini-check links answer
/// with the neutral page too, their open handover codes are cancelled, they get no notification mail, and a removed
/// business can not be chosen for a grant. Restore brings both back as they were (handover codes stay cancelled).
/// Only a superadmin may take out an administrator; nobody takes out themselves or the last superadmin. The caller
/// checks the step-up; audited with reason_code, never the comment.
/// </summary>
public sealed class SoftDeletions(AppDbContext db, UserManager<AppUser> users, AuditWriter audit, IOutputCacheStore cache, TimeProvider clock)
{
    public async Task<SoftDeleteResult> DeleteUserAsync(ClaimsPrincipal admin, string? userId, SoftDeleteReason reason, string? comment, CancellationToken ct)
    {
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null) return SoftDeleteResult.NotFound;
        if (user.DeletedAt is not null) return new SoftDeleteResult(true, null, "Das Konto ist bereits entfernt.");
        if (user.Id == admin.UserId()) return new SoftDeleteResult(true, null, "Sie können Ihr eigenes Konto nicht entfernen.");
        var roles = await users.GetRolesAsync(user);
        if (roles.Any(Roles.Administrators.Contains) && !admin.IsInRole(Roles.Superadmin))
            return new SoftDeleteResult(true, null, "Nur ein Superadmin kann ein Verwaltungskonto entfernen.");
        string text;
        try
        {
            text = SoftDeletes.Comment(comment);
        }
        catch (DomainException ex)
        {
            return new SoftDeleteResult(true, ex.Field, ex.Message);
        }
        var now = clock.GetUtcNow();
        // BEGIN IMMEDIATE on SQLite: two superadmins removing each other at once are serialised here, so the count below
        // always sees the other removal and one superadmin stays.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (roles.Contains(Roles.Superadmin)
                && await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                    .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { x.Name, u.DeletedAt })
                    .CountAsync(x => x.Name == Roles.Superadmin && x.DeletedAt == null, ct) <= 1)
            {
                await tx.RollbackAsync(ct);
                return new SoftDeleteResult(true, null, "Das ist der letzte Superadmin; er kann nicht entfernt werden.");
            }
            await db.Entry(user).ReloadAsync(ct);
            if (user.DeletedAt is not null)
            {
                await tx.RollbackAsync(ct);
                return new SoftDeleteResult(true, null, "Das Konto ist bereits entfernt.");
            }
            user.DeletedAt = now;
            user.DeletedBy = admin.UserId();
            user.DeleteReason = reason;
            user.DeleteComment = text;
            // UpdateAsync saves the row; the new stamp ends every session of the account with its next request.
            await users.UpdateSecurityStampAsync(user);
            // Open handover codes of the account's vehicles are cancelled: a removed seller hands nothing over.
            await db.Transfers.Where(t => t.Status == TransferStatus.Open && db.Vehicles.IgnoreQueryFilters().Any(v => v.Id == t.VehicleId && v.OwnerId == user.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TransferStatus.Cancelled).SetProperty(t => t.ClosedAt, now), ct);
            await tx.CommitAsync(ct);
        }
        // The public mini-checks of the account's vehicles answer with the neutral page from now on, not from the cache.
        foreach (var id in await db.Vehicles.IgnoreQueryFilters().Where(v => v.OwnerId == user.Id).Select(v => v.Id).ToListAsync(ct))
            await cache.EvictByTagAsync(MiniCheckCache.Tag(id), ct);
        await audit.WriteAsync(AuditActions.UserSoftDeleted, "USER", user.Id, AuditResult.Success,
            new Dictionary<string, object?> { ["reason_code"] = reason.ToString() }, scope: "org", ct: ct);
        return new SoftDeleteResult(true, null, null, "Das Konto ist entfernt; die Person ist abgemeldet und kann sich nicht mehr anmelden.");
    }

    public async Task<SoftDeleteResult> RestoreUserAsync(ClaimsPrincipal admin, string? userId, CancellationToken ct)
    {
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null) return SoftDeleteResult.NotFound;
        if (user.DeletedAt is null) return new SoftDeleteResult(true, null, "Das Konto ist nicht entfernt.");
        if ((await users.GetRolesAsync(user)).Any(Roles.Administrators.Contains) && !admin.IsInRole(Roles.Superadmin))
            return new SoftDeleteResult(true, null, "Nur ein Superadmin kann ein Verwaltungskonto wiederherstellen.");
        user.DeletedAt = null;
        user.DeletedBy = null;
        user.DeleteReason = null;
        user.DeleteComment = null;
        await users.UpdateAsync(user);
        await audit.WriteAsync(AuditActions.UserRestored, "USER", user.Id, AuditResult.Success, scope: "org", ct: ct);
        return new SoftDeleteResult(true, null, null, "Das Konto ist wiederhergestellt; die Person kann sich wieder anmelden.");
    }

    public async Task<SoftDeleteResult> DeleteVehicleAsync(ClaimsPrincipal admin, string userId, string? vehicleId, SoftDeleteReason reason, string? comment, CancellationToken ct)
    {
        var vehicle = await db.Vehicles.IgnoreQueryFilters().SingleOrDefaultAsync(v => v.PublicId == vehicleId && v.OwnerId == userId, ct);
        if (vehicle is null) return SoftDeleteResult.NotFound;
        try
        {
            vehicle.SoftDelete(reason, comment, admin.UserId(), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return new SoftDeleteResult(true, ex.Field, ex.Message);
        }
        await db.SaveChangesAsync(ct); // touches the vehicle row: the cached mini-check is evicted
        await audit.WriteAsync(AuditActions.VehicleSoftDeleted, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["reason_code"] = reason.ToString() }, scope: "org", ct: ct);
        return new SoftDeleteResult(true, null, null, $"Das Fahrzeug {vehicle.DisplayName} ist entfernt.");
    }

    public async Task<SoftDeleteResult> RestoreVehicleAsync(ClaimsPrincipal admin, string userId, string? vehicleId, CancellationToken ct)
    {
        var vehicle = await db.Vehicles.IgnoreQueryFilters().SingleOrDefaultAsync(v => v.PublicId == vehicleId && v.OwnerId == userId, ct);
        if (vehicle is null) return SoftDeleteResult.NotFound;
        try
        {
            vehicle.Restore(clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return new SoftDeleteResult(true, null, ex.Message);
        }
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.VehicleRestored, "VEHICLE", vehicle.PublicId, AuditResult.Success, scope: "org", ct: ct);
        return new SoftDeleteResult(true, null, null, $"Das Fahrzeug {vehicle.DisplayName} ist wiederhergestellt.");
    }
}
