using LifeTimeCircle.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class EmailCodeConfiguration : IEntityTypeConfiguration<EmailCode>
{
    public void Configure(EntityTypeBuilder<EmailCode> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.UserId).HasMaxLength(450).IsRequired();
        b.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(24);
        b.Property(c => c.CodeHash).HasMaxLength(64).IsRequired();
        b.Property(c => c.FlowHash).HasMaxLength(64);
        b.Property(c => c.PendingPasswordHash).HasMaxLength(256);
        b.Property(c => c.PendingAccountKind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.PendingBusinessType).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.PendingBusinessName).HasMaxLength(120);
        b.Ignore(c => c.Choice);
        b.HasIndex(c => new { c.UserId, c.Purpose, c.CreatedAt });
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
