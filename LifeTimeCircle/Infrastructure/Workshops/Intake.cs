using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Workshops;

/// <summary>
/// One intake session as a page of the business sees it: the session (tracked), the customer vehicle behind its grant
/// (only what a workshop may see) and the vehicle's public id for the audit trail (never shown on workshop pages).
/// </summary>
/// <remarks>
/// An unlinked walk-in (ADR 0019) has no customer vehicle: <see cref="Customer"/>, <see cref="GrantPublicId"/> and
/// <see cref="VehiclePublicId"/> are null, and only the business (<see cref="Actor"/>) is known.
/// </remarks>
public sealed record IntakeContext(IntakeSession Session, BusinessActor Actor, CustomerVehicle? Customer, string? GrantPublicId, string? VehiclePublicId)
{
    /// <summary>The customer vehicle of a linked session; callers check <see cref="IntakeSession.IsUnlinked"/> first (the pages answer 404).</summary>
    public CustomerVehicle Linked => Customer ?? throw new InvalidOperationException("The intake session is an unlinked walk-in.");
}

/// <summary>One open session as the list and the board show it; <see cref="CustomerName"/> is null for an unlinked walk-in (and never shown on the board).</summary>
public sealed record OpenIntakeRow(string SessionId, string? JobNumber, string? CustomerName, string Vehicle, string VinMasked, DateTimeOffset StartedAt,
    int Open, int High, int Blocked);

/// <summary>What the close form asks when done items become a proposal: the entry's date, category, odometer and cost.</summary>
public sealed record IntakeCloseValues(DateOnly Date, Domain.Vehicles.EntryCategory Category, int OdometerKm, long? CostCents);

/// <summary>
/// Fahrzeugannahme (issue 17, ADR 0019): sessions for customer vehicles of the acting business, the triage list with
/// idempotency keys, and the close that turns the done items into one proposal through <see cref="WorkshopProposals"/>.
/// A session of another business, or one whose grant has ended, does not exist (null → 404). Audit names ids only.
/// </summary>
public sealed class IntakeSessions(AppDbContext db, WorkshopAccess access, WorkshopProposals proposals, AuditWriter audit, VinProtector vins, TimeProvider clock)
{
    /// <summary>Open sessions of the business: unlinked walk-ins, and sessions whose grant is still active; oldest first (the board's order).</summary>
    public IQueryable<IntakeSession> OpenOf(long businessId) =>
        db.IntakeSessions.Where(s => s.BusinessId == businessId && s.State == IntakeState.Offen
            && (s.GrantId == null || access.ActiveGrants(businessId).Any(g => g.Id == s.GrantId)))
            .OrderBy(s => s.StartedAt).ThenBy(s => s.Id);

    /// <summary>The open sessions for the list and the board, oldest first: customer vehicles by their grant, walk-ins by what staff typed.</summary>
    public async Task<List<OpenIntakeRow>> OpenRowsAsync(long businessId, int take, CancellationToken ct)
    {
        var open = OpenOf(businessId).AsNoTracking();
        var linked = await open.Where(s => s.GrantId != null).Take(take)
            .Join(db.WorkshopGrants, s => s.GrantId, g => g.Id, (s, g) => new { s, g.CustomerName })
            .Join(db.Vehicles, x => x.s.VehicleId, v => v.Id, (x, v) => new { x.s, x.CustomerName, Vehicle = v.Make + " " + v.Model, v.VinMasked })
            .ToListAsync(ct);
        var walkIns = await open.Where(s => s.GrantId == null).Take(take).ToListAsync(ct);
        var sessions = linked.Select(x => (x.s, Name: (string?)x.CustomerName, x.Vehicle, x.VinMasked))
            .Concat(walkIns.Select(s => (s, Name: (string?)null, Vehicle: s.WalkInMakeModel ?? "Fahrzeug ohne Angabe", VinMasked: s.WalkInVinMasked ?? "***")))
            .OrderBy(x => x.s.StartedAt).ThenBy(x => x.s.Id).Take(take).ToList();
        var ids = sessions.Select(x => x.s.Id).ToList();
        var counts = await db.IntakeItems.AsNoTracking().Where(i => ids.Contains(i.SessionId)).GroupBy(i => i.SessionId)
            .Select(g => new
            {
                g.Key,
                Open = g.Count(i => i.Status != IntakeItemStatus.Erledigt),
                High = g.Count(i => i.Status != IntakeItemStatus.Erledigt && i.Severity == IntakeSeverity.Hoch),
                Blocked = g.Count(i => i.Status == IntakeItemStatus.Blockiert),
            })
            .ToDictionaryAsync(x => x.Key, ct);
        return sessions.Select(x => counts.TryGetValue(x.s.Id, out var c)
                ? new OpenIntakeRow(x.s.PublicId, x.s.JobNumber, x.Name, x.Vehicle, x.VinMasked, x.s.StartedAt, c.Open, c.High, c.Blocked)
                : new OpenIntakeRow(x.s.PublicId, x.s.JobNumber, x.Name, x.Vehicle, x.VinMasked, x.s.StartedAt, 0, 0, 0))
            .ToList();
    }

