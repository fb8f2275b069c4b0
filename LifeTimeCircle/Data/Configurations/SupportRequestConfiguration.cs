using LifeTimeCircle.Domain.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class SupportRequestConfiguration : IEntityTypeConfiguration<SupportRequest>
{
    public void Configure(EntityTypeBuilder<SupportRequest> b)
    {
        b.HasKey(r => r.Id);
        b.HasIndex(r => r.PublicId).IsUnique();
        b.HasIndex(r => new { r.Status, r.CreatedAt });
        b.HasIndex(r => r.UserId);
        b.Property(r => r.PublicId).HasMaxLength(22).IsRequired();
        b.Property(r => r.UserId).HasMaxLength(450).IsRequired();
        b.Property(r => r.Topic).HasConversion<string>().HasMaxLength(32);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Message).HasMaxLength(SupportRequest.MaxMessageLength);
        b.Property(r => r.HandledBy).HasMaxLength(450);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
