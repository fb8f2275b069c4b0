using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Konto;

public enum SignInOutcome { SignedIn, TwoFactorRequired, Failed }

/// <summary>
/// Sign-in with e-mail and password, one control flow for every address: the password is checked (against a dummy
/// hash when there is no usable account or it is locked), and every failure — wrong password, unknown or
/// never-confirmed address, lockout — is one outcome. The owner of a real account learns of a lockout by mail.
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    AppDbContext db,
    Mailer mailer,
    AuditWriter audit,
    EmailPseudonym pseudonym,
    ILogger<PasswordSignIn> logger)
{
    /// <summary>A hash that no password matches: checking it costs what checking a real one costs.</summary>
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<AppUser>().HashPassword(new AppUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    /// <summary>
    /// Business accounts work on shared desktop PCs (SPEC §0, issue 16 item 2): their sessions are session cookies only,
    /// „Angemeldet bleiben“ is ignored for them.
    /// </summary>
    public static async Task<bool> MayStaySignedInAsync(UserManager<AppUser> users, AppDbContext db, AppUser user) =>
        user.AccountKind != AccountKind.Gewerblich && !await users.IsInRoleAsync(user, Roles.Dealer)
        // Staff of a business, also while the seat waits for a superadmin (issue 16).
        && !await db.StaffSeats.AnyAsync(s => s.UserId == user.Id
            && (s.State == Domain.Workshops.SeatState.Aktiv || s.State == Domain.Workshops.SeatState.WartetAufFreigabe));

    public async Task<(SignInOutcome Outcome, string Role)> SignInAsync(string email, string password, bool remember, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (remember && user is not null && !await MayStaySignedInAsync(users, db, user)) remember = false;
        var lockedBefore = user is not null && await users.IsLockedOutAsync(user);
        var result = user is { EmailConfirmed: true }
            ? await signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true)
            : SignInResult.Failed;
        if (user is not { EmailConfirmed: true, PasswordHash: not null, DeletedAt: null } || lockedBefore)
        {
            // Identity checked no hash (no usable account, removed by an admin, or locked): spend the same time anyway.
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, password);
        }
        if (result.Succeeded && user is not null)
        {
            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.User;
            await audit.WriteForUserAsync(AuditActions.SessionCreated, user.Id, role, AuditResult.Success,
                new Dictionary<string, object?> { ["method"] = "password", ["persistent"] = remember }, ct);
            logger.LogInformation("Anmeldung erfolgreich für {EmailPseudonym}", pseudonym.For(email));
            return (SignInOutcome.SignedIn, role);
        }
        if (result.RequiresTwoFactor)
        {
            return (SignInOutcome.TwoFactorRequired, Roles.User);
        }
        if (result.IsLockedOut && user is not null)
        {
            await audit.WriteForUserAsync(AuditActions.AccountLockedOut, user.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["email_hmac"] = pseudonym.For(email), ["just_locked"] = !lockedBefore }, ct);
            logger.LogWarning("Konto gesperrt nach Fehlversuchen: {EmailPseudonym}", pseudonym.For(email));
            if (!lockedBefore)
            {
                await mailer.QueueLockedOutAsync(user.Email!, ct);
            }
        }
        else
        {
            await audit.WriteForUserAsync(AuditActions.SignInFailed, user?.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["email_hmac"] = pseudonym.For(email), ["reason_code"] = "INVALID_CREDENTIALS" }, ct);
            logger.LogWarning("Anmeldung fehlgeschlagen für {EmailPseudonym}", pseudonym.For(email));
        }
        return (SignInOutcome.Failed, Roles.User);
    }
}
