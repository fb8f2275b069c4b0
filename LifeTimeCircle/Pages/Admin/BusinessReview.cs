using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using Microsoft.AspNetCore.Identity;

namespace LifeTimeCircle.Pages.Admin;

/// <summary>
/// An admin's decision on a business registration (SPEC §2): only a confirmed, pending Gewerblich account can be
/// decided, once. Approval gives the <c>dealer</c> role (a role grant: the page demands a step-up); rejection keeps
/// the account as a private one. Both are audited and mailed to the applicant; the reason is mailed, never audited.
/// </summary>
public sealed class BusinessReview(UserManager<AppUser> users, AuditWriter audit, Mailer mailer, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    /// <summary>Null when done, otherwise a German message for the admin.</summary>
    public async Task<string?> DecideAsync(string userId, bool approve, string? reason, CancellationToken ct)
    {
        var target = await users.FindByIdAsync(userId);
        if (target is not { EmailConfirmed: true, AccountKind: AccountKind.Gewerblich, BusinessStatus: BusinessStatus.Pending })
        {
            return "Dieser Antrag ist nicht mehr offen.";
        }
        var trimmed = reason?.Trim();
        if (!approve && string.IsNullOrEmpty(trimmed))
        {
            return "Bitte begründen Sie die Ablehnung; die Begründung erhält der Antragsteller per E-Mail.";
        }
        if (trimmed is { Length: > MaxReasonLength })
        {
            return $"Die Begründung darf höchstens {MaxReasonLength} Zeichen lang sein.";
        }
        target.BusinessStatus = approve ? BusinessStatus.Approved : BusinessStatus.Rejected;
        target.BusinessReviewedAt = clock.GetUtcNow();
        var roles = await users.GetRolesAsync(target);
        var current = roles.FirstOrDefault() ?? Roles.User;
        if (approve && current == Roles.User)
        {
            await users.RemoveFromRolesAsync(target, roles);
            await users.AddToRoleAsync(target, Roles.Dealer);
            await audit.WriteAsync(AuditActions.RoleGranted, "USER", target.Id, AuditResult.Success,
                new Dictionary<string, object?> { ["role"] = Roles.Dealer, ["previous_role"] = current, ["reason_code"] = "BUSINESS_APPROVED" }, scope: "org", ct: ct);
        }
        // A new security stamp: the applicant's sessions pick up the new role within a minute.
        await users.UpdateSecurityStampAsync(target);
        await audit.WriteAsync(approve ? AuditActions.BusinessApproved : AuditActions.BusinessRejected, "ORG", target.Id, AuditResult.Success,
            new Dictionary<string, object?> { ["business_type"] = target.BusinessType?.ToString() }, scope: "org", ct: ct);
        await mailer.QueueBusinessDecisionAsync(target.Email!, approve, trimmed, ct);
        return null;
    }
}
