using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Infrastructure.Workshops;

/// <summary>The user ids of business accounts that may act: they hold the dealer role and are not removed by an admin.</summary>
public static class ActiveDealers
{
    public static IQueryable<string> Of(AppDbContext db) =>
        from ur in db.UserRoles
        join r in db.Roles on ur.RoleId equals r.Id
        join u in db.Users on ur.UserId equals u.Id
        where r.Name == Roles.Dealer && u.DeletedAt == null
        select ur.UserId;
}

/// <summary>
/// What a business may reach (issue 16): its own profile, and a customer's vehicle only through a grant of that
/// business that is active now. Every workshop page goes through here; anything else is a 404.
/// </summary>
public sealed class WorkshopAccess(AppDbContext db, TimeProvider clock)
{
    /// <summary>The business this account acts for: its own, or the one it holds an active staff seat of (null: none).</summary>
    public async Task<Business?> BusinessOfAsync(string userId, CancellationToken ct) => (await ActorOfAsync(userId, ct))?.Business;

    /// <summary>
    /// The business an account acts for and, for a staff member, the seat (ADR 0015 „Mitarbeitende“): the business's own
    /// account, or an active seat of a business whose account still holds the dealer role and is not removed. Read on every
    /// request, so a removed seat, a business that lost its approval or was removed by an admin stops at once.
    /// </summary>
    public async Task<BusinessActor?> ActorOfAsync(string userId, CancellationToken ct)
    {
        var own = await db.Businesses.SingleOrDefaultAsync(b => b.OwnerUserId == userId, ct);
        if (own is not null) return new BusinessActor(own, null);
        // The business's account must still hold the dealer role and must not be removed by an admin (soft delete).
        var dealers = ActiveDealers.Of(db);
        var staff = await db.StaffSeats.Where(s => s.UserId == userId && s.State == SeatState.Aktiv)
            .Join(db.Businesses, s => s.BusinessId, b => b.Id, (s, b) => new { s.PublicId, b })
            .Where(x => dealers.Contains(x.b.OwnerUserId))
            .FirstOrDefaultAsync(ct);
        return staff is null ? null : new BusinessActor(staff.b, staff.PublicId);
    }

    /// <summary>
    /// Active grants of one business: not revoked, not past the visit's end, and given by the vehicle's current owner —
    /// a grant ends with the ownership (Übergabe, claim), so the next owner's vehicle is never visible under it.
    /// </summary>
    public IQueryable<WorkshopGrant> ActiveGrants(long businessId)
    {
        var now = clock.GetUtcNow();
        return db.WorkshopGrants.Where(g => g.BusinessId == businessId && g.RevokedAt == null && (g.ExpiresAt == null || g.ExpiresAt > now)
            && db.Vehicles.Any(v => v.Id == g.VehicleId && v.OwnerId == g.GrantedBy));
    }

    /// <summary>The customer vehicle behind one active grant of the signed-in business, or null (the page answers 404).</summary>
    public async Task<CustomerVehicle?> CustomerVehicleAsync(string userId, string? grantPublicId, CancellationToken ct)
    {
        if (!PublicIds.LooksValid(grantPublicId)) return null;
        var actor = await ActorOfAsync(userId, ct);
        if (actor is null) return null;
        var business = actor.Business;
        var seat = actor.SeatId;
        return await ActiveGrants(business.Id).Where(g => g.PublicId == grantPublicId)
            .Join(db.Vehicles, g => g.VehicleId, v => v.Id, (g, v) => new CustomerVehicle(business, g, v.Id, v.Make, v.Model, v.BuildYear, v.VinMasked, g.CustomerName, seat))
            .SingleOrDefaultAsync(ct);
    }
}

/// <summary>Only what a workshop may see of a customer's vehicle: make, model, year, masked VIN and the owner's chosen name.</summary>
/// <summary>An invoice file the workshop's form has already stored (<see cref="UploadIntake.StoreAsync"/>) and its name as uploaded.</summary>
public sealed record ProposalInvoiceFile(StoredFile Stored, string? FileName);

/// <summary>An invoice of a proposal as the workshop and the owner see it: name, size and a German state.</summary>
public sealed record ProposalInvoiceInfo(string FileName, long SizeBytes, string State)
{
    public static string StateOf(Document d) =>
        d.DeletedAt is not null ? "gelöscht"
        : d.Scan == ScanState.Infected ? "abgelehnt: Die Prüfung hat ein Risiko gefunden"
        : d.AwaitsProposal && d.Scan == ScanState.Clean ? "auf Viren geprüft; wird nach der Übernahme durch den Besitzer von uns geprüft"
        : d.AwaitsProposal ? "wird auf Viren geprüft"
        : "als Nachweis " + DocumentTexts.State(d);
}

