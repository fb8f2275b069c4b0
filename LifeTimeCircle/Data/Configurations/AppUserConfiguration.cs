using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.AccountKind).HasConversion<string>().HasMaxLength(16);
        b.Property(u => u.BusinessType).HasConversion<string>().HasMaxLength(32);
        b.Property(u => u.BusinessName).HasMaxLength(120);
        b.Property(u => u.BusinessStatus).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(u => u.BusinessStatus);
        // Identity saves the whole account (every column) on each change; a copy loaded before a code was accepted
        // must not write the older step back, so only the provider's conditional UPDATE writes this column.
        b.Property(u => u.LastTotpStep).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        b.Property(u => u.DeletedBy).HasMaxLength(450);
        b.Property(u => u.DeleteReason).HasConversion<string>().HasMaxLength(24);
        b.Property(u => u.DeleteComment).HasMaxLength(LifeTimeCircle.Domain.SoftDeletes.MaxCommentLength);
    }
}
