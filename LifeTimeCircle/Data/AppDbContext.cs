using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<ConsentAcceptance> ConsentAcceptances => Set<ConsentAcceptance>();
    public DbSet<EmailCode> EmailCodes => Set<EmailCode>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<Vehicle> Vehicles => Set<Vehicle>();
    public DbSet<Entry> Entries => Set<Entry>();
    public DbSet<OdometerFlag> OdometerFlags => Set<OdometerFlag>();
    public DbSet<Entitlement> Entitlements => Set<Entitlement>();
    public DbSet<LifeTimeCircle.Domain.Support.SupportRequest> SupportRequests => Set<LifeTimeCircle.Domain.Support.SupportRequest>();
    public DbSet<LifeTimeCircle.Domain.Support.SupportMessage> SupportMessages => Set<LifeTimeCircle.Domain.Support.SupportMessage>();
    public DbSet<LifeTimeCircle.Domain.Accounts.ModeratorInvite> ModeratorInvites => Set<LifeTimeCircle.Domain.Accounts.ModeratorInvite>();
    public DbSet<TodoNote> TodoNotes => Set<TodoNote>();
    public DbSet<DamageEvent> DamageEvents => Set<DamageEvent>();
    public DbSet<DamageEvidence> DamageEvidence => Set<DamageEvidence>();
    public DbSet<RestorationStage> RestorationStages => Set<RestorationStage>();
    public DbSet<StageMilestone> StageMilestones => Set<StageMilestone>();
    public DbSet<StageEvidence> StageEvidence => Set<StageEvidence>();
    public DbSet<LifeTimeCircle.Domain.Addons.AddonConfig> AddonConfigs => Set<LifeTimeCircle.Domain.Addons.AddonConfig>();
    public DbSet<LifeTimeCircle.Domain.Addons.VehicleAddon> VehicleAddons => Set<LifeTimeCircle.Domain.Addons.VehicleAddon>();
    public DbSet<LifeTimeCircle.Domain.Documents.Document> Documents => Set<LifeTimeCircle.Domain.Documents.Document>();
    public DbSet<LifeTimeCircle.Domain.Documents.DocumentThumbnail> DocumentThumbnails => Set<LifeTimeCircle.Domain.Documents.DocumentThumbnail>();
    public DbSet<LifeTimeCircle.Domain.Exports.ExportJob> ExportJobs => Set<LifeTimeCircle.Domain.Exports.ExportJob>();
    public DbSet<LifeTimeCircle.Domain.Mail.OutgoingMail> OutgoingMails => Set<LifeTimeCircle.Domain.Mail.OutgoingMail>();
    public DbSet<LifeTimeCircle.Domain.Exports.CertificateSnapshot> CertificateSnapshots => Set<LifeTimeCircle.Domain.Exports.CertificateSnapshot>();
    public DbSet<LifeTimeCircle.Domain.Transfers.Transfer> Transfers => Set<LifeTimeCircle.Domain.Transfers.Transfer>();
    public DbSet<LifeTimeCircle.Domain.Transfers.OwnershipClaim> OwnershipClaims => Set<LifeTimeCircle.Domain.Transfers.OwnershipClaim>();
    public DbSet<LifeTimeCircle.Domain.Jobs.Job> Jobs => Set<LifeTimeCircle.Domain.Jobs.Job>();
    public DbSet<LifeTimeCircle.Domain.Reminders.Reminder> Reminders => Set<LifeTimeCircle.Domain.Reminders.Reminder>();
    public DbSet<LifeTimeCircle.Domain.Reminders.CalendarFeed> CalendarFeeds => Set<LifeTimeCircle.Domain.Reminders.CalendarFeed>();
    public DbSet<LifeTimeCircle.Domain.Notifications.Notification> Notifications => Set<LifeTimeCircle.Domain.Notifications.Notification>();
    public DbSet<LifeTimeCircle.Domain.Notifications.NotificationSetting> NotificationSettings => Set<LifeTimeCircle.Domain.Notifications.NotificationSetting>();
    public DbSet<LifeTimeCircle.Domain.Notifications.QuietHours> QuietHours => Set<LifeTimeCircle.Domain.Notifications.QuietHours>();
    public DbSet<LifeTimeCircle.Domain.Notifications.NotificationDigest> NotificationDigests => Set<LifeTimeCircle.Domain.Notifications.NotificationDigest>();
    public DbSet<LifeTimeCircle.Domain.Trust.TrustSummary> TrustSummaries => Set<LifeTimeCircle.Domain.Trust.TrustSummary>();
    public DbSet<LifeTimeCircle.Domain.Workshops.Business> Businesses => Set<LifeTimeCircle.Domain.Workshops.Business>();
    public DbSet<LifeTimeCircle.Domain.Workshops.WorkshopGrant> WorkshopGrants => Set<LifeTimeCircle.Domain.Workshops.WorkshopGrant>();
    public DbSet<LifeTimeCircle.Domain.Workshops.WorkshopProposal> WorkshopProposals => Set<LifeTimeCircle.Domain.Workshops.WorkshopProposal>();
    public DbSet<LifeTimeCircle.Domain.Workshops.StaffSeat> StaffSeats => Set<LifeTimeCircle.Domain.Workshops.StaffSeat>();
    public DbSet<LifeTimeCircle.Domain.Cms.Article> Articles => Set<LifeTimeCircle.Domain.Cms.Article>();
    public DbSet<LifeTimeCircle.Domain.Cms.ArticleRevision> ArticleRevisions => Set<LifeTimeCircle.Domain.Cms.ArticleRevision>();
    public DbSet<LifeTimeCircle.Domain.Cms.ArticleSlugRedirect> ArticleSlugRedirects => Set<LifeTimeCircle.Domain.Cms.ArticleSlugRedirect>();
    public DbSet<LifeTimeCircle.Domain.Images.UploadedImage> UploadedImages => Set<LifeTimeCircle.Domain.Images.UploadedImage>();
    public DbSet<LifeTimeCircle.Domain.Accounts.AccountDeletion> AccountDeletions => Set<LifeTimeCircle.Domain.Accounts.AccountDeletion>();
    public DbSet<LifeTimeCircle.Domain.Imports.ImportRun> ImportRuns => Set<LifeTimeCircle.Domain.Imports.ImportRun>();
    public DbSet<LifeTimeCircle.Domain.Imports.ImportGroup> ImportGroups => Set<LifeTimeCircle.Domain.Imports.ImportGroup>();
    public DbSet<LifeTimeCircle.Domain.Imports.ImportIssue> ImportIssues => Set<LifeTimeCircle.Domain.Imports.ImportIssue>();
    public DbSet<LifeTimeCircle.Domain.Imports.ImportColumnChoice> ImportColumnChoices => Set<LifeTimeCircle.Domain.Imports.ImportColumnChoice>();
    public DbSet<LifeTimeCircle.Domain.Workshops.IntakeSession> IntakeSessions => Set<LifeTimeCircle.Domain.Workshops.IntakeSession>();
    public DbSet<LifeTimeCircle.Domain.Workshops.IntakeItem> IntakeItems => Set<LifeTimeCircle.Domain.Workshops.IntakeItem>();
    public DbSet<LifeTimeCircle.Domain.Workshops.SystemLogEvent> SystemLogEvents => Set<LifeTimeCircle.Domain.Workshops.SystemLogEvent>();
    public DbSet<LifeTimeCircle.Domain.Workshops.SystemLogNoteHide> SystemLogNoteHides => Set<LifeTimeCircle.Domain.Workshops.SystemLogNoteHide>();
    public DbSet<LifeTimeCircle.Domain.Workshops.WorkshopRecommendation> WorkshopRecommendations => Set<LifeTimeCircle.Domain.Workshops.WorkshopRecommendation>();

    /// <summary>
    /// Saves, and when the changes touch what the Trust-Ampel is computed from (vehicles, entries, documents, odometer
    /// flags, the Unfall-Trust folder) recomputes the stored <see cref="LifeTimeCircle.Domain.Trust.TrustSummary"/> of those vehicles and saves it
    /// in the same transaction (the caller's, or one opened here). Every writer goes through here: none of them uses
    /// ExecuteUpdate/ExecuteDelete or SQL on these tables (TrustSummaryTests recompute every vehicle and compare).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (ChangeTracker.AutoDetectChangesEnabled) ChangeTracker.DetectChanges();
        var touched = TrustTouched();
        if (touched.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            // Ids of added vehicles exist only now.
            var ids = touched.Select(t => t is Vehicle v ? v.Id : (long)t).Where(id => id > 0).Distinct().ToList();
            await TrustEvaluation.StageAsync(this, ids, cancellationToken);
            ChangeTracker.DetectChanges();
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            return written;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>The synchronous save is not used by the app; it must not bypass the trust summary.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (ChangeTracker.AutoDetectChangesEnabled) ChangeTracker.DetectChanges();
        if (TrustTouched().Count > 0) throw new InvalidOperationException("Änderungen an Fahrzeugdaten nur mit SaveChangesAsync (Trust-Zusammenfassung).");
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>Vehicles whose summary may change: an added vehicle as the entity (its id comes with the insert), others by id.</summary>
    private List<object> TrustTouched()
    {
        var touched = new List<object>();
        foreach (var e in ChangeTracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (e.Entity)
            {
                case Vehicle v when e.State == EntityState.Added:
                    touched.Add(v);
                    break;
                case Vehicle v when e.State == EntityState.Modified:
                    touched.Add(v.Id);
                    break;
                case Entry x:
                    touched.Add(x.VehicleId);
                    break;
                case OdometerFlag x:
                    touched.Add(x.VehicleId);
                    break;
                case LifeTimeCircle.Domain.Documents.Document x:
                    touched.Add(x.VehicleId);
                    break;
                case DamageEvent x:
                    touched.Add(x.VehicleId);
                    break;
                case DamageEvidence x:
                    touched.Add(x.VehicleId);
                    break;
            }
        }
        return touched;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants as UTC ticks so that ordering and comparisons work on SQLite and PostgreSQL alike.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcDateTimeOffsetConverter>();
    }
}
