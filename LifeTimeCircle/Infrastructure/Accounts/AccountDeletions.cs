using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Accounts;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Email;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Accounts;

/// <summary>What deleting the account would do to one vehicle: deleted with its files, unless an open handover is redeemed first.</summary>
public sealed record DeletionVehicle(string PublicId, string Name, string VinMasked, DateTimeOffset? HandoverOpenUntil);

/// <summary>The deletion page's view: the vehicles, a reason that holds the deletion back (German text), the pending request.</summary>
public sealed record DeletionPlan(IReadOnlyList<DeletionVehicle> Vehicles, string? Blocker, AccountDeletion? Pending);

/// <summary>
/// Account deletion (GDPR Art. 17, issue 19 item 2, docs/adr/0018-administration.md addendum): the owner asks (password,
/// authenticator code if switched on), the account is marked for <see cref="AccountDeletion.GracePeriod"/> and a mail
/// carries a single-use cancel link; afterwards the job <c>account-deletion</c> deletes the vehicles with their files,
/// exports, business and seats, pseudonymises the account's audit rows and removes the Identity account, so the address
/// can register again. The last superadmin and authors of articles are held back (German reason, audited).
/// </summary>
public sealed class AccountDeletions(AppDbContext db, UserManager<AppUser> users, MailQueue mail, PublicUrls urls, LtcEnvironment env,
    AuditWriter audit, AuditPseudonyms pseudonyms, DocumentStorage documents, ExportStorage exports, Imports.ImportFiles imports, TimeProvider clock,
    ILogger<AccountDeletions> logger)
{
    public const string MailKind = "account-deletion";
    public const string LastSuperadmin = "Sie sind der einzige Superadmin. Ernennen Sie zuerst eine weitere Person zum Superadmin; danach können Sie Ihr Konto löschen.";
    public const string SystemLogs = "Ihr Betrieb hat Systemprotokolle (OBD-Auslesung, GPS-Probefahrt) zu Fahrzeugen von Kundinnen und Kunden erfasst. Sie gehören unveränderbar zur Geschichte dieser Fahrzeuge; bitte wenden Sie sich an den Betreiber (siehe Impressum), um die Löschung Ihres Kontos zu klären.";
    public const string ArticleAuthor = "Ihr Konto hat Artikel für Blog oder News verfasst. Diese Artikel hängen an Ihrem Konto; bitte wenden Sie sich an den Betreiber (siehe Impressum), damit sie zuerst übertragen oder entfernt werden.";

    private string Hash(string token) => HashToken(env, token);

    /// <summary>The stored form of a cancel link's token (keyed HMAC; the token itself is only in the mail).</summary>
    public static string HashToken(LtcEnvironment env, string token) => env.Hmac("account-deletion", token);

    public async Task<DeletionPlan> PlanAsync(string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var vehicles = await db.Vehicles.AsNoTracking().OwnedBy(userId).OrderBy(v => v.Id)
            .Select(v => new
            {
                v.PublicId, v.Nickname, v.Make, v.Model, v.VinMasked,
                Open = db.Transfers.Where(t => t.VehicleId == v.Id && t.Status == TransferStatus.Open && t.ExpiresAt > now)
                    .Select(t => (DateTimeOffset?)t.ExpiresAt).FirstOrDefault(),
            }).ToListAsync(ct);
        var pending = await db.AccountDeletions.AsNoTracking().SingleOrDefaultAsync(d => d.UserId == userId, ct);
        var (_, blocker) = await BlockerAsync(userId, ct);
        return new DeletionPlan(vehicles.Select(v => new DeletionVehicle(v.PublicId, v.Nickname ?? $"{v.Make} {v.Model}", v.VinMasked, v.Open)).ToList(),
            blocker, pending);
    }

    public Task<AccountDeletion?> PendingAsync(string userId, CancellationToken ct) =>
        db.AccountDeletions.AsNoTracking().SingleOrDefaultAsync(d => d.UserId == userId, ct);

    /// <summary>What holds a deletion back, as an audit code and the German text; (null, null) when nothing does.</summary>
    private async Task<(string? Code, string? Text)> BlockerAsync(string userId, CancellationToken ct)
    {
        var superadminRole = await db.Roles.Where(r => r.Name == Roles.Superadmin).Select(r => r.Id).SingleOrDefaultAsync(ct);
        if (superadminRole is not null
            && await db.UserRoles.AnyAsync(r => r.UserId == userId && r.RoleId == superadminRole, ct)
            // Another superadmin who can still act: a soft-deleted one does not count.
            && !await db.UserRoles.AnyAsync(r => r.UserId != userId && r.RoleId == superadminRole && db.Users.Any(u => u.Id == r.UserId && u.DeletedAt == null), ct))
            return ("LAST_SUPERADMIN", LastSuperadmin);
        if (await db.Articles.AnyAsync(a => a.AuthorId == userId, ct)) return ("ARTICLE_AUTHOR", ArticleAuthor);
        // Append-only logs on other people's vehicles cannot go with the business (Data/SystemLogTriggers).
        if (await db.SystemLogEvents.AnyAsync(e => db.Businesses.Any(b => b.Id == e.BusinessId && b.OwnerUserId == userId)
                && db.Vehicles.IgnoreQueryFilters().Any(v => v.Id == e.VehicleId && v.OwnerId != userId), ct))
            return ("SYSTEM_LOGS", SystemLogs);
        return (null, null);
    }

    /// <summary>
    /// Marks the account for deletion and mails the cancel link. The caller has checked the password (and code).
    /// Returns an error text (nothing changed) or null; asking twice keeps the first request (idempotent).
    /// </summary>
    public async Task<string?> RequestAsync(AppUser user, CancellationToken ct)
    {
        var (_, blocker) = await BlockerAsync(user.Id, ct);
        if (blocker is not null) return blocker;
        if (await db.AccountDeletions.AnyAsync(d => d.UserId == user.Id, ct)) return null;
        var token = PublicIds.New();
        var request = new AccountDeletion(user.Id, Hash(token), clock.GetUtcNow());
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.AccountDeletions.Add(request);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation<AccountDeletion>(db, nameof(AccountDeletion.UserId)))
            {
                db.ChangeTracker.Clear();
                return null; // a second click of the same form: the first request stands
            }
            var link = urls.Page("/Public/KontoLoeschung", new { cancelToken = token });
            await mail.EnqueueAsync(MailKind, user.Email!, "Ihr Konto wird gelöscht – Abbruch bis " + Display.DateTime(request.DueAt),
                "Guten Tag,\n\nSie haben die Löschung Ihres LifeTimeCircle-Kontos beantragt. Ihr Konto wird am "
                + Display.DateTime(request.DueAt) + " Uhr endgültig gelöscht: Fahrzeuge, die Ihnen dann noch gehören, mit allen Einträgen, "
                + "Dokumenten und Exporten.\n\nSie haben es sich anders überlegt, oder Sie waren es nicht? Bis dahin können Sie die "
                + "Löschung hier abbrechen (ohne Anmeldung, der Link gilt einmal):\n" + link
                + "\n\nAngemeldet finden Sie den Abbruch auch im Profil unter „Konto löschen“.\n", ct);
            await transaction.CommitAsync(ct);
        }
        await audit.WriteAsync(AuditActions.AccountDeletionRequested, "USER", user.Id, AuditResult.Success,
            new Dictionary<string, object?> { ["grace_days"] = (int)AccountDeletion.GracePeriod.TotalDays }, ct: ct);
        return null;
    }

    /// <summary>The signed-in owner cancels; false when nothing was pending (or the period is over and the job runs).</summary>
    public async Task<bool> CancelAsync(string userId, CancellationToken ct)
    {
        var request = await db.AccountDeletions.SingleOrDefaultAsync(d => d.UserId == userId, ct);
        return request is not null && await CancelAsync(request, "SELF", ct);
    }

    /// <summary>The pending request a cancel link names, if it can still be cancelled; null for unknown, used or expired links.</summary>
    public async Task<AccountDeletion?> FindByTokenAsync(string? token, CancellationToken ct)
    {
        if (!PublicIds.LooksValid(token)) return null;
        var hash = Hash(token!);
        var request = await db.AccountDeletions.SingleOrDefaultAsync(d => d.CancelTokenHash == hash, ct);
        return request is null || request.IsDueAt(clock.GetUtcNow()) ? null : request;
    }

    public async Task<bool> CancelByTokenAsync(string? token, CancellationToken ct) =>
        await FindByTokenAsync(token, ct) is { } request && await CancelAsync(request, "MAIL_LINK", ct);

    private async Task<bool> CancelAsync(AccountDeletion request, string how, CancellationToken ct)
    {
        // Once due, the job may already be deleting: too late to cancel (the page says so).
        if (request.IsDueAt(clock.GetUtcNow())) return false;
        var email = await db.Users.Where(u => u.Id == request.UserId).Select(u => u.Email).SingleAsync(ct);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // Conditional delete: of two clicks on the link only one cancels (single use).
            // Only before the due date: the job picks due requests, so a cancel can never race a running deletion.
            var now = clock.GetUtcNow();
            if (await db.AccountDeletions.Where(d => d.Id == request.Id && d.DueAt > now).ExecuteDeleteAsync(ct) == 0) return false;
            await mail.EnqueueAsync(MailKind, email!, "Die Löschung Ihres Kontos ist abgebrochen",
                "Guten Tag,\n\ndie Löschung Ihres LifeTimeCircle-Kontos ist abgebrochen; Ihr Konto bleibt bestehen.\n\n"
                + "Falls Sie das nicht selbst waren: Ihr Konto bleibt dadurch nur erhalten, niemand hat sich damit angemeldet. "
                + "Sie können die Löschung im Profil jederzeit erneut beantragen.\n", ct);
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        await audit.WriteAsync(AuditActions.AccountDeletionCancelled, "USER", request.UserId, AuditResult.Success,
            new Dictionary<string, object?> { ["reason_code"] = how }, ct: ct);
        return true;
    }

    /// <summary>The job: carries out every due request (one at a time); returns how many accounts were deleted.</summary>
    public async Task<int> CompleteDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.AccountDeletions.AsNoTracking().Where(d => d.DueAt <= now).OrderBy(d => d.DueAt).Select(d => d.Id).ToListAsync(ct);
        var deleted = 0;
        foreach (var id in due)
        {
            if (await CompleteAsync(id, ct)) deleted++;
        }
        return deleted;
    }

    private async Task<bool> CompleteAsync(long requestId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var request = await db.AccountDeletions.SingleOrDefaultAsync(d => d.Id == requestId, ct);
        if (request is null) return false;
        var userId = request.UserId;
        var (code, _) = await BlockerAsync(userId, ct);
        if (code is not null)
        {
            if (request.BlockedReason != code)
            {
                request.Block(code, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                await audit.WriteAsync(AuditActions.AccountDeletionBlocked, "USER", userId, AuditResult.Denied,
                    new Dictionary<string, object?> { ["reason_code"] = code }, scope: "org", ct: ct);
            }
            return false;
        }
        var user = await users.FindByIdAsync(userId);
        if (user is null) return false;

        // Vehicles an admin soft-deleted belong to the account too (the filter would hide them from the deletion).
        var vehicleIds = await db.Vehicles.IgnoreQueryFilters().OwnedBy(userId).Select(v => v.Id).ToListAsync(ct);
        var business = await db.Businesses.SingleOrDefaultAsync(b => b.OwnerUserId == userId, ct);

        // Files first, rows after: a crash in between leaves rows without files, and the retry deletes those rows.
        var docs = await db.Documents.IgnoreQueryFilters().Where(d => vehicleIds.Contains(d.VehicleId)).ToListAsync(ct);
        if (business is not null)
        {
            // Invoices of the business's open proposals sit on other owners' vehicles, hidden until taken over: they go too.
            var invoiceIds = await db.WorkshopProposals
                .Where(p => p.BusinessId == business.Id && p.InvoiceDocumentId != null
                    && (p.State == ProposalState.Offen || p.State == ProposalState.SpaeterPruefen))
                .Select(p => p.InvoiceDocumentId!.Value).ToListAsync(ct);
            docs.AddRange(await db.Documents.IgnoreQueryFilters().Where(d => invoiceIds.Contains(d.Id) && d.AwaitsProposal).ToListAsync(ct));
        }
        var exportJobs = await db.ExportJobs.Where(j => j.RequestedBy == userId || (j.VehicleId != null && vehicleIds.Contains(j.VehicleId.Value))).ToListAsync(ct);
        // Import files (the owner's and any on the vehicles) go now, not with the next imports-cleanup; the runs cascade.
        var importFiles = await db.ImportRuns.Where(r => (r.OwnerId == userId || (r.VehicleId != null && vehicleIds.Contains(r.VehicleId.Value))) && r.FileKey != null)
            .Select(r => r.FileKey!).ToListAsync(ct);
        foreach (var d in docs) documents.Delete(d.StorageKey);
        foreach (var j in exportJobs) exports.Delete(j.FileKey);
        foreach (var key in importFiles) imports.Delete(key);

        // Open ownership claims of the account on other vehicles end as withdrawn (their proof follows the 30-day rule).
        foreach (var claim in await db.OwnershipClaims.Where(c => c.ClaimantId == userId
            && (c.Status == ClaimStatus.Submitted || c.Status == ClaimStatus.Approved)).ToListAsync(ct))
        {
            if (claim.IsOpen) claim.Withdraw(clock.GetUtcNow());
        }

        var staff = business is null ? [] : await db.StaffSeats.Where(s => s.BusinessId == business.Id && s.UserId != null).Select(s => s.UserId!).ToListAsync(ct);
        var emailKey = StaffSeat.KeyOf(user.Email ?? "");
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.Documents.RemoveRange(docs);
            db.ExportJobs.RemoveRange(exportJobs);
            db.Vehicles.RemoveRange(await db.Vehicles.IgnoreQueryFilters().Where(v => vehicleIds.Contains(v.Id)).ToListAsync(ct));
            await db.SaveChangesAsync(ct);
            // Seats of this person at other businesses, and invitations to the address, hold the address: gone too.
            await db.StaffSeats.Where(s => s.UserId == userId || s.EmailKey == emailKey).ExecuteDeleteAsync(ct);
            if (user.Email is { } address) await db.OutgoingMails.Where(m => m.Recipient == address).ExecuteDeleteAsync(ct);
            // Moderator invitations to the address hold it too (issue 19 item 4); the account's support requests cascade.
            await db.ModeratorInvites.Where(i => i.UserId == userId || i.EmailKey == emailKey).ExecuteDeleteAsync(ct);
            await db.ImportRuns.Where(r => r.OwnerId == userId).ExecuteDeleteAsync(ct); // runs on the vehicles cascade with them
            var pseudonym = pseudonyms.For(userId);
            await db.AuditEvents.Where(a => a.ActorId == userId).ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorId, pseudonym), ct);
            var result = await users.DeleteAsync(user); // cascades: business, consents, codes, notifications, grants, the request itself
            if (!result.Succeeded) throw new JobFailedException("Das Konto konnte nicht gelöscht werden.");
            await transaction.CommitAsync(ct);
        }
        // Staff of a deleted business lose the seat with it; their sessions end at the next stamp check (ADR 0012).
        foreach (var staffId in staff)
        {
            if (await users.FindByIdAsync(staffId) is { } member) await users.UpdateSecurityStampAsync(member);
        }
        await audit.WriteAsync(AuditActions.AccountDeleted, "USER", userId, AuditResult.Success, new Dictionary<string, object?>
        {
            ["vehicles"] = vehicleIds.Count, ["files"] = docs.Count + exportJobs.Count(j => j.FileKey is not null), ["business"] = business is not null,
        }, scope: "org", ct: ct);
        logger.LogInformation("Konto gelöscht: Fahrzeuge {Vehicles}, Dateien {Files}", vehicleIds.Count, docs.Count);
        return true;
    }
}

/// <summary>Recurring job <c>account-deletion</c> (hourly, ADR 0007): carries out the requests whose grace period is over.</summary>
public sealed class AccountDeletionJob(AccountDeletions deletions) : IJobHandler<NoPayload>
{
    public const string Kind = "account-deletion";

    public Task RunAsync(NoPayload payload, JobContext context, CancellationToken ct) => deletions.CompleteDueAsync(ct);
}

public static class AccountDeletionSetup
{
    public static IServiceCollection AddLtcAccountDeletion(this IServiceCollection services)
    {
        services.AddScoped<AccountDeletions>();
        services.AddScoped<SoftDeletions>();
        services.AddRecurringJob<AccountDeletionJob>(AccountDeletionJob.Kind, TimeSpan.FromHours(1));
        return services;
    }
}
