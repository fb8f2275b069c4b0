using System.Security.Claims;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;

namespace LifeTimeCircle.Infrastructure.Security;

/// <summary>What a role change did: <see cref="Found"/> false → 404; otherwise the verdict and a German message.</summary>
public sealed record RoleChangeResult(bool Found, RoleChangeVerdict Verdict, string Message);

/// <summary>
/// Applies <see cref="RoleChangeRules"/> to a user: a refused change is audited as denied; an allowed one replaces
/// the role, renews the security stamp (the user's sessions end) and is audited as revoke + grant.
/// </summary>
public sealed class RoleChanger(UserManager<AppUser> users, AuditWriter audit)
{
    public async Task<RoleChangeResult> ChangeAsync(ClaimsPrincipal actor, bool stepUpFresh, string targetId, string newRole, CancellationToken ct)
    {
        if (!stepUpFresh) return new RoleChangeResult(true, RoleChangeVerdict.StepUpRequired, "");
        var target = await users.FindByIdAsync(targetId);
        if (target is null) return new RoleChangeResult(false, RoleChangeVerdict.Refused, "");
        var current = (await users.GetRolesAsync(target)).FirstOrDefault() ?? Roles.User;
        var superadmins = current == Roles.Superadmin ? (await users.GetUsersInRoleAsync(Roles.Superadmin)).Count : 0;
        var (verdict, problem) = RoleChangeRules.Check(new RoleChange(actor.UserId(), actor.IsInRole(Roles.Superadmin), stepUpFresh,
            target.Id, current, newRole, superadmins));
        if (verdict == RoleChangeVerdict.Refused)
        {
            await audit.WriteAsync(AuditActions.RoleGranted, "USER", target.Id, AuditResult.Denied,
                new Dictionary<string, object?> { ["role"] = newRole, ["reason_code"] = "RBAC_DENY" }, scope: "org", ct: ct);
        }
        if (verdict != RoleChangeVerdict.Allowed) return new RoleChangeResult(true, verdict, problem ?? "");
        if (current != newRole)
        {
            await users.RemoveFromRolesAsync(target, await users.GetRolesAsync(target));
            await users.AddToRoleAsync(target, newRole);
            await users.UpdateSecurityStampAsync(target);
            await audit.WriteAsync(AuditActions.RoleRevoked, "USER", target.Id, AuditResult.Success,
                new Dictionary<string, object?> { ["role"] = current }, scope: "org", ct: ct);
            await audit.WriteAsync(AuditActions.RoleGranted, "USER", target.Id, AuditResult.Success,
                new Dictionary<string, object?> { ["role"] = newRole, ["previous_role"] = current }, scope: "org", ct: ct);
        }
        return new RoleChangeResult(true, verdict, $"Rolle geändert: {Roles.DisplayName(current)} → {Roles.DisplayName(newRole)}.");
    }
}
