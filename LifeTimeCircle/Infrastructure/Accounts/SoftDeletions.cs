using System.Security.Claims;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
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
/// page (the save evicts the cached page, <see cref="Vehicles.MiniCheckCache"/>). Restore brings both back as they were.
/// Only a superadmin may take out an administrator; nobody takes out themselves or the last superadmin. The caller
/// checks the step-up; audited with reason_code, never the comment.
/// </summary>
public sealed class SoftDeletions(AppDbContext db, UserManager<AppUser> users, AuditWriter audit, TimeProvider clock)
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
        if (roles.Contains(Roles.Superadmin)
            && (await users.GetUsersInRoleAsync(Roles.Superadmin)).Count(u => u.DeletedAt is null) <= 1)
            return new SoftDeleteResult(true, null, "Das ist der letzte Superadmin; er kann nicht entfernt werden.");
        string text;
        try
        {
            text = SoftDeletes.Comment(comment);
        }
        catch (DomainException ex)
        {
            return new SoftDeleteResult(true, ex.Field, ex.Message);
        }
        user.DeletedAt = clock.GetUtcNow();
        user.DeletedBy = admin.UserId();
        user.DeleteReason = reason;
        user.DeleteComment = text;
        // UpdateAsync saves the row; the new stamp ends every session of the account with its next request.
        await users.UpdateSecurityStampAsync(user);
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
