using System.Globalization;
using System.Security.Claims;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Plans;

/// <summary>What a grant or revocation did: <see cref="Found"/> false → 404; otherwise an error on a field (or the form) or the status text.</summary>
public sealed record GrantResult(bool Found, string? Field, string? Error, string Message = "")
{
    public static readonly GrantResult NotFound = new(false, null, null);
}

/// <summary>
/// Plan grants by an admin (issue 19 item 1, SPEC §1): VIP or extra vehicles for an account on the free plan, with a
/// reason and an optional last day; revoked early by an admin or ended by the hourly job <c>entitlement-expiry</c>.
/// A VIP grant makes the account's role vip and its end makes it user again; a role change renews the security stamp
/// (the user signs in again, ADR 0012). Every change is audited (target USER, no free text) and the user is told.
/// The caller checks the step-up.
/// </summary>
public sealed class PlanGrants(AppDbContext db, UserManager<AppUser> users, AuditWriter audit, Notifications.Notifications notify, TimeProvider clock)
{
    public const string OnlyFreePlan = "Freischaltungen gibt es nur für Konten im kostenlosen Tarif (Rolle Nutzer). Händler, VIP und Verwaltung haben ohnehin unbegrenzt viele Fahrzeuge.";

    public static string Describe(EntitlementKind kind, int extra) => kind == EntitlementKind.Vip ? "VIP-Tarif"
        : extra == 1 ? "ein zusätzliches Fahrzeug" : Display.Count(extra, "zusätzliches Fahrzeug", "zusätzliche Fahrzeuge");

    public async Task<GrantResult> GrantAsync(ClaimsPrincipal admin, string userId, EntitlementKind kind, int extraVehicles, string reason, DateOnly? lastDay, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return GrantResult.NotFound;
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.User;
        if (role != Roles.User) return new GrantResult(true, null, OnlyFreePlan);
        var now = clock.GetUtcNow();
        Entitlement grant;
        try
        {
            grant = new Entitlement(user.Id, kind, extraVehicles, admin.UserId(), reason, now, lastDay is { } d ? Display.BerlinDayStart(d.AddDays(1)) : null);
        }
        catch (DomainException ex)
        {
            return new GrantResult(true, ex.Field, ex.Message);
        }
        db.Entitlements.Add(grant);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.EntitlementGranted, "USER", user.Id, AuditResult.Success, Metadata(grant), scope: "org", ct: ct);
        if (kind == EntitlementKind.Vip) await SetRoleAsync(user, Roles.User, Roles.Vip, ct);
        await notify.EntitlementGrantedAsync(user.Id, Describe(kind, grant.ExtraVehicles), lastDay is { } day ? Display.BerlinDayStart(day) : null, ct);
        return new GrantResult(true, null, null, $"Freigeschaltet: {Describe(kind, grant.ExtraVehicles)}" + (lastDay is { } l ? $" bis {Display.Date(l)}." : " ohne Enddatum."));
    }

    public async Task<GrantResult> RevokeAsync(ClaimsPrincipal admin, long entitlementId, string reason, CancellationToken ct)
    {
        var grant = await db.Entitlements.SingleOrDefaultAsync(e => e.Id == entitlementId, ct);
        if (grant is null) return GrantResult.NotFound;
        try
        {
            grant.Revoke(admin.UserId(), reason, clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return new GrantResult(true, ex.Field, ex.Message);
        }
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.EntitlementRevoked, "USER", grant.UserId, AuditResult.Success, Metadata(grant), scope: "org", ct: ct);
        await EndedAsync(grant, revoked: true, ct);
        return new GrantResult(true, null, null, $"Freischaltung beendet: {Describe(grant.Kind, grant.ExtraVehicles)}.");
    }

    /// <summary>Ends every grant whose last day has passed (job <c>entitlement-expiry</c>); returns how many ended.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Entitlements.Where(e => e.EndedAt == null && e.EndsAt != null && e.EndsAt <= now).OrderBy(e => e.Id).Take(200).ToListAsync(ct);
        foreach (var grant in due)
        {
            if (!grant.Expire(now)) continue;
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(AuditActions.EntitlementExpired, "USER", grant.UserId, AuditResult.Success, Metadata(grant), scope: "org", ct: ct);
            await EndedAsync(grant, revoked: false, ct);
        }
        return due.Count;
    }

    private async Task EndedAsync(Entitlement grant, bool revoked, CancellationToken ct)
    {
        if (grant.Kind == EntitlementKind.Vip
            && !await db.Entitlements.AnyAsync(e => e.UserId == grant.UserId && e.Kind == EntitlementKind.Vip && e.EndedAt == null, ct)
            && await users.FindByIdAsync(grant.UserId) is { } user
            && (await users.GetRolesAsync(user)).Contains(Roles.Vip))
        {
            await SetRoleAsync(user, Roles.Vip, Roles.User, ct);
        }
        await notify.EntitlementEndedAsync(grant.UserId, Describe(grant.Kind, grant.ExtraVehicles), revoked, ct);
    }

    private async Task SetRoleAsync(AppUser user, string from, string to, CancellationToken ct)
    {
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, to);
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(AuditActions.RoleRevoked, "USER", user.Id, AuditResult.Success, new Dictionary<string, object?> { ["role"] = from, ["reason_code"] = "ENTITLEMENT" }, scope: "org", ct: ct);
        await audit.WriteAsync(AuditActions.RoleGranted, "USER", user.Id, AuditResult.Success,
            new Dictionary<string, object?> { ["role"] = to, ["previous_role"] = from, ["reason_code"] = "ENTITLEMENT" }, scope: "org", ct: ct);
    }

    private static Dictionary<string, object?> Metadata(Entitlement grant) => new()
    {
        ["entitlement_id"] = grant.Id,
        ["kind"] = grant.Kind,
        ["extra_vehicles"] = grant.ExtraVehicles,
        ["ends_at"] = grant.EndsAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
    };
}

/// <summary>Hourly on the job runner: grants past their last day end, the account's role returns to user after VIP, the user is told.</summary>
public sealed class EntitlementExpiry(PlanGrants grants) : IJobHandler<NoPayload>
{
    public const string Kind = "entitlement-expiry";

    public Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct) => grants.ExpireDueAsync(ct);
}

public static class PlanSetup
{
    public static IServiceCollection AddLtcPlans(this IServiceCollection services)
    {
        services.AddScoped<PlanGrants>();
        services.AddRecurringJob<EntitlementExpiry>(EntitlementExpiry.Kind, TimeSpan.FromHours(1));
        return services;
    }
}
