using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

/// <summary>The Oldtimer- and Restauration-Trust folders (ADR 0023 §3): stages of a vehicle per add-on, their milestones and linked documents.</summary>
public sealed class RestorationStageConfiguration : IEntityTypeConfiguration<RestorationStage>
{
    public void Configure(EntityTypeBuilder<RestorationStage> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(s => s.PublicId).IsUnique();
        builder.Property(s => s.AddonKey).HasMaxLength(64).IsRequired();
        builder.HasIndex(s => new { s.VehicleId, s.AddonKey, s.StartedOn });
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Title).HasMaxLength(RestorationStage.MaxTitleLength);
        builder.Property(s => s.PerformedBy).HasMaxLength(RestorationStage.MaxPerformedByLength);
        builder.Property(s => s.Description).HasMaxLength(RestorationStage.MaxDescriptionLength);
        builder.Ignore(s => s.Name);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(s => s.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class StageMilestoneConfiguration : IEntityTypeConfiguration<StageMilestone>
{
    public void Configure(EntityTypeBuilder<StageMilestone> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(m => m.PublicId).IsUnique();
        builder.HasIndex(m => new { m.StageId, m.On });
        builder.Property(m => m.Text).HasMaxLength(StageMilestone.MaxTextLength).IsRequired();
        builder.HasOne<RestorationStage>().WithMany().HasForeignKey(m => m.StageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class StageEvidenceConfiguration : IEntityTypeConfiguration<StageEvidence>
{
    public void Configure(EntityTypeBuilder<StageEvidence> builder)
    {
        builder.ToTable("StageEvidence");
        builder.HasKey(x => x.Id);
        // One document once per stage; the same document may serve another stage (one invoice for body and paint).
        builder.HasIndex(x => new { x.StageId, x.DocumentId }).IsUnique();
        builder.HasIndex(x => x.VehicleId);
        builder.HasIndex(x => x.DocumentId);
        builder.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<RestorationStage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Document>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
