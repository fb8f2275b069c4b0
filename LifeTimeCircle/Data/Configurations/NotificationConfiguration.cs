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
        // The digest job finds what waits for it.
        builder.HasIndex(n => new { n.Mail, n.UserId });
        builder.Property(n => n.Mail).HasConversion<string>().HasMaxLength(12).HasDefaultValue(NotificationMail.None).HasSentinel(NotificationMail.None);
        builder.Property(n => n.UserId).HasMaxLength(450).IsRequired();
        builder.Property(n => n.Category).HasConversion<string>().HasMaxLength(24);
        builder.Property(n => n.Title).HasMaxLength(120).IsRequired();
        builder.Property(n => n.Text).HasMaxLength(500).IsRequired();
        builder.Property(n => n.VehiclePublicId).HasMaxLength(22);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class NotificationSettingConfiguration : IEntityTypeConfiguration<NotificationSetting>
{
    public void Configure(EntityTypeBuilder<NotificationSetting> builder)
    {
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.UserId, s.Category }).IsUnique();
        builder.Property(s => s.UserId).HasMaxLength(450).IsRequired();
        builder.Property(s => s.Category).HasConversion<string>().HasMaxLength(24);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class QuietHoursConfiguration : IEntityTypeConfiguration<QuietHours>
{
    public void Configure(EntityTypeBuilder<QuietHours> builder)
    {
        builder.ToTable("QuietHours");
        builder.HasKey(q => q.UserId);
        builder.Property(q => q.UserId).HasMaxLength(450);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(q => q.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class NotificationDigestConfiguration : IEntityTypeConfiguration<NotificationDigest>
{
    public void Configure(EntityTypeBuilder<NotificationDigest> builder)
    {
        builder.HasKey(d => d.Id);
        // Never two digests a day per user, even when two runs race.
        builder.HasIndex(d => new { d.UserId, d.Day }).IsUnique();
        builder.HasIndex(d => d.CreatedAt);
        builder.Property(d => d.UserId).HasMaxLength(450).IsRequired();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
