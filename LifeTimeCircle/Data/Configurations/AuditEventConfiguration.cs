using LifeTimeCircle.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.HasKey(a => a.Id);
        b.HasIndex(a => a.EventId).IsUnique();
        b.HasIndex(a => a.CreatedAt);
        b.HasIndex(a => new { a.Action, a.CreatedAt });
        b.HasIndex(a => new { a.ActorId, a.CreatedAt });
        b.Property(a => a.ActorType).HasMaxLength(16);
        b.Property(a => a.ActorId).HasMaxLength(450);
        b.Property(a => a.ActorRole).HasMaxLength(16);
        b.Property(a => a.Action).HasMaxLength(64);
        b.Property(a => a.TargetType).HasMaxLength(32);
        b.Property(a => a.TargetId).HasMaxLength(64);
        b.Property(a => a.Scope).HasMaxLength(16);
        b.Property(a => a.Result).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.RequestId).HasMaxLength(64);
        b.Property(a => a.MetadataJson).HasMaxLength(2000);
    }
}
