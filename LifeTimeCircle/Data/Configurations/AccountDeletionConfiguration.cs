using LifeTimeCircle.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class AccountDeletionConfiguration : IEntityTypeConfiguration<AccountDeletion>
{
    public void Configure(EntityTypeBuilder<AccountDeletion> b)
    {
        b.HasKey(d => d.Id);
        b.HasIndex(d => d.UserId).IsUnique();
        b.HasIndex(d => d.CancelTokenHash).IsUnique();
        b.HasIndex(d => d.DueAt);
        b.Property(d => d.UserId).HasMaxLength(450).IsRequired();
        b.Property(d => d.CancelTokenHash).HasMaxLength(64).IsRequired();
        b.Property(d => d.BlockedReason).HasMaxLength(32);
        b.HasOne<AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
