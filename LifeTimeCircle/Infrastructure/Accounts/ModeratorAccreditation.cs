using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Accounts;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Accounts;

/// <summary>A moderator or an open invitation as the admin page lists them (addresses masked).</summary>
public sealed record ModeratorRow(string UserId, string MaskedEmail, DateTimeOffset? Since);
public sealed record OpenModeratorInvite(string PublicId, string MaskedEmail, DateTimeOffset InvitedAt, DateTimeOffset ExpiresAt);

/// <summary>What the invitee's page may show of an open invitation, and the state of the account behind its address.</summary>
public sealed record ModeratorInviteView(ModeratorInvite Invite, bool AccountExists);

/// <summary>
/// Moderator accreditation (SPEC §10, reference §2.10 „invite + activation“, docs/adr/0018-administration.md): an admin
/// invites an address (after a step-up); the invitee proves the address with the mail's one-time code, signs in or sets
/// a password for a new account, switches TOTP on — and only then does the account become a moderator. Removal gives the
/// account back the role user and a new security stamp, so its sessions end with their next request. All audited.
/// </summary>
public sealed class ModeratorAccreditation(AppDbContext db, UserManager<AppUser> users, AuditWriter audit, MailQueue mail, PublicUrls urls,
    LtcEnvironment env, TimeProvider clock)
{
    public const string MailKind = "moderator_invite";
    public const string InvalidCode = "Dieser Code ist ungültig, abgelaufen oder wurde bereits verwendet. Bitten Sie die Administration um eine neue Einladung.";
    public const string OtherAddress = "Diese Einladung gilt für eine andere E-Mail-Adresse. Melden Sie sich ab und mit der eingeladenen Adresse wieder an.";
    public const string TwoFactorFirst = "Richten Sie zuerst die Zwei-Faktor-Anmeldung ein; erst danach wird der Redaktionszugang wirksam.";
    public const string NotEligible = "Dieses Konto kann kein Redaktionskonto werden: Ein Redaktionskonto sieht nur Blog und News, keine Fahrzeuge, " +
        "Betriebe oder Verwaltung. Es darf darum keine Fahrzeuge führen, keinem Betrieb angehören und keine andere Rolle haben. " +
        "Bitten Sie um eine Einladung an eine eigene Adresse nur für die Redaktion.";

    // Invite, withdraw and accept under one lock: a replaced or withdrawn invitation is never accepted in the same instant.
    private static readonly SemaphoreSlim Writer = new(1, 1);

    public static string HashCode(LtcEnvironment env, string normalizedCode) => env.Hmac("moderator-invite", normalizedCode);

    public async Task<(IReadOnlyList<ModeratorRow> Moderators, IReadOnlyList<OpenModeratorInvite> Invites)> ListAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var moderators = (await users.GetUsersInRoleAsync(Roles.Moderator)).Where(u => u.DeletedAt is null).ToList();
        var ids = moderators.Select(u => u.Id).ToList();
        var since = await db.ModeratorInvites.AsNoTracking().Where(i => i.UserId != null && ids.Contains(i.UserId) && i.State == ModeratorInviteState.Angenommen)
            .Select(i => new { i.UserId, i.EndedAt }).ToListAsync(ct);
        var rows = moderators.OrderBy(u => u.NormalizedEmail, StringComparer.Ordinal)
            .Select(u => new ModeratorRow(u.Id, Display.MaskedEmail(u.Email), since.Where(s => s.UserId == u.Id).Max(s => s.EndedAt))).ToList();
        var invites = (await db.ModeratorInvites.AsNoTracking().Where(i => i.State == ModeratorInviteState.Eingeladen).ToListAsync(ct))
            .Where(i => i.IsOpenAt(now)).OrderBy(i => i.InvitedAt)
            .Select(i => new OpenModeratorInvite(i.PublicId, Display.MaskedEmail(i.Email), i.InvitedAt, i.ExpiresAt)).ToList();
        return (rows, invites);
    }

    /// <summary>Null when the invitation was sent; otherwise a German refusal for the admin.</summary>
    public async Task<string?> InviteAsync(string email, string adminId, CancellationToken ct)
    {
        await Writer.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            var key = ModeratorInvite.KeyOf(email);
            if (await users.FindByEmailAsync(email) is { } existing)
            {
                if (await users.IsInRoleAsync(existing, Roles.Moderator)) return "Dieses Konto ist bereits Moderator.";
                if (await RefusalAsync(existing, ct) is not null)
                {
                    return "Dieses Konto kann kein Redaktionskonto werden (es hat eine andere Rolle, ist ein Geschäftskonto, gehört zu einem Betrieb " +
                        "oder führt Fahrzeuge). Laden Sie eine eigene Adresse nur für die Redaktion ein.";
                }
            }
            var open = await db.ModeratorInvites.Where(i => i.State == ModeratorInviteState.Eingeladen && i.ExpiresAt > now).ToListAsync(ct);
            if (open.Count(i => i.EmailKey != key) >= ModeratorInvite.MaxOpen)
            {
                return $"Es gibt bereits {ModeratorInvite.MaxOpen} offene Einladungen. Ziehen Sie eine zurück oder warten Sie, bis Einladungen angenommen sind oder ablaufen.";
            }
            var code = StaffCodes.New();
            var invite = new ModeratorInvite(email, HashCode(env, code), adminId, now);
            var replaced = open.Where(i => i.EmailKey == key).Count(i => i.Withdraw(adminId, now));
            db.ModeratorInvites.Add(invite);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            var formatted = StaffCodes.Format(code);
            await mail.EnqueueAsync(MailKind, invite.Email, "Einladung in die Redaktion – LifeTimeCircle",
                $"""
                Guten Tag,

                die Administration von LifeTimeCircle lädt Sie ein, Beiträge für Blog und News zu schreiben.
                Ein Redaktionskonto sieht nur die Redaktion: keine Fahrzeuge und keine Daten anderer Personen.

                So nehmen Sie die Einladung an (bis {Display.DateTime(invite.ExpiresAt)}, der Code gilt einmal):
                {urls.Page("/Konto/Redaktionszugang")}#code={formatted}

                Öffnet der Link das Formular ohne Code, geben Sie ihn dort ein: {formatted}
                Danach legen Sie ein Passwort fest (oder melden sich an) und richten die Zwei-Faktor-Anmeldung ein.

                Falls Sie damit nicht gerechnet haben, ignorieren Sie diese E-Mail; ohne den Code passiert nichts.

                LifeTimeCircle · Service Heft 4.0
                """, ct);
            await transaction.CommitAsync(ct);
            await audit.WriteAsync(AuditActions.ModeratorInvited, "MODERATOR_INVITE", invite.PublicId, AuditResult.Success,
                new Dictionary<string, object?> { ["replaced"] = replaced, ["valid_days"] = ModeratorInvite.ValidDays }, scope: "org", ct: ct);
            return null;
        }
        finally
        {
            Writer.Release();
        }
    }

    /// <summary>An admin withdraws an open invitation. False when it is not open (any more).</summary>
    public async Task<bool> WithdrawAsync(string? publicId, string adminId, CancellationToken ct)
    {
        await Writer.WaitAsync(ct);
        try
        {
            var invite = await db.ModeratorInvites.SingleOrDefaultAsync(i => i.PublicId == publicId, ct);
            if (invite is null || !invite.Withdraw(adminId, clock.GetUtcNow())) return false;
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(AuditActions.ModeratorInviteWithdrawn, "MODERATOR_INVITE", invite.PublicId, AuditResult.Success, scope: "org", ct: ct);
            return true;
        }
        finally
        {
            Writer.Release();
        }
    }

    /// <summary>The open invitation behind a typed code, or null — unknown, expired, used and withdrawn codes look alike.</summary>
    public async Task<ModeratorInviteView?> FindAsync(string? typedCode, CancellationToken ct)
    {
        if (StaffCodes.Normalize(typedCode) is not { } code) return null;
        var hash = HashCode(env, code);
        var invite = await db.ModeratorInvites.AsNoTracking().SingleOrDefaultAsync(i => i.CodeHash == hash, ct);
        if (invite is null || !invite.IsOpenAt(clock.GetUtcNow())) return null;
        var account = await users.FindByEmailAsync(invite.Email);
        return new ModeratorInviteView(invite, account is { EmailConfirmed: true });
    }

    /// <summary>
    /// The invitee without an account sets its password: a new account (role user, address proven by the code), or an
    /// account whose address was never confirmed gets this password (SPEC §2: whoever proves the address owns the
    /// account). Null on success; otherwise the errors of the password rules.
    /// </summary>
    public async Task<(AppUser? User, IReadOnlyList<string> Errors)> CreateAccountAsync(ModeratorInvite invite, string password, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(invite.Email);
        if (user is { EmailConfirmed: true }) return (null, ["Für diese Adresse besteht bereits ein Konto. Bitte melden Sie sich an."]);
        IdentityResult result;
        if (user is null)
        {
            user = new AppUser { UserName = invite.Email, Email = invite.Email, EmailConfirmed = true, AccountKind = AccountKind.Privat, CreatedAt = clock.GetUtcNow() };
            result = await users.CreateAsync(user, password);
            if (result.Succeeded)
            {
                await users.AddToRoleAsync(user, Roles.User);
                await audit.WriteForUserAsync(AuditActions.AccountRegistered, user.Id, Roles.User, AuditResult.Success,
                    new Dictionary<string, object?> { ["source"] = "moderator_invite" }, ct);
            }
        }
        else
        {
            result = IdentityResult.Success;
            foreach (var validator in users.PasswordValidators)
            {
                result = await validator.ValidateAsync(users, user, password);
                if (!result.Succeeded) break;
            }
            if (result.Succeeded)
            {
                if (await users.HasPasswordAsync(user)) await users.RemovePasswordAsync(user);
                result = await users.AddPasswordAsync(user, password);
                user.EmailConfirmed = true;
                if (result.Succeeded) result = await users.UpdateAsync(user);
            }
        }
        return result.Succeeded ? (user, []) : (null, result.Errors.Select(e => e.Description).ToList());
    }

    /// <summary>Why this account cannot accept the invitation now (other address, not eligible, no TOTP), or null.</summary>
    public async Task<string?> AcceptRefusalAsync(ModeratorInvite invite, AppUser user, CancellationToken ct)
    {
        if (user.NormalizedEmail != invite.EmailKey) return OtherAddress;
        if (await RefusalAsync(user, ct) is not null) return NotEligible;
        return user.TwoFactorEnabled ? null : TwoFactorFirst;
    }

    /// <summary>
    /// Accepts: the code's invitation is used up and the account becomes a moderator with a new security stamp (the
    /// caller signs it in again). Null on success, else a German refusal.
    /// </summary>
    public async Task<string?> AcceptAsync(string? typedCode, AppUser user, CancellationToken ct)
    {
        await Writer.WaitAsync(ct);
        try
        {
            var found = await FindAsync(typedCode, ct);
            if (found is null) return InvalidCode;
            if (await AcceptRefusalAsync(found.Invite, user, ct) is { } refusal)
            {
                await audit.WriteAsync(AuditActions.ModeratorAccredited, "USER", user.Id, AuditResult.Denied,
                    new Dictionary<string, object?> { ["invite"] = found.Invite.PublicId, ["reason_code"] = refusal == TwoFactorFirst ? "TOTP_MISSING" : "NOT_ELIGIBLE" }, ct: ct);
                return refusal;
            }
            var invite = await db.ModeratorInvites.SingleAsync(i => i.Id == found.Invite.Id, ct);
            invite.Accept(user.Id, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await SetRoleAsync(user, Roles.User, Roles.Moderator, "ACCREDITATION", ct);
            await audit.WriteAsync(AuditActions.ModeratorAccredited, "USER", user.Id, AuditResult.Success,
                new Dictionary<string, object?> { ["invite"] = invite.PublicId }, ct: ct);
            return null;
        }
        finally
        {
            Writer.Release();
        }
    }

    /// <summary>An admin takes the editorial desk away: role user again, every session ends at once. False when not a moderator.</summary>
    public async Task<bool> RevokeAsync(string? userId, CancellationToken ct)
    {
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null || !await users.IsInRoleAsync(user, Roles.Moderator)) return false;
        await SetRoleAsync(user, Roles.Moderator, Roles.User, "MODERATOR_REMOVED", ct);
        await audit.WriteAsync(AuditActions.ModeratorRevoked, "USER", user.Id, AuditResult.Success, scope: "org", ct: ct);
        return true;
    }

    private async Task SetRoleAsync(AppUser user, string from, string to, string reason, CancellationToken ct)
    {
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, to);
        var stamped = await users.UpdateSecurityStampAsync(user);
        if (!stamped.Succeeded) throw new InvalidOperationException("Sicherheitsstempel nicht erneuert: " + string.Join(", ", stamped.Errors.Select(e => e.Code)));
        await audit.WriteAsync(AuditActions.RoleRevoked, "USER", user.Id, AuditResult.Success,
            new Dictionary<string, object?> { ["role"] = from, ["reason_code"] = reason }, scope: "org", ct: ct);
        await audit.WriteAsync(AuditActions.RoleGranted, "USER", user.Id, AuditResult.Success,
            new Dictionary<string, object?> { ["role"] = to, ["previous_role"] = from, ["reason_code"] = reason }, scope: "org", ct: ct);
    }

    /// <summary>Only a plain private account may become a moderator: role user, no vehicles (also removed ones), no business seat, not removed.</summary>
    private async Task<string?> RefusalAsync(AppUser user, CancellationToken ct)
    {
        var roles = await users.GetRolesAsync(user);
        if (user.DeletedAt is not null || user.AccountKind != AccountKind.Privat || roles.Any(r => r != Roles.User)) return "ROLE";
        if (await db.Vehicles.IgnoreQueryFilters().AnyAsync(v => v.OwnerId == user.Id, ct)) return "VEHICLES";
        if (await db.StaffSeats.AnyAsync(s => s.UserId == user.Id && (s.State == SeatState.Aktiv || s.State == SeatState.WartetAufFreigabe), ct)) return "STAFF";
        return null;
    }
}

/// <summary>The moderator invitation's code between the activation page's steps (<see cref="Security.ProtectedCodeCookie"/>).</summary>
public sealed class ModeratorInviteCookie(IDataProtectionProvider protection, TimeProvider clock)
    : Security.ProtectedCodeCookie(protection, clock, Name, "LifeTimeCircle.ModeratorInvite.v1")
{
    public const string Name = "ltc.redaktion";
}

public static class SupportSetup
{
    /// <summary>Support inbox and moderator accreditation (issue 19 items 3 and 4).</summary>
    public static IServiceCollection AddLtcSupportAndModeration(this IServiceCollection services)
    {
        services.AddScoped<Support.SupportInbox>();
        services.AddRecurringJob<Support.SupportRetention>(Support.SupportRetention.Kind, TimeSpan.FromHours(6));
        services.AddScoped<ModeratorAccreditation>();
        services.AddSingleton<ModeratorInviteCookie>();
        return services;
    }
}