/// <summary>Who acts for a business: its own account (<see cref="SeatId"/> null) or a staff member on that seat.</summary>
public sealed record BusinessActor(Business Business, string? SeatId)
{
    /// <summary>Audit metadata naming the business and, for a staff member, the seat (the actor column names the person).</summary>
    public static void Describe(IDictionary<string, object?> metadata, Business business, string? seatId)
    {
        metadata["business"] = business.PublicId;
        metadata["acting_as"] = seatId is null ? "business_account" : "staff";
        if (seatId is not null) metadata["seat"] = seatId;
    }
}

/// <summary>
/// Only what a workshop may see of a customer's vehicle: make, model, year, masked VIN and the owner's chosen name;
/// <see cref="SeatId"/> names the staff seat when a staff member acts (null for the business's own account).
/// </summary>
public sealed record CustomerVehicle(Business Business, WorkshopGrant Grant, long VehicleId, string Make, string Model, int? BuildYear, string VinMasked, string CustomerName,
    string? SeatId = null)
{
    public string Title => BuildYear is { } y ? $"{Make} {Model} ({y})" : $"{Make} {Model}";
}

/// <summary>An owner lets a business in on one vehicle, or ends that (issue 16 item 3). Both audited.</summary>
public sealed class WorkshopGrants(AppDbContext db, AuditWriter audit, TimeProvider clock)
{
    /// <summary>
    /// Businesses an owner may grant access to: by the exact counter code, or by the exact name (case and spaces do not
    /// matter). Only businesses whose account still holds the dealer role and is not removed by an admin.
    /// </summary>
    public async Task<IReadOnlyList<Business>> FindAsync(string? codeOrName, CancellationToken ct)
    {
        var dealers = ActiveDealers.Of(db);
        var code = BusinessCodes.Normalize(codeOrName);
        var key = Business.NameKeyOf(codeOrName);
        if (key.Length == 0) return [];
        return await db.Businesses.AsNoTracking()
            .Where(b => (code != null && b.Code == code) || b.NameKey == key)
            .Where(b => dealers.Contains(b.OwnerUserId))
            .OrderBy(b => b.Name).ThenBy(b => b.City).Take(10)
            .ToListAsync(ct);
    }

    /// <summary>The business an owner picked from the search (by its public id), under the same rule as <see cref="FindAsync"/>.</summary>
    public Task<Business?> ChosenAsync(string? businessPublicId, CancellationToken ct) =>
        PublicIds.LooksValid(businessPublicId)
            ? db.Businesses.AsNoTracking().Where(b => b.PublicId == businessPublicId && ActiveDealers.Of(db).Contains(b.OwnerUserId)).SingleOrDefaultAsync(ct)
            : Task.FromResult<Business?>(null);

    public async Task<WorkshopGrant> GrantAsync(Vehicle vehicle, Business business, string customerName, GrantDuration duration, bool mayUploadInvoices,
        string ownerId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var grant = new WorkshopGrant(vehicle.Id, business.Id, ownerId, customerName, duration, now, mayUploadInvoices);
        // A new grant for the same business replaces the running one (new duration, new name).
        var running = await db.WorkshopGrants.Where(g => g.VehicleId == vehicle.Id && g.BusinessId == business.Id && g.GrantedBy == vehicle.OwnerId && g.RevokedAt == null).ToListAsync(ct);
        foreach (var g in running) g.Revoke(now);
        db.WorkshopGrants.Add(grant);
        // No walk-in intake is linked here: a grant proves nothing about who stands at the counter — anyone can register a
        // VIN read through a windscreen and grant the workshop (security review 2026-12-03, ADR 0019).
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.WorkshopAccessGranted, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["business"] = business.PublicId, ["grant"] = grant.PublicId, ["duration"] = duration.ToString(), ["invoices"] = mayUploadInvoices, ["replaced"] = running.Count }, ct: ct);
        return grant;
    }

    /// <summary>False when the grant is not this vehicle's or had already ended.</summary>
    public async Task<bool> RevokeAsync(Vehicle vehicle, string? grantPublicId, CancellationToken ct)
    {
        var grant = await db.WorkshopGrants.SingleOrDefaultAsync(g => g.VehicleId == vehicle.Id && g.GrantedBy == vehicle.OwnerId && g.PublicId == grantPublicId, ct);
        if (grant is null || !grant.Revoke(clock.GetUtcNow())) return false;
        await db.SaveChangesAsync(ct);
        var business = await db.Businesses.AsNoTracking().Where(b => b.Id == grant.BusinessId).Select(b => b.PublicId).SingleAsync(ct);
        await audit.WriteAsync(AuditActions.WorkshopAccessRevoked, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["business"] = business, ["grant"] = grant.PublicId }, ct: ct);
        return true;
    }
}

