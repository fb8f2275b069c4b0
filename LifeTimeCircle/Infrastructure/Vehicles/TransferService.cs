using System.Security.Claims;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Vehicles;

public enum RedeemOutcome { Moved, Invalid, Paywall, OwnVehicle }

/// <summary>What a buyer sees before confirming: no personal data of the seller, the VIN masked.</summary>
public sealed record TransferPreview(string Make, string Model, int? BuildYear, string VinMasked, int Entries, int Documents, TrustLight Light, string Hint);

/// <summary>
/// The owner transfer (SPEC §9, ADR 0009): create, extend, cancel, look up and redeem a handover code. The redeem
/// claims the transfer with a conditional update inside the transaction that moves the vehicle, so of two
/// simultaneous redeems exactly one moves it. Used by the seller's and the buyer's pages; <see cref="MoveAsync"/> also by <see cref="OwnershipClaims"/>.
/// </summary>
/// <summary>Files whose rows a move retired; deleted by the caller after its commit.</summary>
public sealed record MovedFiles(IReadOnlyList<string> ExportFiles, IReadOnlyList<string> DocumentFiles);

public sealed class TransferService(AppDbContext db, LtcEnvironment env, AuditWriter audit, Mailer mailer, ExportStorage exports, Notifications.Notifications notifications,
    VehicleTrust trust, PublicUrls urls, Documents.DocumentStorage documents, TimeProvider clock, ILogger<TransferService> logger)
{
    public const string OpenExistsMessage = "Für dieses Fahrzeug gibt es bereits eine offene Übergabe.";

    /// <summary>The one answer for a wrong, expired, cancelled or used code (no oracle).</summary>
    public const string InvalidCodeMessage = "Dieser Übergabe-Code ist nicht gültig. Bitte prüfen Sie die Eingabe oder bitten Sie den bisherigen Besitzer um einen neuen Code.";

    public string Hash(string normalizedCode) => env.Hmac("transfer", normalizedCode);

    /// <summary>The vehicle's open transfer (an overdue one is marked expired and audited on the way).</summary>
    public async Task<Transfer?> OpenTransferAsync(Vehicle vehicle, CancellationToken ct)
    {
        var open = await db.Transfers.SingleOrDefaultAsync(t => t.VehicleId == vehicle.Id && t.Status == TransferStatus.Open, ct);
        if (open is null) return null;
        if (await ExpireIfDueAsync(open, vehicle.PublicId, ct)) return null;
        return open;
    }

    /// <summary>Creates a transfer; returns it with the raw code, which exists only in this return value.</summary>
    public async Task<(Transfer Transfer, string Code)> CreateAsync(Vehicle vehicle, string userId, CancellationToken ct)
    {
        if (await OpenTransferAsync(vehicle, ct) is not null) throw new DomainException(OpenExistsMessage);
        var code = TransferCode.New();
        var transfer = new Transfer(vehicle.Id, Hash(code), userId, clock.GetUtcNow());
        db.Transfers.Add(transfer);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A parallel request created one first: the filtered unique index decided.
            db.Entry(transfer).State = EntityState.Detached;
            throw new DomainException(OpenExistsMessage);
        }
        await audit.WriteAsync(AuditActions.HandoverCreated, "TRANSFER", transfer.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["expires_at"] = transfer.ExpiresAt.ToString("O") }, ct: ct);
        return (transfer, code);
    }

    public async Task ExtendAsync(Vehicle vehicle, Transfer transfer, CancellationToken ct)
    {
        transfer.Extend(clock.GetUtcNow());
        await SaveStillOpenAsync(transfer, ct);
        await audit.WriteAsync(AuditActions.HandoverExtended, "TRANSFER", transfer.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["expires_at"] = transfer.ExpiresAt.ToString("O") }, ct: ct);
    }

    public async Task CancelAsync(Vehicle vehicle, Transfer transfer, CancellationToken ct)
    {
        transfer.Cancel(clock.GetUtcNow());
        await SaveStillOpenAsync(transfer, ct);
        await audit.WriteAsync(AuditActions.HandoverCancelled, "TRANSFER", transfer.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId }, ct: ct);
    }

    /// <summary>
    /// The open transfer a typed code belongs to, or null for anything else (malformed, unknown, expired, cancelled,
    /// used, the seller's account removed by an admin). A refusal is audited with its reason, never with the code.
    /// </summary>
    public async Task<(Transfer Transfer, Vehicle Vehicle)?> FindOpenAsync(string? typed, CancellationToken ct)
    {
        var code = TransferCode.Normalize(typed);
        var hash = code is null ? null : Hash(code);
        var transfer = hash is null ? null : await db.Transfers.SingleOrDefaultAsync(t => t.CodeHash == hash, ct);
        var vehicle = transfer is null ? null : await db.Vehicles.SingleOrDefaultAsync(v => v.Id == transfer.VehicleId, ct);
        if (transfer is null || vehicle is null)
        {
            await DenyAsync(null, null, code is null ? "malformed" : "unknown", ct);
            return null;
        }
        if (await ExpireIfDueAsync(transfer, vehicle.PublicId, ct) || transfer.Status != TransferStatus.Open)
        {
            await DenyAsync(transfer, vehicle, transfer.Status == TransferStatus.Expired ? "expired" : "closed", ct);
            return null;
        }
        // A seller removed by an admin hands nothing over (their open codes are cancelled on removal; this covers a race).
        if (await db.Users.AnyAsync(u => u.Id == vehicle.OwnerId && u.DeletedAt != null, ct))
        {
            await DenyAsync(transfer, vehicle, "owner_removed", ct);
            return null;
        }
        return (transfer, vehicle);
    }

    public async Task<TransferPreview> PreviewAsync(Vehicle vehicle, CancellationToken ct)
    {
        var entries = await db.Entries.CountAsync(e => e.VehicleId == vehicle.Id && e.IsLatest, ct);
        var documents = await db.Documents.CountAsync(d => d.VehicleId == vehicle.Id && d.DeletedAt == null, ct);
        var result = await trust.StoredAsync(vehicle.Id, ct);
        return new TransferPreview(vehicle.Make, vehicle.Model, vehicle.BuildYear, vehicle.VinMasked, entries, documents, result.Light, result.Hint);
    }

    /// <summary>
    /// Redeems a code for the signed-in buyer: in one transaction the transfer is claimed (only while open and not
    /// expired), the vehicle moves with its whole history, the public link is rotated, the seller's exports of the
    /// vehicle are retired and the seller's to-do notes removed; both get a confirmation mail. Over the buyer's
    /// plan limit nothing happens and the transfer stays open.
    /// </summary>
    public async Task<(RedeemOutcome Outcome, string? VehicleId)> RedeemAsync(string? typed, ClaimsPrincipal buyer, CancellationToken ct)
    {
        var buyerId = buyer.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Nicht angemeldet.");
        var found = await FindOpenAsync(typed, ct);
        if (found is not var (transfer, vehicle)) return (RedeemOutcome.Invalid, null);
        if (vehicle.OwnerId == buyerId)
        {
            await DenyAsync(transfer, vehicle, "own_vehicle", ct);
            return (RedeemOutcome.OwnVehicle, null);
        }
        var now = clock.GetUtcNow();
        var retiredFiles = new List<string>();
        var retiredInvoices = new List<string>();
        // BEGIN IMMEDIATE on SQLite: the write lock is taken here, so the count below and the claim see the same state.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (!await VehicleLimit.CanAddAsync(db, buyerId, Roles.All.Where(buyer.IsInRole), ct))
            {
                await tx.RollbackAsync(ct);
                await DenyAsync(transfer, vehicle, "paywall", ct);
                return (RedeemOutcome.Paywall, null);
            }
            var claimed = await db.Transfers
                .Where(t => t.Id == transfer.Id && t.Status == TransferStatus.Open && t.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.Status, TransferStatus.Redeemed)
                    .SetProperty(t => t.RedeemedBy, buyerId)
                    .SetProperty(t => t.RedeemedAt, now)
                    .SetProperty(t => t.ClosedAt, now), ct);
            if (claimed == 0)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                await DenyAsync(null, vehicle, "closed", ct);
                return (RedeemOutcome.Invalid, null);
            }
            await db.Entry(vehicle).ReloadAsync(ct);
            var moved = await MoveAsync(vehicle, buyerId, now, ct);
            retiredFiles.AddRange(moved.ExportFiles);
            retiredInvoices.AddRange(moved.DocumentFiles);
            await tx.CommitAsync(ct);
        }
        // Files go only once the rows that pointed to them are saved.
        foreach (var key in retiredFiles) exports.Delete(key);
        foreach (var key in retiredInvoices) documents.Delete(key);
        await audit.WriteAsync(AuditActions.HandoverRedeemed, "TRANSFER", transfer.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["exports_retired"] = retiredFiles.Count }, ct: ct);
        logger.LogInformation("Übergabe {TransferId} eingelöst: Fahrzeug {VehicleId} gewechselt", transfer.PublicId, vehicle.PublicId);
        return (RedeemOutcome.Moved, vehicle.PublicId);
    }

    /// <summary>
    /// The move itself, inside the caller's transaction (a redeemed code or a completed ownership claim): the vehicle
    /// goes to <paramref name="buyerId"/> with its whole history, the public link is rotated, the seller's exports of
    /// the vehicle are retired, the seller's to-do notes removed, any other open handover of the vehicle closed, and
    /// both get a confirmation mail (queued in the same transaction). Workshop proposals still waiting for the previous
    /// owner are closed (no one could decide them any more) and their invoices deleted; the seller's imports end (reports
    /// deleted, pending runs expired). Returns the export and document
    /// files to delete after commit.
    /// </summary>
    public async Task<MovedFiles> MoveAsync(Vehicle vehicle, string buyerId, DateTimeOffset now, CancellationToken ct)
    {
        var sellerId = vehicle.OwnerId;
        var retiredFiles = new List<string>();
        vehicle.TransferTo(buyerId, now);
        // The seller's files of this vehicle go (rows stay as history); queued jobs never run.
        var jobs = await db.ExportJobs.Where(j => j.VehicleId == vehicle.Id && j.RequestedBy == sellerId && j.Status != ExportStatus.Expired).ToListAsync(ct);
        foreach (var job in jobs)
        {
            if (job.FileKey is { } key) retiredFiles.Add(key);
            job.Expire(now);
        }
        // The previous owner's own notes on to-dos are theirs, not the car's.
        await db.TodoNotes.Where(n => n.VehicleId == vehicle.Id).ExecuteDeleteAsync(ct);
        // So are their imports: reports (raw cell values) go, runs not yet imported end (their files are unreferenced
        // now and go with the clean-up job), a running import stops at its next batch; imported entries stay history.
        var sellerRuns = db.ImportRuns.Where(r => r.VehicleId == vehicle.Id && r.OwnerId == sellerId);
        await db.ImportIssues.Where(i => sellerRuns.Any(r => r.Id == i.ImportRunId)).ExecuteDeleteAsync(ct);
        await sellerRuns.Where(r => r.Status == Domain.Imports.ImportStatus.Pruefung || r.Status == Domain.Imports.ImportStatus.Zuordnung
                || r.Status == Domain.Imports.ImportStatus.Geprueft || r.Status == Domain.Imports.ImportStatus.Import)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, Domain.Imports.ImportStatus.Verfallen).SetProperty(r => r.FileKey, (string?)null), ct);
        // A code the previous owner handed out can no longer move the vehicle (only left open when a claim moves it).
        await db.Transfers.Where(t => t.VehicleId == vehicle.Id && t.Status == TransferStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TransferStatus.Cancelled).SetProperty(t => t.ClosedAt, now), ct);
        // Open ownership claims of others are settled: the vehicle has a new owner (a completing claim is already closed).
        var openClaims = db.OwnershipClaims.Where(c => c.VehicleId == vehicle.Id && (c.Status == ClaimStatus.Submitted || c.Status == ClaimStatus.Approved));
        var settled = await openClaims.Select(c => new { c.PublicId, c.ClaimantId }).ToListAsync(ct);
        await openClaims.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ClaimStatus.Void).SetProperty(c => c.ClosedAt, now), ct);
        var invoiceFiles = await CloseOpenProposalsAsync(vehicle, now, ct);
        await db.SaveChangesAsync(ct);
        var day = Display.Date(now);
        var name = $"{vehicle.Make} {vehicle.Model}";
        foreach (var claim in settled)
        {
            await audit.WriteAsync(AuditActions.HandoverClaimCompleted, "CLAIM", claim.PublicId, AuditResult.Success,
                new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["reason_code"] = "void" }, actor: new ClaimsPrincipal(new ClaimsIdentity()), ct: ct);
            if (await db.Users.Where(u => u.Id == claim.ClaimantId).Select(u => u.Email).SingleOrDefaultAsync(ct) is { Length: > 0 } email)
            {
                await mailer.QueueClaimUpdateAsync(email, ClaimMail.Void, name, vehicle.VinMasked, null, null, urls.Page("/Uebergabe/Antraege"), ct);
            }
        }
        var emails = await db.Users.Where(u => u.Id == sellerId || u.Id == buyerId).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        foreach (var user in emails.Where(u => !string.IsNullOrEmpty(u.Email)))
        {
            await mailer.QueueHandoverCompletedAsync(user.Email!, user.Id == buyerId, name, vehicle.VinMasked, day, ct);
        }
        await notifications.VehicleMovedAsync(sellerId, buyerId, vehicle.PublicId, ct);
        return new MovedFiles(retiredFiles, invoiceFiles);
    }

    /// <summary>Open or deferred workshop proposals of the vehicle end as rejected by the system; their waiting invoices are deleted.</summary>
    private async Task<IReadOnlyList<string>> CloseOpenProposalsAsync(Vehicle vehicle, DateTimeOffset now, CancellationToken ct)
    {
        var open = db.WorkshopProposals.Where(p => p.VehicleId == vehicle.Id
            && (p.State == Domain.Workshops.ProposalState.Offen || p.State == Domain.Workshops.ProposalState.SpaeterPruefen));
        var invoiceIds = open.Where(p => p.InvoiceDocumentId != null).Select(p => p.InvoiceDocumentId);
        var invoices = await db.Documents.IgnoreQueryFilters().Where(d => invoiceIds.Contains(d.Id) && d.AwaitsProposal && d.DeletedAt == null).ToListAsync(ct);
        foreach (var d in invoices) d.SoftDelete("Automatisch gelöscht: Das Fahrzeug hat den Besitzer gewechselt, bevor über den Vorschlag entschieden war.", now);
        await open.ExecuteUpdateAsync(s => s
            .SetProperty(p => p.State, Domain.Workshops.ProposalState.Abgelehnt)
            .SetProperty(p => p.DecisionComment, Domain.Workshops.WorkshopProposal.OwnerChangedComment)
            .SetProperty(p => p.DecidedAt, now), ct);
        return invoices.Select(d => d.StorageKey).ToList();
    }

    /// <summary>Marks every overdue open transfer expired (for the background runner); idempotent.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await (from t in db.Transfers
                         join v in db.Vehicles on t.VehicleId equals v.Id
                         where t.Status == TransferStatus.Open && t.ExpiresAt <= now
                         select new { Transfer = t, v.PublicId }).Take(500).ToListAsync(ct);
        var count = 0;
        foreach (var d in due)
        {
            if (await ExpireIfDueAsync(d.Transfer, d.PublicId, ct)) count++;
        }
        return count;
    }

    private async Task<bool> ExpireIfDueAsync(Transfer transfer, string vehiclePublicId, CancellationToken ct)
    {
        if (!transfer.ExpireIfDue(clock.GetUtcNow())) return false;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Redeemed (or cancelled) in the meantime: that outcome stands.
            await db.Entry(transfer).ReloadAsync(ct);
            return false;
        }
        await audit.WriteAsync(AuditActions.HandoverExpired, "TRANSFER", transfer.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehiclePublicId }, actor: new ClaimsPrincipal(new ClaimsIdentity()), ct: ct);
        await notifications.TransferExpiredAsync(transfer.VehicleId, ct);
        return true;
    }

    /// <summary>Saves a change of an open transfer; if a redeem or cancel committed first, that outcome stands.</summary>
    private async Task SaveStillOpenAsync(Transfer transfer, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await db.Entry(transfer).ReloadAsync(ct);
            throw new DomainException(NoLongerOpenMessage);
        }
    }

    public const string NoLongerOpenMessage = "Diese Übergabe ist nicht mehr offen – sie wurde inzwischen eingelöst, abgebrochen oder ist abgelaufen.";

    private Task DenyAsync(Transfer? transfer, Vehicle? vehicle, string reason, CancellationToken ct) =>
        audit.WriteAsync(AuditActions.HandoverDenied, "TRANSFER", transfer?.PublicId, AuditResult.Denied,
            new Dictionary<string, object?> { ["reason_code"] = reason, ["vehicle"] = vehicle?.PublicId }, ct: ct);
}

