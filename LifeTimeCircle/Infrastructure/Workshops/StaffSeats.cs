using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Workshops;

/// <summary>What an invitee sees of an invitation: the business, and the invited address (masked).</summary>
public sealed record StaffInvite(StaffSeat Seat, string BusinessName, string City);

/// <summary>The outcome of accepting: the seat's new state, or a German refusal.</summary>
public sealed record StaffAcceptance(SeatState? State, string? BusinessName, string? Refusal);

/// <summary>
/// Staff seats of a business (issue 16 item 1, ADR 0015 „Mitarbeitende“): the business's own account invites by e-mail,
/// the invitee accepts with the invited address (seats beyond <see cref="StaffSeat.FreeSeats"/> wait for a superadmin),
/// the business removes a person — and every change that alters what an account may do gives it a new security stamp,
/// so its sessions end with their next request.
/// </summary>
public sealed class StaffSeats(
    AppDbContext db, UserManager<AppUser> users, AuditWriter audit, Mailer mailer, PublicUrls urls, TimeProvider clock)
{
    // Count and change under one lock: two acceptances at the limit cannot both take a free seat (one process per data directory).
    private static readonly SemaphoreSlim Writer = new(1, 1);

    /// <summary>Null when the invitation was sent; otherwise a German refusal (limits, an address already on a seat).</summary>
    public async Task<string?> InviteAsync(Business business, string? name, string email, string ownerId, CancellationToken ct)
    {
        // Under the lock of accepting: a replaced invitation can not be accepted in the same instant.
        await Writer.WaitAsync(ct);
        try
        {
            return await InviteCoreAsync(business, name, email, ownerId, ct);
        }
        finally
        {
            Writer.Release();
        }
    }

    private async Task<string?> InviteCoreAsync(Business business, string? name, string email, string ownerId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var key = StaffSeat.KeyOf(email);
        var mine = db.StaffSeats.Where(s => s.BusinessId == business.Id);
        if (await mine.AnyAsync(s => s.EmailKey == key && (s.State == SeatState.Aktiv || s.State == SeatState.WartetAufFreigabe), ct))
        {
            return "Diese Person gehört bereits zu Ihrem Betrieb.";
        }
        var open = await mine.Where(s => s.State == SeatState.Eingeladen && s.ExpiresAt > now).ToListAsync(ct);
        var since = now.AddDays(-1);
        if (open.Count(s => s.EmailKey != key) >= StaffSeat.MaxOpenInvites || await mine.CountAsync(s => s.InvitedAt > since, ct) >= StaffSeat.MaxInvitesPerDay)
        {
            return $"Sie haben bereits {StaffSeat.MaxOpenInvites} offene Einladungen oder heute {StaffSeat.MaxInvitesPerDay} Einladungen versandt. " +
                "Ziehen Sie eine offene Einladung zurück oder versuchen Sie es morgen erneut.";
        }
        var code = StaffCodes.New();
        var seat = new StaffSeat(business.Id, name, email, StaffCodes.Hash(code), ownerId, now);
        // A new invitation to the same address replaces the open one: only the newest code works.
        foreach (var old in open.Where(s => s.EmailKey == key)) old.End(ownerId, now);
        db.StaffSeats.Add(seat);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var formatted = StaffCodes.Format(code);
        await mailer.QueueStaffInviteAsync(seat.Email, business.Name, formatted, urls.Page("/Konto/Einladung") + "#code=" + formatted, Display.DateTime(seat.ExpiresAt), ct);
        await audit.WriteAsync(AuditActions.StaffInvited, "ORG", business.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["seat"] = seat.PublicId, ["replaced"] = open.Count(s => s.EmailKey == key) }, scope: "org", ct: ct);
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>
    /// The business ends a seat or withdraws an invitation. A person who held the seat gets a new security stamp: every
    /// session of that account ends with its next request. False when the seat is not this business's or had ended.
    /// </summary>
    public async Task<bool> EndAsync(Business business, string? seatPublicId, string ownerId, CancellationToken ct)
    {
        StaffSeat? seat;
        bool wasInvite;
        // Under the same lock as accepting and the superadmin's decision: a removal is never overwritten by either.
        await Writer.WaitAsync(ct);
        try
        {
            seat = await db.StaffSeats.SingleOrDefaultAsync(s => s.BusinessId == business.Id && s.PublicId == seatPublicId, ct);
            if (seat is null) return false;
            await db.Entry(seat).ReloadAsync(ct);
            wasInvite = seat.State == SeatState.Eingeladen;
            if (!seat.End(ownerId, clock.GetUtcNow())) return false;
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            Writer.Release();
        }
        await EndSessionsAsync(seat.UserId);
        await audit.WriteAsync(wasInvite ? AuditActions.StaffInviteRevoked : AuditActions.StaffRemoved, "ORG", business.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["seat"] = seat.PublicId }, scope: "org", ct: ct);
        return true;
    }

    /// <summary>The open invitation behind a typed code, or null (unknown, expired, used, withdrawn — one answer).</summary>
    public async Task<StaffInvite?> FindInviteAsync(string? typedCode, CancellationToken ct)
    {
        if (StaffCodes.Normalize(typedCode) is not { } code) return null;
        var hash = StaffCodes.Hash(code);
        var now = clock.GetUtcNow();
        var found = await db.StaffSeats.Where(s => s.CodeHash == hash && s.State == SeatState.Eingeladen && s.ExpiresAt > now)
            .Join(db.Businesses, s => s.BusinessId, b => b.Id, (s, b) => new { s, b.Name, b.City })
            .SingleOrDefaultAsync(ct);
        return found is null ? null : new StaffInvite(found.s, found.Name, found.City);
    }

    /// <summary>
    /// The signed-in account accepts an invitation. Only a private account (role user or vip) with exactly the invited
    /// address, holding no other seat, may; a business, admin or moderator account never becomes staff. The account gets
    /// a new security stamp (its other sessions end; the caller signs it in again without „Angemeldet bleiben“).
    /// </summary>
    public async Task<StaffAcceptance> AcceptAsync(string? typedCode, AppUser user, CancellationToken ct)
    {
        await Writer.WaitAsync(ct);
        try
        {
            var invite = await FindInviteAsync(typedCode, ct);
            if (invite is null) return new(null, null, StaffCodes.InvalidMessage);
            var seat = await db.StaffSeats.SingleAsync(s => s.Id == invite.Seat.Id, ct);
            var business = await db.Businesses.AsNoTracking().SingleAsync(b => b.Id == seat.BusinessId, ct);
            var refusal = await RefusalAsync(seat, user, ct);
            if (refusal is not null)
            {
                await audit.WriteAsync(AuditActions.StaffInviteRefused, "ORG", business.PublicId, AuditResult.Denied,
                    new Dictionary<string, object?> { ["seat"] = seat.PublicId, ["reason_code"] = refusal.Value.Code }, scope: "org", ct: ct);
                return new(null, invite.BusinessName, refusal.Value.Message);
            }
            var taken = await db.StaffSeats.CountAsync(s => s.BusinessId == seat.BusinessId && (s.State == SeatState.Aktiv || s.State == SeatState.WartetAufFreigabe), ct);
            seat.Accept(user.Id, needsApproval: taken >= StaffSeat.FreeSeats, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await EndSessionsAsync(user.Id);
            await audit.WriteAsync(seat.State == SeatState.Aktiv ? AuditActions.StaffSeatActivated : AuditActions.StaffSeatRequested, "ORG", business.PublicId,
                AuditResult.Success, new Dictionary<string, object?> { ["seat"] = seat.PublicId, ["seats_taken"] = taken }, scope: "org", ct: ct);
            return new(seat.State, business.Name, null);
        }
        finally
        {
            Writer.Release();
        }
    }

    private async Task<(string Code, string Message)?> RefusalAsync(StaffSeat seat, AppUser user, CancellationToken ct)
    {
        if (user.NormalizedEmail != seat.EmailKey)
        {
            return ("OTHER_ADDRESS", "Diese Einladung gilt für eine andere E-Mail-Adresse. Melden Sie sich mit der Adresse an, an die die Einladung ging, " +
                "oder registrieren Sie sich mit ihr.");
        }
        var roles = await users.GetRolesAsync(user);
        if (user.AccountKind != AccountKind.Privat || roles.Any(r => r is not (Roles.User or Roles.Vip)))
        {
            return ("ACCOUNT_KIND", "Mit einem Geschäfts-, Verwaltungs- oder Redaktionskonto können Sie nicht als Mitarbeiterin oder Mitarbeiter " +
                "eines Betriebs arbeiten. Bitten Sie den Betrieb um eine Einladung an eine andere Adresse.");
        }
        if (await db.StaffSeats.AnyAsync(s => s.UserId == user.Id && (s.State == SeatState.Aktiv || s.State == SeatState.WartetAufFreigabe), ct))
        {
            return ("HAS_SEAT", "Ihr Konto gehört bereits zu einem Betrieb. Ein Konto kann nur für einen Betrieb arbeiten.");
        }
        return null;
    }

    /// <summary>A superadmin approves a seat beyond the free ones (the page demands a step-up). False when it is not waiting.</summary>
    public async Task<bool> DecideAsync(string? seatPublicId, bool approve, string superadminId, CancellationToken ct)
    {
        await Writer.WaitAsync(ct);
        try
        {
            var seat = await db.StaffSeats.SingleOrDefaultAsync(s => s.PublicId == seatPublicId && s.State == SeatState.WartetAufFreigabe, ct);
            if (seat is null) return false;
            var now = clock.GetUtcNow();
            if (approve) seat.Approve(superadminId, now);
            else seat.Reject(superadminId, now);
            await db.SaveChangesAsync(ct);
            // Approved: the member signs in again and acts for the business from then on.
            await EndSessionsAsync(seat.UserId);
            var business = await db.Businesses.AsNoTracking().Where(b => b.Id == seat.BusinessId).Select(b => b.PublicId).SingleAsync(ct);
            await audit.WriteAsync(approve ? AuditActions.StaffSeatApproved : AuditActions.StaffSeatRejected, "ORG", business, AuditResult.Success,
                new Dictionary<string, object?> { ["seat"] = seat.PublicId }, scope: "org", ct: ct);
            return true;
        }
        finally
        {
            Writer.Release();
        }
    }

    /// <summary>Who of the business proposed: its members by the name the business gave them; the business's own account as „Betriebskonto“.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(Business business, CancellationToken ct)
    {
        var names = await db.StaffSeats.AsNoTracking().Where(s => s.BusinessId == business.Id && s.UserId != null && s.AcceptedAt != null)
            .OrderBy(s => s.AcceptedAt).Select(s => new { s.UserId, s.DisplayName }).ToListAsync(ct);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var n in names) result[n.UserId!] = n.DisplayName;
        result[business.OwnerUserId] = "Betriebskonto";
        return result;
    }

    private async Task EndSessionsAsync(string? userId)
    {
        if (userId is null || await users.FindByIdAsync(userId) is not { } member) return;
        var result = await users.UpdateSecurityStampAsync(member);
        if (!result.Succeeded) throw new InvalidOperationException("Sicherheitsstempel nicht erneuert: " + string.Join(", ", result.Errors.Select(e => e.Code)));
    }
}

/// <summary>The staff invitation's code between the invite page and the acceptance (<see cref="Security.ProtectedCodeCookie"/>).</summary>
public sealed class StaffInviteCookie(IDataProtectionProvider protection, TimeProvider clock)
    : Security.ProtectedCodeCookie(protection, clock, Name, "LifeTimeCircle.StaffInvite.v1")
{
    public const string Name = "ltc.einladung";
}
