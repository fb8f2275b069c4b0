using LifeTimeCircle.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class ModeratorInviteConfiguration : IEntityTypeConfiguration<ModeratorInvite>
{
    public void Configure(EntityTypeBuilder<ModeratorInvite> b)
    {
        b.HasKey(i => i.Id);
        b.HasIndex(i => i.PublicId).IsUnique();
        b.HasIndex(i => i.CodeHash).IsUnique();
        b.HasIndex(i => new { i.State, i.ExpiresAt });
        b.HasIndex(i => i.EmailKey);
        b.Property(i => i.PublicId).HasMaxLength(22).IsRequired();
        b.Property(i => i.Email).HasMaxLength(256).IsRequired();
        b.Property(i => i.EmailKey).HasMaxLength(256).IsRequired();
        b.Property(i => i.CodeHash).HasMaxLength(64).IsRequired();
        b.Property(i => i.InvitedBy).HasMaxLength(450).IsRequired();
        b.Property(i => i.State).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.UserId).HasMaxLength(450);
        b.Property(i => i.EndedBy).HasMaxLength(450);
    }
}
