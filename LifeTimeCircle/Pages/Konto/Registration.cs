using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Konto;

/// <summary>
/// Registration and the proof of the address (SPEC §2), shared by „Registrieren“ and „Bestätigen“. Nothing chosen
/// at registration opens an account: the choice (password hash, account kind, business) travels with the code of
/// this browser flow and is applied only when that code proves the address (<see cref="AccountOwnership"/>).
/// Every method does the same work and gives the caller nothing to tell known from unknown addresses.
/// </summary>
public sealed class Registration(
    AppDbContext db,
    UserManager<AppUser> users,
    AccountOwnership ownership,
    EmailChallenge challenge,
    EmailCodeService codes,
    Mailer mailer,
    AuditWriter audit,
    EmailPseudonym pseudonym,
    TimeProvider clock)
{
    /// <summary>
    /// One transaction with one commit whatever the address (unknown: account, code and mail; unconfirmed: code and
    /// mail; confirmed: at most one „already registered“ mail an hour, and an audit row), so that neither the answer
    /// nor the time it takes tells them apart.
    /// </summary>
    public async Task RegisterAsync(string email, RegistrationChoice choice, string flow, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await users.FindByEmailAsync(email) ?? await CreateUnconfirmedAsync(email, ct);
        if (user is { EmailConfirmed: false })
        {
            await challenge.SendAsync(user, EmailCodePurpose.VerifyEmail, ct, flow, choice);
        }
        else if (user is not null)
        {
            var since = clock.GetUtcNow() - TimeSpan.FromHours(1);
            var recentlyTold = await db.OutgoingMails.AnyAsync(m => m.Recipient == email && m.Kind == MailKinds.AlreadyRegistered && m.CreatedAt > since, ct);
            if (!recentlyTold)
            {
                await mailer.QueueAlreadyRegisteredAsync(email, ct);
            }
            await audit.WriteForUserAsync(AuditActions.AccountRegistered, user.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["reason_code"] = "ALREADY_REGISTERED", ["mail_queued"] = !recentlyTold }, ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The account whose address this code proved in this browser flow — together with the password chosen at that
    /// registration, so only the person who chose it confirms — taken over for the prover; or null.
    /// </summary>
    public async Task<(AppUser User, RegistrationChoice Choice)?> ConfirmAsync(string email, string code, string password, string? flow, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        var proven = await codes.CheckAsync(user is { EmailConfirmed: false } ? user.Id : null, EmailCodePurpose.VerifyEmail, code, ct, flow,
            c => c.Choice is { } chosen && users.PasswordHasher.VerifyHashedPassword(user!, chosen.PasswordHash, password) != PasswordVerificationResult.Failed);
        if (proven?.Choice is not { } choice || user is null
            || !(await ownership.ProveNeverConfirmedAsync(user, choice.PasswordHash, choice)).Succeeded)
        {
            await audit.WriteForUserAsync(AuditActions.AuthChallengeFailed, user?.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["purpose"] = "verify_email", ["email_hmac"] = pseudonym.For(email) }, ct);
            return null;
        }
        await audit.WriteForUserAsync(AuditActions.AuthChallengeVerified, user.Id, Roles.User, AuditResult.Success,
            new Dictionary<string, object?> { ["purpose"] = "verify_email", ["account_kind"] = choice.Kind.ToString() }, ct);
        return (user, choice);
    }

    /// <summary>A new code for this browser's registration of the address, if there is one (one commit either way).</summary>
    public async Task ResendAsync(string email, string? flow, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await users.FindByEmailAsync(email);
        if (user is { EmailConfirmed: false } && flow is not null
            && await codes.LatestOfFlowAsync(user.Id, flow, ct) is { Choice: { } choice })
        {
            await challenge.SendAsync(user, EmailCodePurpose.VerifyEmail, ct, flow, choice);
        }
        else
        {
            await audit.WriteForUserAsync(AuditActions.AuthChallengeFailed, user?.Id, Roles.User, AuditResult.Denied,
                new Dictionary<string, object?> { ["purpose"] = "verify_email", ["reason_code"] = "NO_OPEN_REGISTRATION", ["email_hmac"] = pseudonym.For(email) }, ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>An account without password, role user, unconfirmed: nobody can sign in to it until its address is proven.</summary>
    private async Task<AppUser?> CreateUnconfirmedAsync(string email, CancellationToken ct)
    {
        var user = new AppUser { UserName = email, Email = email, AccountKind = AccountKind.Privat, CreatedAt = clock.GetUtcNow() };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<AppUser>(db, nameof(AppUser.NormalizedUserName)))
        {
            // Only the unique index on the address can fail here: a parallel request registered it a moment ago.
            db.ChangeTracker.Clear();
            return await users.FindByEmailAsync(email);
        }
        if (!created.Succeeded)
        {
            // Registered by a parallel request a moment ago (Identity's own uniqueness check): continue with that account.
            return await users.FindByEmailAsync(email);
        }
        await users.AddToRoleAsync(user, Roles.User);
        await audit.WriteForUserAsync(AuditActions.AccountRegistered, user.Id, Roles.User, AuditResult.Success, null, ct);
        return user;
    }
}
