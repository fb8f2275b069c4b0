using System.Security.Claims;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Vehicles;

public enum ClaimDecision { Approve, Reject, Revoke }

/// <summary>One claim as the admins' queue shows it (the claimant's e-mail masked).</summary>
public sealed record ClaimReviewRow(string Id, string Vehicle, string VinMasked, string ClaimantMasked, string HolderName, DateTimeOffset OwnedSince,
    DateTimeOffset CreatedAt, string? Message, ScanState ProofScan, bool ProofDeleted, string? ReviewComment, DateTimeOffset? ObjectionEndsAt,
    string? ObjectionReason, DateTimeOffset? ClosedAt);

/// <summary>A German refusal for one form field (or the whole form when <paramref name="Field"/> is empty).</summary>
public sealed record ClaimProblem(string Field, string Message);

/// <summary>
/// „Übernahme beantragen“ (issue 14 item 6, ADR 0010): a buyer without a cooperative seller claims a vehicle with a
/// proof of ownership; an admin with step-up decides; the owner is told and can object for 14 days; then the hourly
/// job <see cref="OwnershipClaimSweep"/> moves the vehicle with <see cref="TransferService.MoveAsync"/> — the same
/// move as a redeemed code. The proof is a hidden document (<see cref="Document.OwnershipProof"/>), deleted
/// <see cref="ProofRetention"/> after the claim is closed.
/// </summary>
public sealed class OwnershipClaims(AppDbContext db, VinProtector vins, TransferService transfers, UploadQuota quota, DocumentStorage storage,
    JobQueue jobs, AuditWriter audit, Mailer mailer, PublicUrls urls, ExportStorage exports, TimeProvider clock, ILogger<OwnershipClaims> logger)
{
    public static readonly TimeSpan ProofRetention = TimeSpan.FromDays(30);

    public const string NotRegisteredMessage = "Zu dieser FIN führt LifeTimeCircle kein Fahrzeug. Sie können es unter „Fahrzeug anlegen“ selbst anlegen.";
    public const string AlreadyOpenMessage = "Sie haben für dieses Fahrzeug bereits einen offenen Antrag. Den Stand sehen Sie unter „Meine Übernahmeanträge“.";
    public const string PaywallMessage = "Im kostenlosen Tarif ist ein Fahrzeug enthalten. Für die Übernahme eines weiteren Fahrzeugs brauchen Sie den VIP- oder Händler-Tarif.";
    public const string VinMismatchMessage = "Die eingegebene FIN stimmt nicht mit dem Fahrzeug des Antrags überein. Bitte prüfen Sie den Nachweis.";
    public const string ProofNotScannedMessage = "Der Nachweis ist noch nicht als virenfrei geprüft. Genehmigen können Sie erst danach.";
    public const string OtherApprovedMessage = "Für dieses Fahrzeug läuft bereits ein genehmigter Antrag.";
    public const string OwnerChangedMessage = "Das Fahrzeug hat inzwischen den Besitzer gewechselt; der Antrag ist damit erledigt.";
    public const string OwnInterestMessage = "Über einen eigenen Antrag oder ein Fahrzeug im eigenen Konto entscheidet eine andere Person aus dem Team.";

    /// <summary>How long a claimant over the plan's limit may wait after the objection period before the claim is void.</summary>
    public static readonly TimeSpan PlanWait = TimeSpan.FromDays(30);

    /// <summary>The vehicle a claimant's typed FIN names, or the German refusal (unknown, own vehicle, open claim, plan limit).</summary>
    public async Task<(Vehicle? Vehicle, ClaimProblem? Problem)> FindVehicleAsync(string? typedVin, ClaimsPrincipal claimant, CancellationToken ct)
    {
        Vin vin;
        try
        {
            vin = Vin.Parse(typedVin);
        }
        catch (DomainException ex)
        {
            return (null, new ClaimProblem("Input.Vin", ex.Message));
        }
        var hmac = vins.Hmac(vin);
        var vehicle = await db.Vehicles.AsNoTracking().SingleOrDefaultAsync(v => v.VinHmac == hmac, ct);
        var userId = claimant.UserId();
        if (vehicle is null) return (null, new ClaimProblem("Input.Vin", NotRegisteredMessage));
        if (vehicle.OwnerId == userId) return (null, new ClaimProblem("Input.Vin", "Dieses Fahrzeug gehört bereits zu Ihrem Konto."));
        if (await db.OwnershipClaims.AnyAsync(c => c.VehicleId == vehicle.Id && c.ClaimantId == userId
                && (c.Status == ClaimStatus.Submitted || c.Status == ClaimStatus.Approved), ct))
        {
            return (null, new ClaimProblem("", AlreadyOpenMessage));
        }
        if (!await VehicleLimit.CanAddAsync(db, userId, Roles.All.Where(claimant.IsInRole), ct)) return (null, new ClaimProblem("", PaywallMessage));
        return (vehicle, null);
    }

    /// <summary>
    /// Files the claim with its stored proof: the proof document, its scan job and the claim are saved together under the
    /// upload quota; on a refusal nothing is kept (the stored file is deleted). Returns the claim's public id.
    /// </summary>
    public async Task<(string? ClaimId, ClaimProblem? Problem)> SubmitAsync(ClaimsPrincipal claimant, Vehicle vehicle, StoredFile stored, string fileName,
        string? holderName, string? message, CancellationToken ct)
    {
        var userId = claimant.UserId();
        var now = clock.GetUtcNow();
        var proof = Document.OwnershipProof(vehicle.Id, stored.ContentType, stored.StorageKey, stored.Sha256, stored.Size,
            Document.SanitizeFileName(fileName), userId, now);
        OwnershipClaim? claim = null;
        try
        {
            // Proof, scan job, claim and the confirmation mail are saved in one transaction under the quota's lock.
            var full = await quota.AddWithinQuotaAsync(db, proof, ct, async inner =>
            {
                claim = new OwnershipClaim(vehicle.Id, userId, vehicle.OwnerId, proof.Id, holderName, message, now);
                db.OwnershipClaims.Add(claim);
                await db.SaveChangesAsync(inner);
                if (await EmailOfAsync(userId, inner) is { } email)
                {
                    await mailer.QueueClaimUpdateAsync(email, ClaimMail.Received, Name(vehicle), vehicle.VinMasked, null, null, StatusUrl, inner);
                }
            });
            if (full is not null)
            {
                storage.Delete(stored.StorageKey);
                return (null, new ClaimProblem("Input.Datei", full));
            }
        }
        catch (Exception ex)
        {
            db.ChangeTracker.Clear();
            // Nothing was kept, so the file goes too, whatever failed.
            storage.Delete(stored.StorageKey);
            if (ex is DomainException d) return (null, new ClaimProblem(d.Field ?? "", d.Message));
            // A parallel submission of the same claimant won (the filtered unique index decided).
            if (ex is DbUpdateException) return (null, new ClaimProblem("", AlreadyOpenMessage));
            throw;
        }
        jobs.Wake();
        await audit.WriteAsync(AuditActions.HandoverClaimSubmitted, "CLAIM", claim!.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["proof"] = proof.PublicId }, ct: ct);
        return (claim.PublicId, null);
    }

    /// <summary>
    /// An admin's decision (the page demands a fresh step-up). Approval needs the proof scanned clean and the FIN read
    /// from the proof, which must be the vehicle's; it starts the owner's objection period. Null when done, otherwise
    /// the German message; <c>NotFound</c> for an unknown claim.
    /// </summary>
    public async Task<(bool Found, string? Error)> DecideAsync(ClaimsPrincipal admin, string? claimId, ClaimDecision decision, string? comment, string? typedVin, CancellationToken ct)
    {
        var claim = await db.OwnershipClaims.SingleOrDefaultAsync(c => c.PublicId == claimId, ct);
        if (claim is null) return (false, null);
        var vehicle = await db.Vehicles.SingleAsync(v => v.Id == claim.VehicleId, ct);
        var proof = await db.Documents.IgnoreQueryFilters().SingleAsync(d => d.Id == claim.ProofDocumentId, ct);
        var now = clock.GetUtcNow();
        var adminId = admin.UserId();
        var approve = decision == ClaimDecision.Approve;
        // Nobody decides on their own claim or their own vehicle.
        if (adminId == claim.ClaimantId || adminId == vehicle.OwnerId) return (true, OwnInterestMessage);
        if (claim.Status != (decision == ClaimDecision.Revoke ? ClaimStatus.Approved : ClaimStatus.Submitted)) return (true, OwnershipClaim.NotOpenMessage);
        if (decision != ClaimDecision.Revoke && vehicle.OwnerId != claim.OwnerIdAtSubmission)
        {
            claim.MakeVoid(now);
            if (await SaveAsync(ct)) await AuditVoidAsync(claim.PublicId, vehicle.PublicId, ct);
            return (true, OwnerChangedMessage);
        }
        try
        {
            if (decision == ClaimDecision.Revoke)
            {
                claim.Revoke(adminId, comment, now);
                proof.Reject(claim.ReviewComment!, now);
            }
            else if (approve)
            {
                if (proof.Scan != ScanState.Clean || proof.DeletedAt is not null) return (true, ProofNotScannedMessage);
                if (!SameVin(typedVin, vehicle)) return (true, VinMismatchMessage);
                if (await db.OwnershipClaims.AnyAsync(c => c.VehicleId == vehicle.Id && c.Id != claim.Id && c.Status == ClaimStatus.Approved, ct))
                {
                    return (true, OtherApprovedMessage);
                }
                claim.Approve(adminId, comment, now);
                proof.Approve(now);
            }
            else
            {
                claim.Reject(adminId, comment, now);
                proof.Reject(claim.ReviewComment!, now);
            }
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return (true, ex.Message);
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return (true, OwnershipClaim.NotOpenMessage);
            }
            catch (DbUpdateException)
            {
                // IX_OwnershipClaims_VehicleId_Approved: another claim on the vehicle was approved at the same time.
                db.ChangeTracker.Clear();
                return (true, OtherApprovedMessage);
            }
            var claimant = await EmailOfAsync(claim.ClaimantId, ct);
            if (approve)
            {
                var deadline = Display.DateTime(claim.ObjectionEndsAt!.Value);
                if (claimant is not null)
                {
                    await mailer.QueueClaimUpdateAsync(claimant, ClaimMail.Approved, Name(vehicle), vehicle.VinMasked, deadline, claim.ReviewComment, StatusUrl, ct);
                }
                if (await EmailOfAsync(vehicle.OwnerId, ct) is { } owner)
                {
                    await mailer.QueueClaimNoticeToOwnerAsync(owner, Name(vehicle), vehicle.VinMasked, deadline,
                        urls.Page("/Fahrzeuge/Uebergabe/Widerspruch", new { id = vehicle.PublicId }), ct);
                }
            }
            else if (claimant is not null)
            {
                await mailer.QueueClaimUpdateAsync(claimant, ClaimMail.Rejected, Name(vehicle), vehicle.VinMasked, null, claim.ReviewComment, StatusUrl, ct);
            }
            await tx.CommitAsync(ct);
        }
        // The comment goes to the claimant by mail, never into the audit trail.
        await audit.WriteAsync(approve ? AuditActions.HandoverClaimApproved : AuditActions.HandoverClaimRejected, "CLAIM", claim.PublicId, AuditResult.Success,
            new Dictionary<string, object?>
            {
                ["vehicle"] = vehicle.PublicId,
                ["objection_ends_at"] = claim.ObjectionEndsAt?.ToString("O"),
                ["reason_code"] = decision == ClaimDecision.Revoke ? "approval_revoked" : null,
            }, scope: "org", ct: ct);
        return (true, null);
    }

    /// <summary>The admins' queue: the oldest 100 claims in <paramref name="status"/>.</summary>
    public async Task<IReadOnlyList<ClaimReviewRow>> ReviewQueueAsync(ClaimStatus status, CancellationToken ct)
    {
        var rows = await (from c in db.OwnershipClaims.AsNoTracking()
                          join v in db.Vehicles on c.VehicleId equals v.Id
                          join d in db.Documents.IgnoreQueryFilters() on c.ProofDocumentId equals d.Id
                          join u in db.Users on c.ClaimantId equals u.Id into us
                          from u in us.DefaultIfEmpty()
                          where c.Status == status
                          orderby c.CreatedAt
                          select new { c.PublicId, v.Make, v.Model, v.VinMasked, Email = u == null ? null : u.Email, c.HolderName, OwnedSince = v.OwnedSince ?? v.CreatedAt, c.CreatedAt, c.Message, d.Scan,
                              ProofDeleted = d.DeletedAt != null, c.ReviewComment, c.ObjectionEndsAt, c.ObjectionReason, c.ClosedAt })
            .Take(100).ToListAsync(ct);
        return rows.Select(r => new ClaimReviewRow(r.PublicId, $"{r.Make} {r.Model}", r.VinMasked, Display.MaskedEmail(r.Email), r.HolderName, r.OwnedSince, r.CreatedAt,
            r.Message, r.Scan, r.ProofDeleted, r.ReviewComment, r.ObjectionEndsAt, r.ObjectionReason, r.ClosedAt)).ToList();
    }

    /// <summary>A claim's proof when it is still stored and scanned clean (the only state in which an admin may open it).</summary>
    public Task<Document?> CleanProofAsync(string claimId, CancellationToken ct) =>
        (from c in db.OwnershipClaims
         join d in db.Documents.IgnoreQueryFilters() on c.ProofDocumentId equals d.Id
         where c.PublicId == claimId && d.DeletedAt == null && d.Scan == ScanState.Clean
         select d).AsNoTracking().SingleOrDefaultAsync(ct);

    /// <summary>The approved claim on an owner's vehicle whose objection period is running (what the owner may object to).</summary>
    public Task<OwnershipClaim?> ObjectableAsync(Vehicle vehicle, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.OwnershipClaims.Where(c => c.VehicleId == vehicle.Id && c.Status == ClaimStatus.Approved && c.ObjectionEndsAt > now)
            .OrderBy(c => c.ObjectionEndsAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>The owner objects: the claim ends, the claimant is told (without the owner's reason, which only admins see).</summary>
    public async Task<string?> ObjectAsync(Vehicle vehicle, OwnershipClaim claim, string? reason, CancellationToken ct)
    {
        try
        {
            claim.RaiseObjection(reason, clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            await db.Entry(claim).ReloadAsync(ct);
            return ex.Message;
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (!await SaveAsync(ct)) return "Gegen diesen Antrag kann nicht mehr widersprochen werden.";
            if (await EmailOfAsync(claim.ClaimantId, ct) is { } claimant)
            {
                await mailer.QueueClaimUpdateAsync(claimant, ClaimMail.Objected, Name(vehicle), vehicle.VinMasked, null, null, StatusUrl, ct);
            }
            await tx.CommitAsync(ct);
        }
        await audit.WriteAsync(AuditActions.HandoverClaimObjected, "CLAIM", claim.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId }, ct: ct);
        return null;
    }

    /// <summary>The claimant withdraws an open claim of their own; false when there is none with that id.</summary>
    public async Task<(bool Found, string? Error)> WithdrawAsync(string claimantId, string? claimId, CancellationToken ct)
    {
        var claim = await db.OwnershipClaims.SingleOrDefaultAsync(c => c.PublicId == claimId && c.ClaimantId == claimantId, ct);
        if (claim is null) return (false, null);
        try
        {
            claim.Withdraw(clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return (true, ex.Message);
        }
        if (!await SaveAsync(ct)) return (true, OwnershipClaim.NotOpenMessage);
        await audit.WriteAsync(AuditActions.HandoverClaimWithdrawn, "CLAIM", claim.PublicId, AuditResult.Success, ct: ct);
        return (true, null);
    }

    /// <summary>
    /// For the background runner: approved claims whose objection period is over move the vehicle (one transaction
    /// each, claimed with a conditional update so a second runner or a late objection cannot move it twice). A claim
    /// whose vehicle changed hands meanwhile becomes void; a claimant now over the plan's limit waits (retried hourly).
    /// </summary>
    public async Task<int> CompleteDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var moved = 0;
        var waiting = new List<long>();
        while (true)
        {
            // Claims that wait for the claimant's plan are skipped in this round, so they never block later ones.
            var due = await db.OwnershipClaims.AsNoTracking()
                .Where(c => c.Status == ClaimStatus.Approved && c.ObjectionEndsAt <= now && !waiting.Contains(c.Id))
                .OrderBy(c => c.ObjectionEndsAt).ThenBy(c => c.Id).Take(50).ToListAsync(ct);
            if (due.Count == 0) return moved;
            foreach (var claim in due)
            {
                switch (await CompleteAsync(claim, now, ct))
                {
                    case "moved":
                        moved++;
                        break;
                    case "waiting":
                        waiting.Add(claim.Id);
                        break;
                }
            }
        }
    }

    /// <summary>One due claim in its own transaction: moved, void, waiting (plan limit) or skipped (decided elsewhere meanwhile).</summary>
    private async Task<string> CompleteAsync(OwnershipClaim claim, DateTimeOffset now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == claim.ClaimantId select r.Name!).ToListAsync(ct);
        var claimant = await EmailOfAsync(claim.ClaimantId, ct);
        var claimantExists = await db.Users.AnyAsync(u => u.Id == claim.ClaimantId, ct);
        IReadOnlyList<string> retired = [];
        IReadOnlyList<string> retiredInvoices = [];
        string outcome;
        Vehicle vehicle;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Read under the write lock: the owner, the share token and the plan count are those the move sees.
            vehicle = await db.Vehicles.SingleAsync(v => v.Id == claim.VehicleId, ct);
            var overLimit = !await VehicleLimit.CanAddAsync(db, claim.ClaimantId, roles, ct);
            if (vehicle.OwnerId != claim.OwnerIdAtSubmission || !claimantExists || (overLimit && claim.ObjectionEndsAt + PlanWait <= now))
            {
                outcome = "void";
                if (await CloseAsync(claim.Id, ClaimStatus.Void, now, ct) == 0) return "skipped";
                if (overLimit && claimant is not null)
                {
                    await mailer.QueueClaimUpdateAsync(claimant, ClaimMail.Void, $"{vehicle.Make} {vehicle.Model}", vehicle.VinMasked, null, null, StatusUrl, ct);
                }
            }
            else if (overLimit)
            {
                await tx.RollbackAsync(ct);
                logger.LogInformation("Übernahmeantrag {ClaimId} wartet: Tarifgrenze des Antragstellers erreicht", claim.PublicId);
                return "waiting";
            }
            else
            {
                outcome = "moved";
                if (await CloseAsync(claim.Id, ClaimStatus.Completed, now, ct) == 0) return "skipped";
                var moved = await transfers.MoveAsync(vehicle, claim.ClaimantId, now, ct);
                (retired, retiredInvoices) = (moved.ExportFiles, moved.DocumentFiles);
            }
            await tx.CommitAsync(ct);
        }
        foreach (var key in retired) exports.Delete(key);
        foreach (var key in retiredInvoices) storage.Delete(key);
        await audit.WriteAsync(AuditActions.HandoverClaimCompleted, "CLAIM", claim.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["reason_code"] = outcome, ["exports_retired"] = retired.Count },
            actor: new ClaimsPrincipal(new ClaimsIdentity()), ct: ct);
        logger.LogInformation("Übernahmeantrag {ClaimId}: {Outcome}", claim.PublicId, outcome);
        return outcome;
    }

    /// <summary>A claim settled because the vehicle changed hands another way (audited as system).</summary>
    public Task AuditVoidAsync(string claimId, string vehicleId, CancellationToken ct) =>
        audit.WriteAsync(AuditActions.HandoverClaimCompleted, "CLAIM", claimId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicleId, ["reason_code"] = "void" }, actor: new ClaimsPrincipal(new ClaimsIdentity()), ct: ct);

    /// <summary>Proofs of claims closed longer than <see cref="ProofRetention"/> ago: the file is deleted, the rows stay.</summary>
    public async Task<int> DeleteOldProofsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - ProofRetention;
        var closed = await db.OwnershipClaims
            .Where(c => c.ClosedAt != null && c.ClosedAt < cutoff && c.ProofDeletedAt == null)
            .OrderBy(c => c.Id).Take(100).ToListAsync(ct);
        foreach (var claim in closed)
        {
            var proof = await db.Documents.IgnoreQueryFilters().SingleOrDefaultAsync(d => d.Id == claim.ProofDocumentId, ct);
            if (proof is { DeletedAt: null })
            {
                storage.Delete(proof.StorageKey);
                proof.SoftDelete("Automatisch gelöscht: Eigentumsnachweis nach Abschluss des Übernahmeantrags.", now);
            }
            claim.ProofDeleted(now);
            await db.SaveChangesAsync(ct);
            if (proof is not null)
            {
                await audit.WriteAsync(AuditActions.DocumentDeleted, "DOCUMENT", proof.PublicId, AuditResult.Success,
                    new Dictionary<string, object?> { ["reason_code"] = "CLAIM_CLOSED" }, actor: new ClaimsPrincipal(new ClaimsIdentity()), ct: ct);
            }
        }
        return closed.Count;
    }

    private string StatusUrl => urls.Page("/Uebergabe/Antraege");

    private static string Name(Vehicle vehicle) => $"{vehicle.Make} {vehicle.Model}";

    private bool SameVin(string? typed, Vehicle vehicle)
    {
        try
        {
            return vins.Hmac(Vin.Parse(typed)) == vehicle.VinHmac;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    private Task<int> CloseAsync(long id, ClaimStatus status, DateTimeOffset now, CancellationToken ct) =>
        db.OwnershipClaims.Where(c => c.Id == id && c.Status == ClaimStatus.Approved && c.ObjectionEndsAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status).SetProperty(c => c.ClosedAt, now), ct);

    private async Task<string?> EmailOfAsync(string userId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(ct) is { Length: > 0 } email ? email : null;

    /// <summary>Saves tracked changes; false when another request changed the claim first (its status is the concurrency token).</summary>
    private async Task<bool> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}

/// <summary>Hourly on the job runner: completes claims whose objection period is over and deletes old proofs.</summary>
public sealed class OwnershipClaimSweep(OwnershipClaims claims) : IJobHandler<NoPayload>
{
    public const string Kind = "handover-claims";

    public async Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct)
    {
        await claims.CompleteDueAsync(ct);
        await claims.DeleteOldProofsAsync(ct);
    }
}
