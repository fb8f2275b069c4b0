using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class ExportJobConfiguration : IEntityTypeConfiguration<ExportJob>
{
    public void Configure(EntityTypeBuilder<ExportJob> builder)
    {
        builder.HasKey(j => j.Id);
        builder.HasIndex(j => j.PublicId).IsUnique();
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        builder.HasIndex(j => new { j.RequestedBy, j.CreatedAt });
        builder.HasIndex(j => new { j.VehicleId, j.Type, j.Version });
        builder.HasIndex(j => j.VerificationCode).IsUnique();
        builder.Property(j => j.PublicId).HasMaxLength(22).IsRequired();
        builder.Property(j => j.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(j => j.RequestedBy).HasMaxLength(450).IsRequired();
        builder.Property(j => j.BaseUrl).HasMaxLength(200).IsRequired();
        builder.Property(j => j.Error).HasMaxLength(300);
        builder.Property(j => j.FileKey).HasMaxLength(64);
        builder.Property(j => j.Sha256).HasMaxLength(64);
        builder.Property(j => j.VerificationCode).HasMaxLength(12);
        builder.Property(j => j.TokenHash).HasMaxLength(64);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(j => j.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}
