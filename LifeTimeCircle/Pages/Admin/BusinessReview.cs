using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// An admin's decision on a business registration (SPEC §2): only a confirmed, pending Gewerblich account can be
/// decided, once. Approval gives the <c>dealer</c> role (a role grant: the page demands a step-up); rejection keeps
/// the account as a private one. Both are audited and mailed to the applicant; the reason is mailed, never audited.
/// </summary>
public sealed class BusinessReview(AppDbContext db, UserManager<AppUser> users, AuditWriter audit, Mailer mailer, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    /// <summary>Null when done, otherwise a German message for the admin.</summary>
    public async Task<string?> DecideAsync(string userId, bool approve, string? reason, CancellationToken ct)
    {
        var trimmed = reason?.Trim();
        if (!approve && string.IsNullOrEmpty(trimmed))
        {
            return "Bitte begründen Sie die Ablehnung; die Begründung erhält der Antragsteller per E-Mail.";
        }
        if (trimmed is { Length: > MaxReasonLength })
        {
            return $"Die Begründung darf höchstens {MaxReasonLength} Zeichen lang sein.";
        }
        // Decided once: the conditional update lets exactly one of two simultaneous decisions through, and status,
        // role, audit and mail are committed together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var decided = await db.Users
            .Where(u => u.Id == userId && u.EmailConfirmed && u.AccountKind == AccountKind.Gewerblich && u.BusinessStatus == BusinessStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.BusinessStatus, approve ? BusinessStatus.Approved : BusinessStatus.Rejected)
                .SetProperty(u => u.BusinessReviewedAt, clock.GetUtcNow()), ct);
        var target = decided == 1 ? await users.FindByIdAsync(userId) : null;
        if (target is null)
        {
            return "Dieser Antrag ist nicht mehr offen.";
        }
        var roles = await users.GetRolesAsync(target);
        var current = roles.FirstOrDefault() ?? Roles.User;
        if (approve && current == Roles.User)
        {
            Check(await users.RemoveFromRolesAsync(target, roles));
            Check(await users.AddToRoleAsync(target, Roles.Dealer));
            await audit.WriteAsync(AuditActions.RoleGranted, "USER", target.Id, AuditResult.Success,
                new Dictionary<string, object?> { ["role"] = Roles.Dealer, ["previous_role"] = current, ["reason_code"] = "BUSINESS_APPROVED" }, scope: "org", ct: ct);
        }
        // A new security stamp: the applicant signs in again and has the new role.
        Check(await users.UpdateSecurityStampAsync(target));
        await audit.WriteAsync(approve ? AuditActions.BusinessApproved : AuditActions.BusinessRejected, "ORG", target.Id, AuditResult.Success,
            new Dictionary<string, object?> { ["business_type"] = target.BusinessType?.ToString() }, scope: "org", ct: ct);
        await mailer.QueueBusinessDecisionAsync(target.Email!, approve, trimmed, ct);
        await tx.CommitAsync(ct);
        return null;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException("Rollenänderung nicht gespeichert: " + string.Join(", ", result.Errors.Select(e => e.Code)));
    }
}
