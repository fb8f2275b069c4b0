using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class IntakeSessionConfiguration : IEntityTypeConfiguration<IntakeSession>
{
    /// <summary>
    /// Run by the migration before the unique index of open sessions: a race before it existed may have left two open
    /// sessions of one grant; the later ones are closed (as by their starter, at their start), the first stays open.
    /// </summary>
    public const string CloseDuplicateOpenSessionsSql = """
        UPDATE "IntakeSessions" SET "State" = 'Abgeschlossen', "ClosedBy" = "StartedBy", "ClosedAt" = "StartedAt"
        WHERE "State" = 'Offen' AND "Id" NOT IN (SELECT MIN("Id") FROM "IntakeSessions" WHERE "State" = 'Offen' GROUP BY "GrantId")
        """;

    /// <summary>
    /// Run by the migration that brought walk-in link codes (ADR 0019 item 10): a closed or linked walk-in keeps only its
    /// masked VIN; the keyed hash was kept before.
    /// </summary>
    public const string ForgetClosedWalkInHashesSql = """
        UPDATE "IntakeSessions" SET "WalkInVinHmac" = NULL WHERE "WalkInVinHmac" IS NOT NULL AND ("State" <> 'Offen' OR "GrantId" IS NOT NULL)
        """;

    public void Configure(EntityTypeBuilder<IntakeSession> builder)
    {
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.PublicId).IsUnique();
        builder.Property(s => s.PublicId).HasMaxLength(22).IsRequired();
        // The board and the list: open sessions of one business in start order.
        builder.HasIndex(s => new { s.BusinessId, s.State, s.StartedAt });
        builder.HasIndex(s => new { s.GrantId, s.State });
        // At most one open session per grant: two clicks on „Annahme starten“ racing past the look-up meet here.
        builder.HasIndex(s => s.GrantId).IsUnique().HasFilter("\"State\" = 'Offen'").HasDatabaseName("IX_IntakeSessions_GrantId_Open");
        // At most one open unlinked walk-in per business and VIN: a second „Annahme starten“ with that VIN continues it.
        builder.HasIndex(s => new { s.BusinessId, s.WalkInVinHmac }).IsUnique()
            .HasFilter("\"State\" = 'Offen' AND \"GrantId\" IS NULL AND \"WalkInVinHmac\" IS NOT NULL").HasDatabaseName("IX_IntakeSessions_WalkIn_Open");
        builder.Property(s => s.WalkInVinHmac).HasMaxLength(64);
        builder.Property(s => s.WalkInVinMasked).HasMaxLength(16);
        builder.Property(s => s.WalkInVinCipher).HasMaxLength(512);
        builder.Property(s => s.LinkCode).HasMaxLength(IntakeLinkCode.Length);
        builder.HasIndex(s => s.LinkCode).IsUnique().HasFilter("\"LinkCode\" IS NOT NULL");
        builder.Property(s => s.WalkInMakeModel).HasMaxLength(IntakeSession.MaxMakeModelLength);
        builder.Property(s => s.JobNumber).HasMaxLength(IntakeSession.MaxJobNumberLength);
        builder.Property(s => s.Observations).HasMaxLength(IntakeSession.MaxObservationsLength);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.StartedBy).HasMaxLength(450).IsRequired();
        builder.Property(s => s.ClosedBy).HasMaxLength(450);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(s => s.VehicleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Business>().WithMany().HasForeignKey(s => s.BusinessId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WorkshopGrant>().WithMany().HasForeignKey(s => s.GrantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WorkshopProposal>().WithMany().HasForeignKey(s => s.ProposalId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class IntakeItemConfiguration : IEntityTypeConfiguration<IntakeItem>
{
    public void Configure(EntityTypeBuilder<IntakeItem> builder)
    {
        builder.HasKey(i => i.Id);
        builder.HasIndex(i => i.PublicId).IsUnique();
        builder.Property(i => i.PublicId).HasMaxLength(22).IsRequired();
        // A double submit or a retried request carries the same key: the database holds one item.
        builder.HasIndex(i => new { i.SessionId, i.IdempotencyKey }).IsUnique();
        builder.Property(i => i.IdempotencyKey).HasMaxLength(22).IsRequired();
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Title).HasMaxLength(IntakeItem.MaxTitleLength).IsRequired();
        builder.Property(i => i.Details).HasMaxLength(IntakeItem.MaxDetailsLength);
        builder.Property(i => i.CreatedBy).HasMaxLength(450).IsRequired();
        builder.HasOne<IntakeSession>().WithMany().HasForeignKey(i => i.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SystemLogEventConfiguration : IEntityTypeConfiguration<SystemLogEvent>
{
    public void Configure(EntityTypeBuilder<SystemLogEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => e.PublicId).IsUnique();
        builder.Property(e => e.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(e => new { e.VehicleId, e.RecordedAt });
        builder.HasIndex(e => new { e.BusinessId, e.IdempotencyKey }).IsUnique();
        builder.Property(e => e.IdempotencyKey).HasMaxLength(22).IsRequired();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.FaultCodes).HasMaxLength(SystemLogEvent.MaxFaultCodes * 6);
        builder.Property(e => e.Note).HasMaxLength(SystemLogEvent.MaxNoteLength);
        builder.Property(e => e.RecordedBy).HasMaxLength(450).IsRequired();
        // Append-only (Data/SystemLogTriggers.cs): the cascades only take effect when the vehicle itself is deleted (the
        // owner's account deletion); a delete of a business, grant or session while the vehicle exists is refused by the
        // trigger (AccountDeletions holds such a business owner's deletion back, reason SYSTEM_LOGS).
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(e => e.VehicleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Business>().WithMany().HasForeignKey(e => e.BusinessId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WorkshopGrant>().WithMany().HasForeignKey(e => e.GrantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<IntakeSession>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SystemLogEvent>().WithMany().HasForeignKey(e => e.CorrectsEventId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WorkshopRecommendationConfiguration : IEntityTypeConfiguration<WorkshopRecommendation>
{
    public void Configure(EntityTypeBuilder<WorkshopRecommendation> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.PublicId).IsUnique();
        builder.Property(r => r.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(r => new { r.VehicleId, r.State });
        builder.Property(r => r.Title).HasMaxLength(IntakeItem.MaxTitleLength).IsRequired();
        builder.Property(r => r.Details).HasMaxLength(IntakeItem.MaxDetailsLength);
        builder.Property(r => r.Severity).HasConversion<string>().HasMaxLength(16);
        // A concurrency token: the decision's UPDATE carries „WHERE State = 'Offen'“, so two submits decide once.
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        builder.Property(r => r.ReminderId).HasMaxLength(22);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(r => r.VehicleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Business>().WithMany().HasForeignKey(r => r.BusinessId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WorkshopGrant>().WithMany().HasForeignKey(r => r.GrantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<IntakeSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SystemLogNoteHideConfiguration : IEntityTypeConfiguration<SystemLogNoteHide>
{
    public void Configure(EntityTypeBuilder<SystemLogNoteHide> builder)
    {
        builder.HasKey(h => h.Id);
        // One row per log: hiding twice (two tabs) meets here.
        builder.HasIndex(h => h.EventId).IsUnique();
        builder.Property(h => h.HiddenBy).HasMaxLength(450).IsRequired();
        builder.HasOne<SystemLogEvent>().WithMany().HasForeignKey(h => h.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}
