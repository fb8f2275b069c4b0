using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;

namespace LifeTimeCircle.Pages.Konto;

/// <summary>
/// Setting a new password with an e-mailed code. The code is checked the same way for every address; proving the
/// address of a never-confirmed account this way takes it over for the prover, like the registration code does.
/// </summary>
public sealed class PasswordReset(UserManager<AppUser> users, EmailCodeService codes, AccountOwnership ownership, AuditWriter audit, EmailPseudonym pseudonym)
{
    /// <summary>Null when the code is wrong or expired; otherwise Identity's result of setting the password.</summary>
    public async Task<IdentityResult?> ResetAsync(string email, string code, string password, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        var proven = await codes.CheckAsync(user?.Id, EmailCodePurpose.ResetPassword, code, ct);
        if (user is null || proven is null)
        {
            await audit.WriteForUserAsync(AuditActions.AuthChallengeFailed, user?.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["purpose"] = "reset_password", ["email_hmac"] = pseudonym.For(email) }, ct);
            return null;
        }
        IdentityResult result;
        if (!user.EmailConfirmed)
        {
            result = await ownership.ProveNeverConfirmedAsync(user, ownership.HashPassword(email, password), choice: null);
        }
        else
        {
            // Renews the security stamp: every other session ends.
            result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
            if (result.Succeeded)
            {
                await users.SetLockoutEndDateAsync(user, null);
                await users.ResetAccessFailedCountAsync(user);
            }
        }
        if (result.Succeeded)
        {
            await audit.WriteForUserAsync(AuditActions.PasswordReset, user.Id, Roles.User, AuditResult.Success, null, ct);
        }
        return result;
    }
}
