using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class OwnershipClaimConfiguration : IEntityTypeConfiguration<OwnershipClaim>
{
    public void Configure(EntityTypeBuilder<OwnershipClaim> builder)
    {
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => c.PublicId).IsUnique();
        builder.Property(c => c.PublicId).HasMaxLength(22).IsRequired();
        // One open claim per claimant and vehicle, decided by the database (the same filter on SQLite and PostgreSQL).
        builder.HasIndex(c => new { c.VehicleId, c.ClaimantId }).IsUnique()
            .HasFilter("\"Status\" IN ('Submitted', 'Approved')").HasDatabaseName("IX_OwnershipClaims_VehicleId_ClaimantId_Open");
        // At most one approved claim per vehicle: two admins approving two claims at once cannot both succeed.
        builder.HasIndex(c => c.VehicleId).IsUnique().HasFilter("\"Status\" = 'Approved'").HasDatabaseName("IX_OwnershipClaims_VehicleId_Approved");
        builder.HasIndex(c => new { c.Status, c.CreatedAt });
        builder.HasIndex(c => new { c.ClaimantId, c.CreatedAt });
        // Decisions, objections and the move save the tracked row: whichever committed first stands.
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        builder.Property(c => c.ClaimantId).HasMaxLength(450).IsRequired();
        builder.Property(c => c.OwnerIdAtSubmission).HasMaxLength(450).IsRequired();
        builder.Property(c => c.ReviewedBy).HasMaxLength(450);
        builder.Property(c => c.Message).HasMaxLength(OwnershipClaim.MaxMessageLength);
        builder.Property(c => c.HolderName).HasMaxLength(OwnershipClaim.MaxHolderNameLength).IsRequired();
        builder.Property(c => c.ReviewComment).HasMaxLength(OwnershipClaim.MaxCommentLength);
        builder.Property(c => c.ObjectionReason).HasMaxLength(OwnershipClaim.MaxMessageLength);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(c => c.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}
