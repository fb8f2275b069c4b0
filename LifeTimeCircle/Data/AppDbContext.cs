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
    public DbSet<TodoNote> TodoNotes => Set<TodoNote>();
    public DbSet<LifeTimeCircle.Domain.Documents.Document> Documents => Set<LifeTimeCircle.Domain.Documents.Document>();
    public DbSet<LifeTimeCircle.Domain.Exports.ExportJob> ExportJobs => Set<LifeTimeCircle.Domain.Exports.ExportJob>();
    public DbSet<LifeTimeCircle.Domain.Mail.OutgoingMail> OutgoingMails => Set<LifeTimeCircle.Domain.Mail.OutgoingMail>();
    public DbSet<LifeTimeCircle.Domain.Exports.CertificateSnapshot> CertificateSnapshots => Set<LifeTimeCircle.Domain.Exports.CertificateSnapshot>();
    public DbSet<LifeTimeCircle.Domain.Transfers.Transfer> Transfers => Set<LifeTimeCircle.Domain.Transfers.Transfer>();
    public DbSet<LifeTimeCircle.Domain.Jobs.Job> Jobs => Set<LifeTimeCircle.Domain.Jobs.Job>();
    public DbSet<LifeTimeCircle.Domain.Reminders.Reminder> Reminders => Set<LifeTimeCircle.Domain.Reminders.Reminder>();
    public DbSet<LifeTimeCircle.Domain.Reminders.CalendarFeed> CalendarFeeds => Set<LifeTimeCircle.Domain.Reminders.CalendarFeed>();
    public DbSet<LifeTimeCircle.Domain.Notifications.Notification> Notifications => Set<LifeTimeCircle.Domain.Notifications.Notification>();

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