    /// <summary>
    /// Starts an intake for a walk-in vehicle by its VIN, or continues the business's open walk-in with that VIN. Never looks at
    /// the platform's vehicles: the answer, the page and the work done are the same whether a vehicle with that VIN exists or
    /// not (no enumeration). Bad input throws <see cref="DomainException"/> (fields Vin, MakeModel, JobNumber); at most
    /// <see cref="IntakeSession.MaxOpenWalkIns"/> open walk-ins per business.
    /// </summary>
    public async Task<(IntakeSession Session, bool Existing)> StartWalkInAsync(BusinessActor actor, string? vinText, string? makeModel, string? jobNumber, string userId,
        CancellationToken ct)
    {
        var vin = Vin.Parse(vinText);
        var hmac = vins.Hmac(vin);
        var session = IntakeSession.WalkIn(actor.Business.Id, vin, hmac, vins.Encrypt(vin), makeModel, jobNumber, userId, clock.GetUtcNow());
        var open = await OpenWalkInAsync(actor.Business.Id, hmac, ct);
        if (open is not null) return (open, true);
        // The count and the insert in one write transaction (SQLite: BEGIN IMMEDIATE): starts racing at the limit cannot pass it together.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (await db.IntakeSessions.CountAsync(s => s.BusinessId == actor.Business.Id && s.State == IntakeState.Offen && s.GrantId == null, ct) >= IntakeSession.MaxOpenWalkIns)
            {
                throw new DomainException($"Ihr Betrieb hat bereits {IntakeSession.MaxOpenWalkIns} offene Annahmen ohne Freigabe. Bitte schließen Sie erst eine davon ab.");
            }
            db.IntakeSessions.Add(session);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation<IntakeSession>(db, nameof(IntakeSession.LinkCode)))
            {
                // Two open walk-ins drew the same link code (about 1 in 10⁹ per start): a German message instead of a 500.
                db.Entry(session).State = EntityState.Detached;
                throw new DomainException("Die Annahme konnte gerade nicht angelegt werden. Bitte senden Sie das Formular noch einmal.");
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation<IntakeSession>(db, nameof(IntakeSession.BusinessId), nameof(IntakeSession.WalkInVinHmac)))
            {
                // Another request started it a moment ago (IX_IntakeSessions_WalkIn_Open): continue that one.
                db.Entry(session).State = EntityState.Detached;
                await tx.RollbackAsync(CancellationToken.None);
                return (await OpenWalkInAsync(actor.Business.Id, hmac, ct) is { } winner ? winner
                    : throw new DomainException("Diese Annahme wurde gerade von jemand anderem gestartet und schon wieder abgeschlossen. Bitte versuchen Sie es noch einmal."), true);
            }
        }
        await AuditAsync(AuditActions.IntakeStarted, new IntakeContext(session, actor, null, null, null),
            new() { ["session"] = session.PublicId, ["job_number"] = session.JobNumber is not null, ["walk_in"] = true });
        return (session, false);
    }

    private Task<IntakeSession?> OpenWalkInAsync(long businessId, string hmac, CancellationToken ct) =>
        db.IntakeSessions.AsNoTracking().FirstOrDefaultAsync(s => s.BusinessId == businessId && s.WalkInVinHmac == hmac && s.GrantId == null && s.State == IntakeState.Offen, ct);

    /// <summary>Starts an intake for the customer vehicle, or returns the one already open for it (a second click starts nothing new).</summary>
    public async Task<(IntakeSession Session, bool Existing)> StartAsync(CustomerVehicle customer, string? jobNumber, string userId, CancellationToken ct)
    {
        var open = await db.IntakeSessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.GrantId == customer.Grant.Id && s.BusinessId == customer.Business.Id && s.State == IntakeState.Offen, ct);
        if (open is not null) return (open, true);
        var session = new IntakeSession(customer.Business.Id, customer.Grant.Id, customer.VehicleId, jobNumber, userId, clock.GetUtcNow());
        db.IntakeSessions.Add(session);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<IntakeSession>(db, nameof(IntakeSession.GrantId)))
        {
            // Another request started it a moment ago (IX_IntakeSessions_GrantId_Open): continue that one.
            db.Entry(session).State = EntityState.Detached;
            return (await db.IntakeSessions.AsNoTracking().SingleAsync(s => s.GrantId == customer.Grant.Id && s.State == IntakeState.Offen, ct), true);
        }
        await AuditAsync(AuditActions.IntakeStarted, new IntakeContext(session, new BusinessActor(customer.Business, customer.SeatId), customer, customer.Grant.PublicId,
            await VehiclePublicIdAsync(customer.VehicleId, ct)), new() { ["session"] = session.PublicId, ["job_number"] = session.JobNumber is not null });
        return (session, false);
    }

    /// <summary>The session of the acting business under a grant that is active now, tracked; null → 404.</summary>
    public async Task<IntakeContext?> FindAsync(string userId, string? sessionPublicId, CancellationToken ct)
    {
        if (!PublicIds.LooksValid(sessionPublicId)) return null;
        var actor = await access.ActorOfAsync(userId, ct);
        if (actor is null) return null;
        var session = await db.IntakeSessions.SingleOrDefaultAsync(s => s.PublicId == sessionPublicId && s.BusinessId == actor.Business.Id, ct);
        if (session is null) return null;
        // An unlinked walk-in belongs to the business alone.
        if (session.GrantId is null) return new IntakeContext(session, actor, null, null, null);
        var grantId = await db.WorkshopGrants.AsNoTracking().Where(g => g.Id == session.GrantId).Select(g => g.PublicId).SingleAsync(ct);
        var customer = await access.CustomerVehicleAsync(userId, grantId, ct);
        if (customer is null || customer.VehicleId != session.VehicleId) return null;
        return new IntakeContext(session, actor, customer, grantId, await VehiclePublicIdAsync(customer.VehicleId, ct));
    }

    public Task<List<IntakeItem>> ItemsAsync(IntakeSession session, CancellationToken ct) =>
        db.IntakeItems.AsNoTracking().Where(i => i.SessionId == session.Id)
            .OrderBy(i => i.Status == IntakeItemStatus.Erledigt).ThenByDescending(i => i.Severity == IntakeSeverity.Hoch)
            .ThenByDescending(i => i.Severity == IntakeSeverity.Mittel).ThenBy(i => i.Id)
            .ToListAsync(ct);

    public async Task SaveObservationsAsync(IntakeContext c, string? text, CancellationToken ct)
    {
        c.Session.SaveObservations(text);
        await db.SaveChangesAsync(ct);
        await AuditAsync(AuditActions.IntakeObservationsSaved, c, new() { ["session"] = c.Session.PublicId });
    }

    /// <summary>
    /// Adds an item, once per idempotency key: when the key is already in this session (double submit, retried request,
    /// or two requests racing into the unique index) the existing item is returned and nothing new is written.
    /// </summary>
    public async Task<(IntakeItem Item, bool Duplicate)> AddItemAsync(IntakeContext c, IntakeItemKind kind, string? title, string? details, IntakeSeverity severity,
        string? key, string userId, CancellationToken ct)
    {
        c.Session.EnsureOpen();
        var existing = await ByKeyAsync(c.Session.Id, key, ct);
        if (existing is not null) return (existing, true);
        var item = new IntakeItem(c.Session.Id, kind, title, details, severity, key ?? "", userId, clock.GetUtcNow());
        if (await db.IntakeItems.CountAsync(i => i.SessionId == c.Session.Id, ct) >= IntakeSession.MaxItems)
        {
            throw new DomainException($"Die Höchstzahl an Punkten einer Annahme ({IntakeSession.MaxItems}) ist erreicht.");
        }
        db.IntakeItems.Add(item);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<IntakeItem>(db, nameof(IntakeItem.SessionId), nameof(IntakeItem.IdempotencyKey)))
        {
            db.Entry(item).State = EntityState.Detached;
            return ((await ByKeyAsync(c.Session.Id, key, ct))!, true);
        }
        await AuditAsync(AuditActions.IntakeItemAdded, c, new()
        {
            ["session"] = c.Session.PublicId, ["item"] = item.PublicId, ["kind"] = kind.ToString(), ["severity"] = severity.ToString(),
        });
        return (item, false);
    }

    /// <summary>Sets an item's status; false when the item is not this session's (404). Setting the same status twice writes nothing.</summary>
    public async Task<bool> SetStatusAsync(IntakeContext c, string? itemPublicId, IntakeItemStatus status, CancellationToken ct)
    {
        c.Session.EnsureOpen();
        var item = await db.IntakeItems.SingleOrDefaultAsync(i => i.SessionId == c.Session.Id && i.PublicId == itemPublicId, ct);
        if (item is null) return false;
        if (!item.SetStatus(status, clock.GetUtcNow())) return true;
        await db.SaveChangesAsync(ct);
        await AuditAsync(AuditActions.IntakeItemUpdated, c, new()
        {
            ["session"] = c.Session.PublicId, ["item"] = item.PublicId, ["status"] = status.ToString(),
        });
        return true;
    }

    /// <summary>
    /// Closes the session. Done items become one proposal (the triage summary as its work text) through the workshop's
    /// normal proposal path — checked by the rules of every entry before anything changes; without done items the session
    /// closes without a proposal (<paramref name="values"/> may then be null). The session is claimed with a conditional
    /// update, so two clicks close once and send one proposal; a refused proposal (the limit) reopens it.
    /// Returns the German refusal or null.
    /// </summary>
    public async Task<string?> CloseAsync(IntakeContext c, IntakeCloseValues? values, bool sendRecommendations, string userId, CancellationToken ct)
    {
        c.Session.EnsureOpen();
        var items = await ItemsAsync(c.Session, ct);
        var done = items.Where(i => i.Status == IntakeItemStatus.Erledigt).OrderBy(i => i.Id).ToList();
        var unlinked = c.Customer is null;
        ProposalValues? proposalValues = null;
        if (done.Count > 0 && !unlinked)
        {
            if (values is null) throw new DomainException("Bitte geben Sie Datum, Kategorie und Kilometerstand für den Vorschlag an.");
            proposalValues = new ProposalValues(values.Date, values.Category, values.OdometerKm, IntakeSession.Summary(c.Session.JobNumber, done), values.CostCents);
            // The rules of every entry, before the session is touched.
            _ = new WorkshopProposal(c.Linked.VehicleId, c.Linked.Business.Id, c.Linked.Grant.Id, userId, proposalValues, clock.GetUtcNow(), proposals.Today);
        }
        var now = clock.GetUtcNow();
        // An unlinked walk-in is claimed only while still unlinked: its owner may type the link code at this very moment
        // (ADR 0019 item 10). The walk-in's VIN hash, encrypted VIN and link code go with the close.
        var claimed = await db.IntakeSessions.Where(s => s.Id == c.Session.Id && s.State == IntakeState.Offen && (!unlinked || s.GrantId == null))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, IntakeState.Abgeschlossen).SetProperty(x => x.ClosedAt, now).SetProperty(x => x.ClosedBy, userId)
                .SetProperty(x => x.WalkInVinHmac, (string?)null).SetProperty(x => x.WalkInVinCipher, (string?)null).SetProperty(x => x.LinkCode, (string?)null), ct);
        if (claimed == 0)
        {
            var closedMeanwhile = await db.IntakeSessions.AnyAsync(s => s.Id == c.Session.Id && s.State != IntakeState.Offen, ct);
            throw new DomainException(closedMeanwhile ? "Diese Annahme ist bereits abgeschlossen."
                : "Die Besitzerin oder der Besitzer hat diese Annahme soeben mit dem Fahrzeug verknüpft. Bitte prüfen Sie den Abschluss noch einmal.");
        }
        WorkshopProposal? proposal = null;
        if (proposalValues is not null)
        {
            string? refusal;
            try
            {
                (proposal, refusal) = await proposals.SubmitAsync(c.Linked, proposalValues, userId, ct);
            }
            catch
            {
                await ReopenAsync(c.Session.Id);
                throw;
            }
            if (refusal is not null)
            {
                await ReopenAsync(c.Session.Id);
                return refusal;
            }
            var proposalId = proposal!.Id;
            await db.IntakeSessions.Where(s => s.Id == c.Session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ProposalId, proposalId), CancellationToken.None);
        }
        // Open recommendations go to the owner as „Empfehlung der Werkstatt“ (never as an entry).
        var recommendations = sendRecommendations && !unlinked
            ? items.Where(i => i.Kind == IntakeItemKind.Empfehlung && i.Status != IntakeItemStatus.Erledigt).Select(i => new WorkshopRecommendation(c.Session, i, now)).ToList()
            : [];
        if (recommendations.Count > 0)
        {
            db.WorkshopRecommendations.AddRange(recommendations);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        await AuditAsync(AuditActions.IntakeClosed, c, new()
        {
            ["session"] = c.Session.PublicId, ["proposal"] = proposal?.PublicId, ["done_items"] = done.Count, ["recommendations"] = recommendations.Count,
        });
        return null;
    }

    private Task ReopenAsync(long sessionId) =>
        db.IntakeSessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, IntakeState.Offen).SetProperty(x => x.ClosedAt, (DateTimeOffset?)null)
                .SetProperty(x => x.ClosedBy, (string?)null), CancellationToken.None);

    private async Task<IntakeItem?> ByKeyAsync(long sessionId, string? key, CancellationToken ct) =>
        PublicIds.LooksValid(key) ? await db.IntakeItems.AsNoTracking().SingleOrDefaultAsync(i => i.SessionId == sessionId && i.IdempotencyKey == key, ct) : null;

    private Task<string> VehiclePublicIdAsync(long vehicleId, CancellationToken ct) =>
        db.Vehicles.AsNoTracking().Where(v => v.Id == vehicleId).Select(v => v.PublicId).SingleAsync(ct);

    /// <summary>
    /// Saved: the audit row must not be lost to a client that went away. Target VEHICLE for a linked session; an unlinked
    /// walk-in has no vehicle record, so its target is the session itself (INTAKE_SESSION).
    /// </summary>
    private Task AuditAsync(string action, IntakeContext c, Dictionary<string, object?> metadata)
    {
        BusinessActor.Describe(metadata, c.Actor.Business, c.Actor.SeatId);
        return c.VehiclePublicId is { } vehicle
            ? audit.WriteAsync(action, "VEHICLE", vehicle, AuditResult.Success, metadata, scope: "org", ct: CancellationToken.None)
            : audit.WriteAsync(action, "INTAKE_SESSION", c.Session.PublicId, AuditResult.Success, metadata, scope: "org", ct: CancellationToken.None);
    }
}
