using LifeTimeCircle.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class ConsentAcceptanceConfiguration : IEntityTypeConfiguration<ConsentAcceptance>
{
    public void Configure(EntityTypeBuilder<ConsentAcceptance> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.UserId).HasMaxLength(450).IsRequired();
        b.Property(c => c.Document).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Version).HasMaxLength(32).IsRequired();
        b.Property(c => c.Source).HasMaxLength(16).IsRequired();
        b.HasIndex(c => new { c.UserId, c.Document, c.Version }).IsUnique();
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
