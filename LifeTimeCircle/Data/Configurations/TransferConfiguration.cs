using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class TransferConfiguration : IEntityTypeConfiguration<Transfer>
{
    public void Configure(EntityTypeBuilder<Transfer> builder)
    {
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.PublicId).IsUnique();
        builder.Property(t => t.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(t => t.CodeHash).IsUnique();
        builder.Property(t => t.CodeHash).HasMaxLength(64).IsRequired();
        // One open transfer per vehicle, decided by the database (the same filter on SQLite and PostgreSQL).
        builder.HasIndex(t => t.VehicleId).IsUnique().HasFilter("\"Status\" = 'Open'").HasDatabaseName("IX_Transfers_VehicleId_Open");
        builder.HasIndex(t => new { t.VehicleId, t.RedeemedAt });
        // Cancel, extend and expiry save the tracked row: a redeem committed in between must not be overwritten.
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        builder.Property(t => t.CreatedBy).HasMaxLength(450).IsRequired();
        builder.Property(t => t.RedeemedBy).HasMaxLength(450);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(t => t.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}
