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
public sealed class PasswordReset(AppDbContext db, UserManager<AppUser> users, EmailCodeService codes, EmailChallenge challenge, AccountOwnership ownership,
    AuditWriter audit, EmailPseudonym pseudonym)
{
    /// <summary>„Passwort vergessen“: a code for a known address, an audit row for an unknown one; one commit either way.</summary>
    public async Task RequestAsync(string email, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await users.FindByEmailAsync(email) is { } user)
        {
            await challenge.SendAsync(user, EmailCodePurpose.ResetPassword, ct);
        }
        else
        {
            await audit.WriteForUserAsync(AuditActions.AuthChallengeFailed, null, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["purpose"] = "reset_password", ["reason_code"] = "UNKNOWN_ACCOUNT", ["email_hmac"] = pseudonym.For(email) }, ct);
        }
        await tx.CommitAsync(ct);
    }

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
