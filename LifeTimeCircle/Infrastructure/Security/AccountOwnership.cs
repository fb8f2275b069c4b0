using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using Microsoft.AspNetCore.Identity;

namespace LifeTimeCircle.Infrastructure.Security;

/// <summary>
/// The person who proves an address owns the account (SPEC §2). Used when a never-confirmed account's address is
/// proven — by the registration code, by a password-reset code, or by the operator's <c>create-superadmin</c>:
/// nothing that was set before the proof survives (password, authenticator, recovery codes, roles, lockout,
/// sessions), and the password is the one chosen in the proving flow.
/// </summary>
public sealed class AccountOwnership(UserManager<AppUser> users)
{
    private const string StoreProvider = "[AspNetUserStore]";

    /// <summary>Password rules checked the same way for every address, known or not (no enumeration by validation order).</summary>
    public async Task<IReadOnlyList<string>> PasswordProblemsAsync(string email, string password)
    {
        var probe = new AppUser { UserName = email, Email = email };
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, probe, password);
            problems.AddRange(result.Errors.Select(e => e.Description));
        }
        return problems;
    }

    /// <summary>Adds the password-rule problems to a form's field, unless the field already failed its annotations.</summary>
    public async Task CheckPasswordRulesAsync(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string field, string email, string password)
    {
        if (modelState.GetFieldValidationState(field) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Valid) return;
        foreach (var problem in await PasswordProblemsAsync(email, password))
        {
            modelState.AddModelError(field, problem);
        }
    }

    public string HashPassword(string email, string password) =>
        users.PasswordHasher.HashPassword(new AppUser { UserName = email, Email = email }, password);

    /// <summary>Takes over a never-confirmed account for the person who just proved its address.</summary>
    public async Task<IdentityResult> ProveNeverConfirmedAsync(AppUser user, string passwordHash, RegistrationChoice? choice)
    {
        if (user.EmailConfirmed) throw new InvalidOperationException("Only a never-confirmed account can be taken over.");
        await users.RemoveAuthenticationTokenAsync(user, StoreProvider, "AuthenticatorKey");
        await users.RemoveAuthenticationTokenAsync(user, StoreProvider, "RecoveryCodes");
        foreach (var login in await users.GetLoginsAsync(user))
        {
            await users.RemoveLoginAsync(user, login.LoginProvider, login.ProviderKey);
        }
        var roles = await users.GetRolesAsync(user);
        if (roles.Count > 0) await users.RemoveFromRolesAsync(user, roles);
        await users.AddToRoleAsync(user, Roles.User);
        // Without a registration choice (reset, operator), nothing of an earlier registrant's business claim survives.
        var kind = choice?.Kind ?? AccountKind.Privat;
        user.AccountKind = kind;
        user.BusinessType = kind == AccountKind.Gewerblich ? choice!.BusinessType : null;
        user.BusinessName = kind == AccountKind.Gewerblich ? choice!.BusinessName : null;
        user.BusinessStatus = kind == AccountKind.Gewerblich ? BusinessStatus.Pending : BusinessStatus.None;
        user.BusinessReviewedAt = null;
        user.PasswordHash = passwordHash;
        user.EmailConfirmed = true;
        user.TwoFactorEnabled = false;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        // A new security stamp ends every session that existed before the proof; saves the user.
        return await users.UpdateSecurityStampAsync(user);
    }
}
