using LifeTimeCircle.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.HasKey(n => n.Id);
        builder.HasIndex(n => n.PublicId).IsUnique();
        builder.Property(n => n.PublicId).HasMaxLength(22).IsRequired();
        // The inbox (newest first) and the unread count in the header of every page.
        builder.HasIndex(n => new { n.UserId, n.ReadAt, n.CreatedAt });
        builder.HasIndex(n => n.CreatedAt);
        builder.Property(n => n.UserId).HasMaxLength(450).IsRequired();
        builder.Property(n => n.Category).HasConversion<string>().HasMaxLength(24);
        builder.Property(n => n.Title).HasMaxLength(120).IsRequired();
        builder.Property(n => n.Text).HasMaxLength(500).IsRequired();
        builder.Property(n => n.VehiclePublicId).HasMaxLength(22);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