/// <summary>
/// The plan's vehicle limit for one account (SPEC §1): <see cref="Paywall.Limit"/> with the account's entitlements,
/// against the vehicles it owns. Shared by vehicle registration and the transfer.
/// </summary>
public static class VehicleLimit
{
    public static async Task<bool> CanAddAsync(AppDbContext db, string userId, IEnumerable<string> roles, CancellationToken ct) =>
        await RemainingAsync(db, userId, roles, ct) is not { } left || left > 0;

    /// <summary>How many more vehicles the account's plan allows now; null = no limit.</summary>
    public static async Task<int?> RemainingAsync(AppDbContext db, string userId, IEnumerable<string> roles, CancellationToken ct)
    {
        // Grants count until they end (revoked, or ended by the hourly entitlement-expiry job after their date).
        var grants = await db.Entitlements.Where(e => e.UserId == userId && e.EndedAt == null)
            .GroupBy(e => e.Kind).Select(g => new { Kind = g.Key, Extra = g.Sum(e => e.ExtraVehicles) }).ToListAsync(ct);
        var limit = Paywall.Limit(roles, grants.Where(g => g.Kind == EntitlementKind.ExtraVehicles).Sum(g => g.Extra), grants.Any(g => g.Kind == EntitlementKind.Vip));
        return limit is null ? null : Math.Max(0, limit.Value - await db.Vehicles.OwnedBy(userId).CountAsync(ct));
    }
}

/// <summary>Hourly on the job runner: open transfers past their end become expired (and audited) even if nobody touches them.</summary>
public sealed class TransferExpiry(TransferService transfers) : LifeTimeCircle.Infrastructure.Jobs.IJobHandler<LifeTimeCircle.Infrastructure.Jobs.NoPayload>
{
    public const string Kind = "transfer-expiry";

    public Task RunAsync(LifeTimeCircle.Infrastructure.Jobs.NoPayload payload, LifeTimeCircle.Infrastructure.Jobs.JobContext context, CancellationToken ct) =>
        transfers.ExpireDueAsync(ct);
}
