using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class VehicleConfiguration : IEntityTypeConfiguration<Vehicle>
{
    public void Configure(EntityTypeBuilder<Vehicle> builder)
    {
        builder.HasKey(v => v.Id);
        builder.HasIndex(v => v.PublicId).IsUnique();
        builder.HasIndex(v => v.VinHmac).IsUnique();
        builder.HasIndex(v => v.ShareToken).IsUnique();
        builder.Property(v => v.ShareToken).HasMaxLength(22);
        builder.HasIndex(v => new { v.OwnerId, v.CreatedAt });
        builder.Property(v => v.PublicId).HasMaxLength(22).IsRequired();
        builder.Property(v => v.OwnerId).HasMaxLength(450).IsRequired();
        builder.Property(v => v.VinCipher).HasMaxLength(512).IsRequired();
        builder.Property(v => v.VinHmac).HasMaxLength(64).IsRequired();
        builder.Property(v => v.VinMasked).HasMaxLength(16).IsRequired();
        builder.Property(v => v.Make).HasMaxLength(60).IsRequired();
        builder.Property(v => v.Model).HasMaxLength(60).IsRequired();
        // The free text of before issue 22 stays in its column until start-up has moved it (Vehicle.AdoptLegacyEngineDrive).
        builder.Property(v => v.LegacyEngineDrive).HasColumnName("EngineDrive").HasMaxLength(60);
        builder.Property(v => v.EngineNote).HasMaxLength(60);
        builder.Property(v => v.Engine).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Drive).HasConversion<string>().HasMaxLength(8);
        builder.Property(v => v.Nickname).HasMaxLength(60);
        builder.Property(v => v.Class).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.AccidentStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.Collection).HasConversion<string>().HasMaxLength(24);
        // The checkbox of before the Unfall-Trust folder keeps its column; it counts until the folder is opened (ADR 0023).
        builder.Property(v => v.LegacyAccidentTrustCompleted).HasColumnName("AccidentTrustCompleted");
        builder.HasOne<AppUser>().WithMany().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Restrict);
        // Soft delete by an admin (issue 19 item 5): gone for the owner, the mini-check and every list; admin pages and
        // the account deletion read it with IgnoreQueryFilters().
        builder.Property(v => v.DeletedBy).HasMaxLength(450);
        builder.Property(v => v.DeleteReason).HasConversion<string>().HasMaxLength(24);
        builder.Property(v => v.DeleteComment).HasMaxLength(LifeTimeCircle.Domain.SoftDeletes.MaxCommentLength);
        builder.HasQueryFilter(v => v.DeletedAt == null);
    }
}

public sealed class EntryConfiguration : IEntityTypeConfiguration<Entry>
{
    public void Configure(EntityTypeBuilder<Entry> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.GroupId).HasMaxLength(22).IsRequired();
        builder.HasIndex(e => new { e.VehicleId, e.GroupId, e.Version }).IsUnique();
        // The timeline: latest versions of a vehicle, newest date first, keyset-paginated. A partial index: the query's
        // bare "IsLatest" term matches its filter (SQLite and PostgreSQL), so pages need neither a sort nor an OFFSET walk.
        builder.HasIndex(e => new { e.VehicleId, e.Date, e.Id }).HasDatabaseName("IX_Entries_Timeline").HasFilter("\"IsLatest\"");
        builder.Property(e => e.Category).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.PerformedBy).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.PerformedByName).HasMaxLength(120);
        builder.Property(e => e.Remark).HasMaxLength(2000);
        builder.Property(e => e.CreatedBy).HasMaxLength(450).IsRequired();
        builder.Property(e => e.ProposedByBusinessName).HasMaxLength(120);
        builder.HasIndex(e => e.ImportRunId).HasFilter("\"ImportRunId\" IS NOT NULL");
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(e => e.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class OdometerFlagConfiguration : IEntityTypeConfiguration<OdometerFlag>
{
    public void Configure(EntityTypeBuilder<OdometerFlag> builder)
    {
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => f.PublicId).IsUnique();
        builder.Property(f => f.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(f => new { f.VehicleId, f.ResolvedAt });
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Resolution).HasMaxLength(20);
        builder.Property(f => f.ReferenceGroupId).HasMaxLength(22);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(f => f.VehicleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entry>().WithMany().HasForeignKey(f => f.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class EntitlementConfiguration : IEntityTypeConfiguration<Entitlement>
{
    public void Configure(EntityTypeBuilder<Entitlement> builder)
    {
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => e.UserId);
        builder.Property(e => e.UserId).HasMaxLength(450).IsRequired();
        builder.Property(e => e.GrantedBy).HasMaxLength(450).IsRequired();
        builder.Property(e => e.Reason).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16).HasDefaultValue(EntitlementKind.ExtraVehicles); // rows from before issue 19
        builder.Property(e => e.EndedBy).HasMaxLength(450);
        builder.Property(e => e.EndReason).HasMaxLength(200);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class TodoNoteConfiguration : IEntityTypeConfiguration<TodoNote>
{
    public void Configure(EntityTypeBuilder<TodoNote> builder)
    {
        builder.HasKey(n => n.Id);
        builder.HasIndex(n => new { n.VehicleId, n.Code }).IsUnique();
        builder.Property(n => n.Code).HasMaxLength(64).IsRequired();
        builder.Property(n => n.Note).HasMaxLength(500).IsRequired();
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(n => n.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class TrustSummaryConfiguration : IEntityTypeConfiguration<LifeTimeCircle.Domain.Trust.TrustSummary>
{
    public void Configure(EntityTypeBuilder<LifeTimeCircle.Domain.Trust.TrustSummary> builder)
    {
        // One row per vehicle, read by primary key (the public mini-check and the Fahrzeugakte).
        builder.HasKey(s => s.VehicleId);
        builder.Property(s => s.VehicleId).ValueGeneratedNever();
        builder.Property(s => s.Light).HasConversion<string>().HasMaxLength(8);
        builder.Property(s => s.Reasons).HasMaxLength(1000).IsRequired();
        builder.Property(s => s.NotifiedReasons).HasMaxLength(1000);
        builder.HasOne<Vehicle>().WithOne().HasForeignKey<LifeTimeCircle.Domain.Trust.TrustSummary>(s => s.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}
