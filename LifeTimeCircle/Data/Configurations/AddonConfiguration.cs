using LifeTimeCircle.Domain.Addons;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

/// <summary>Add-on switches and per-vehicle add-on states with their first activation (ADR 0023).</summary>
public sealed class AddonConfigConfiguration : IEntityTypeConfiguration<AddonConfig>
{
    public void Configure(EntityTypeBuilder<AddonConfig> builder)
    {
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).HasMaxLength(64);
        builder.Property(c => c.UpdatedBy).HasMaxLength(450);
    }
}

public sealed class VehicleAddonConfiguration : IEntityTypeConfiguration<VehicleAddon>
{
    public void Configure(EntityTypeBuilder<VehicleAddon> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Key).HasMaxLength(64).IsRequired();
        builder.HasIndex(s => new { s.VehicleId, s.Key }).IsUnique();
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(s => s.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}
