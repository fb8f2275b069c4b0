using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

/// <summary>The Unfall-Trust folder (ADR 0023): damage events of a vehicle and the documents linked to them in a role.</summary>
public sealed class DamageEventConfiguration : IEntityTypeConfiguration<DamageEvent>
{
    public void Configure(EntityTypeBuilder<DamageEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(e => e.PublicId).IsUnique();
        builder.HasIndex(e => new { e.VehicleId, e.OccurredOn });
        builder.Property(e => e.Damage).HasMaxLength(DamageEvent.MaxDamageLength).IsRequired();
        builder.Property(e => e.PerformedBy).HasMaxLength(DamageEvent.MaxPerformedByLength);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(e => e.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class DamageEvidenceConfiguration : IEntityTypeConfiguration<DamageEvidence>
{
    public void Configure(EntityTypeBuilder<DamageEvidence> builder)
    {
        builder.ToTable("DamageEvidence");
        builder.HasKey(x => x.Id);
        // One document once per event; the same document may serve another event (one repair invoice for two damages).
        builder.HasIndex(x => new { x.DamageEventId, x.DocumentId }).IsUnique();
        builder.HasIndex(x => x.VehicleId);
        builder.HasIndex(x => x.DocumentId);
        builder.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<DamageEvent>().WithMany().HasForeignKey(x => x.DamageEventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