/// <summary>
/// Proposals from a workshop into the owner's Modul-Postfach (SPEC §13): submitted under an active grant, with the
/// non-essential ones limited per business and vehicle; taken over through <see cref="EntryWriter"/>, so an accepted
/// proposal obeys every rule of the owner's own entries (odometer check included) and is marked with the business name.
/// </summary>
public sealed class WorkshopProposals(AppDbContext db, EntryWriter entries, AuditWriter audit, Notifications.Notifications notifications, UploadIntake uploads,
    TimeProvider clock)
{
    // Count and insert under one lock so that two proposals at the limit cannot both pass (one process per data directory).
    private static readonly SemaphoreSlim Writer = new(1, 1);

    public DateOnly Today => Display.BerlinDate(clock.GetUtcNow());

    public const string NoInvoicesMessage = "Der Besitzer hat das Hochladen von Rechnungen für dieses Fahrzeug nicht erlaubt.";

    /// <summary>
    /// The workshop form's whole submission: the values checked by the rules of every entry first (so no file is stored
    /// for a form that fails), then the invoice — only where the owner allowed invoices — stored through the one upload
    /// path, then the proposal. Domain rules and refused uploads throw <see cref="DomainException"/> (field „Rechnung“
    /// for the file); the limit comes back as the refusal.
    /// </summary>
    public async Task<(WorkshopProposal? Proposal, string? Refusal)> ProposeAsync(CustomerVehicle customer, ProposalValues values, IFormFile? invoiceFile,
        string userId, CancellationToken ct)
    {
        _ = new WorkshopProposal(customer.VehicleId, customer.Business.Id, customer.Grant.Id, userId, values, clock.GetUtcNow(), Today);
        if (invoiceFile is not { Length: > 0 }) return await SubmitAsync(customer, values, userId, ct);
        if (!customer.Grant.MayUploadInvoices) throw new DomainException(NoInvoicesMessage, "Rechnung");
        var (stored, refused) = await uploads.StoreAsync(db, userId, invoiceFile, null, "workshop_invoice", ct);
        if (stored is null) throw new DomainException(refused!.Message, "Rechnung");
        return await SubmitAsync(customer, values, userId, ct, new ProposalInvoiceFile(stored, invoiceFile.FileName));
    }

    /// <summary>
    /// The new proposal, or a German refusal (the limit, the upload quota); domain rules throw <see cref="DomainException"/>.
    /// An already stored <paramref name="invoice"/> becomes a quarantined document that waits with the proposal; whenever
    /// the proposal is not kept, its file is deleted again.
    /// </summary>
    public async Task<(WorkshopProposal? Proposal, string? Refusal)> SubmitAsync(CustomerVehicle customer, ProposalValues values, string userId, CancellationToken ct,
        ProposalInvoiceFile? invoice = null)
    {
        try
        {
            return await SubmitCoreAsync(customer, values, userId, invoice, ct);
        }
        finally
        {
            // The file goes unless a saved document row points to it (the commit may have succeeded before a later step failed).
            if (invoice is not null && !await db.Documents.IgnoreQueryFilters().AnyAsync(d => d.StorageKey == invoice.Stored.StorageKey, CancellationToken.None))
            {
                uploads.Discard(invoice.Stored.StorageKey);
            }
        }
    }

    private async Task<(WorkshopProposal? Proposal, string? Refusal)> SubmitCoreAsync(CustomerVehicle customer, ProposalValues values, string userId,
        ProposalInvoiceFile? invoice, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var proposal = new WorkshopProposal(customer.VehicleId, customer.Business.Id, customer.Grant.Id, userId, values, now, Today);
        if (invoice is not null && !customer.Grant.MayUploadInvoices)
        {
            throw new DomainException(NoInvoicesMessage, "Rechnung");
        }
        var vehiclePublicId = await db.Vehicles.AsNoTracking().Where(v => v.Id == customer.VehicleId).Select(v => v.PublicId).SingleAsync(ct);
        await Writer.WaitAsync(ct);
        try
        {
            if (!proposal.IsEssential)
            {
                var since = now - WorkshopProposal.NonEssentialWindow;
                var recent = await db.WorkshopProposals.AsNoTracking()
                    .Where(p => p.BusinessId == customer.Business.Id && p.VehicleId == customer.VehicleId && !p.IsEssential && p.CreatedAt > since)
                    .OrderBy(p => p.CreatedAt).Select(p => p.CreatedAt).ToListAsync(ct);
                if (recent.Count >= WorkshopProposal.MaxNonEssentialPerWindow)
                {
                    var limited = new Dictionary<string, object?> { ["reason_code"] = "PROPOSAL_LIMIT" };
                    BusinessActor.Describe(limited, customer.Business, customer.SeatId);
                    await audit.WriteAsync(AuditActions.WorkshopProposalLimited, "VEHICLE", vehiclePublicId, AuditResult.Denied, limited, scope: "org", ct: ct);
                    var freeAt = recent[recent.Count - WorkshopProposal.MaxNonEssentialPerWindow] + WorkshopProposal.NonEssentialWindow;
                    return (null, $"Für dieses Fahrzeug sind innerhalb von 7 Tagen höchstens {Display.Count(WorkshopProposal.MaxNonEssentialPerWindow, "Vorschlag", "Vorschläge")} " +
                        $"ohne Wartungs- oder Reparaturbezug möglich. Der nächste ist ab {Display.DateTime(freeAt)} möglich. " +
                        "Inspektion, Ölwechsel, Reparatur, Reifen und HU/AU sind davon ausgenommen.");
                }
            }
            if (invoice is null)
            {
                db.WorkshopProposals.Add(proposal);
                await db.SaveChangesAsync(ct);
            }
            else
            {
                var s = invoice.Stored;
                var doc = Document.ProposalInvoice(customer.VehicleId, s.ContentType, s.StorageKey, s.Sha256, s.Size, Document.SanitizeFileName(invoice.FileName), userId, now);
                // Document, scan job and proposal in one transaction under the quota's lock (the proposal lock is always taken first).
                var actor = new Dictionary<string, object?>();
                BusinessActor.Describe(actor, customer.Business, customer.SeatId);
                var refused = await uploads.AddAsync(db, doc, vehiclePublicId, "workshop_invoice", ct, async inner =>
                {
                    proposal.AttachInvoice(doc.Id);
                    db.WorkshopProposals.Add(proposal);
                    await db.SaveChangesAsync(inner);
                }, actor);
                if (refused is not null) return (null, refused.Message);
            }
        }
        finally
        {
            Writer.Release();
        }
        var submitted = new Dictionary<string, object?>
        {
            ["proposal"] = proposal.PublicId, ["category"] = proposal.Category.ToString(), ["essential"] = proposal.IsEssential,
        };
        BusinessActor.Describe(submitted, customer.Business, customer.SeatId);
        if (proposal.InvoiceDocumentId is not null) submitted["invoice"] = true;
        // Saved: audit and notification must not be lost to a client that went away.
        await audit.WriteAsync(AuditActions.WorkshopProposalSubmitted, "VEHICLE", vehiclePublicId, AuditResult.Success, submitted, scope: "org", ct: CancellationToken.None);
        await notifications.WorkshopProposalAsync(customer.VehicleId, CancellationToken.None);
        return (proposal, null);
    }

    /// <summary>
    /// Proposals the owner decides: on the owner's vehicles, sent under a grant of this owner (a proposal made for the
    /// previous owner does not pass to the next one).
    /// </summary>
    public IQueryable<WorkshopProposal> ForOwner(string ownerId) =>
        db.WorkshopProposals.Where(p => db.WorkshopGrants.Any(g => g.Id == p.GrantId && g.GrantedBy == ownerId));

    /// <summary>One open proposal on a vehicle of this owner, with its vehicle and business; null → 404.</summary>
    public async Task<(WorkshopProposal Proposal, Vehicle Vehicle, Business Business)?> OpenForOwnerAsync(string ownerId, string? proposalPublicId, CancellationToken ct)
    {
        var found = await ForOwner(ownerId)
            .Where(p => p.PublicId == proposalPublicId)
            .Join(db.Vehicles.OwnedBy(ownerId), p => p.VehicleId, v => v.Id, (p, v) => new { p, v })
            .Join(db.Businesses, x => x.p.BusinessId, b => b.Id, (x, b) => new { x.p, x.v, b })
            .SingleOrDefaultAsync(ct);
        return found is null ? null : (found.p, found.v, found.b);
    }

    /// <summary>Takes the proposal over: one entry through the owner's entry writer, marked with the business name.</summary>
    public async Task<(Entry Entry, OdometerOutcome Odometer)> AcceptAsync(WorkshopProposal proposal, Vehicle vehicle, Business business, string ownerId, CancellationToken ct)
    {
        if (!proposal.IsOpen) throw new DomainException("Über diesen Vorschlag ist bereits entschieden.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claimed with a conditional update first: of two simultaneous „Übernehmen“ exactly one writes an entry.
        var claimed = await db.WorkshopProposals
            .Where(p => p.Id == proposal.Id && (p.State == ProposalState.Offen || p.State == ProposalState.SpaeterPruefen))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.DecidedAt, clock.GetUtcNow()), ct);
        if (claimed == 0) throw new DomainException("Über diesen Vorschlag ist bereits entschieden.");
        var result = await entries.AddAsync(vehicle, proposal.ToEntryValues(business.Type, business.Name), ownerId, ct, proposedBy: business.Name);
        proposal.Accept(result.Entry.GroupId, ownerId, clock.GetUtcNow());
        // The invoice becomes the entry's evidence; it counts once the scanner and the review have approved it (T3).
        if (await InvoiceAsync(proposal, ct) is { } invoice) invoice.TakeOverWithProposal(result.Entry.GroupId);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.WorkshopProposalAccepted, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["business"] = business.PublicId, ["proposal"] = proposal.PublicId, ["entry"] = result.Entry.GroupId }, ct: ct);
        await tx.CommitAsync(ct);
        return result;
    }

    public async Task RejectAsync(WorkshopProposal proposal, Vehicle vehicle, Business business, string? comment, string ownerId, CancellationToken ct)
    {
        proposal.Reject(comment, ownerId, clock.GetUtcNow());
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Claimed like Übernehmen: of a simultaneous Übernehmen and Ablehnen exactly one decides.
            var claimed = await db.WorkshopProposals
                .Where(p => p.Id == proposal.Id && (p.State == ProposalState.Offen || p.State == ProposalState.SpaeterPruefen))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.DecidedAt, clock.GetUtcNow()), ct);
            if (claimed == 0) throw new DomainException("Über diesen Vorschlag ist bereits entschieden.");
            // A rejected proposal's invoice never becomes part of the record: row marked deleted, file removed after the commit.
            var invoice = await InvoiceAsync(proposal, ct);
            invoice?.SoftDelete("Automatisch gelöscht: Der Vorschlag wurde abgelehnt.", clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            if (invoice is not null) uploads.Discard(invoice.StorageKey);
        }
        await audit.WriteAsync(AuditActions.WorkshopProposalRejected, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["business"] = business.PublicId, ["proposal"] = proposal.PublicId }, ct: ct);
    }

    /// <summary>File name and state of the proposals' invoices, for the workshop's list and the owner's Modul-Postfach.</summary>
    public async Task<IReadOnlyDictionary<long, ProposalInvoiceInfo>> InvoicesAsync(IEnumerable<long?> documentIds, CancellationToken ct)
    {
        var ids = documentIds.OfType<long>().Distinct().ToList();
        if (ids.Count == 0) return new Dictionary<long, ProposalInvoiceInfo>();
        var docs = await db.Documents.IgnoreQueryFilters().AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        return docs.ToDictionary(d => d.Id, d => new ProposalInvoiceInfo(d.OriginalFileName, d.SizeBytes, ProposalInvoiceInfo.StateOf(d)));
    }

    /// <summary>The invoice waiting with the proposal (hidden from vehicle queries until taken over), tracked.</summary>
    private async Task<Document?> InvoiceAsync(WorkshopProposal proposal, CancellationToken ct) =>
        proposal.InvoiceDocumentId is { } id
            ? await db.Documents.IgnoreQueryFilters().SingleOrDefaultAsync(d => d.Id == id && d.VehicleId == proposal.VehicleId && d.AwaitsProposal && d.DeletedAt == null, ct)
            : null;

    public async Task DeferAsync(WorkshopProposal proposal, Vehicle vehicle, Business business, CancellationToken ct)
    {
        proposal.Defer();
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.WorkshopProposalDeferred, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["business"] = business.PublicId, ["proposal"] = proposal.PublicId }, ct: ct);
    }
}

public static class WorkshopSetup
{
    public static IServiceCollection AddLtcWorkshops(this IServiceCollection services)
    {
        services.AddScoped<WorkshopAccess>();
        services.AddScoped<WorkshopGrants>();
        services.AddScoped<WorkshopProposals>();
        services.AddScoped<StaffSeats>();
        services.AddScoped<IntakeSessions>();
        services.AddScoped<WalkInLinks>();
        services.AddScoped<SystemLogs>();
        services.AddScoped<WorkshopRecommendations>();
        services.AddSingleton<StaffInviteCookie>();
        return services;
    }
}
