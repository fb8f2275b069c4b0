using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.PublicId).IsUnique();
        builder.Property(r => r.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(r => r.VehicleId);
        builder.Property(r => r.Item).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.CompletedBy).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Title).HasMaxLength(Reminder.MaxTitleLength);
        builder.Property(r => r.NotifiedState).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.NotifiedDue).HasMaxLength(24);
        builder.Ignore(r => r.Name);
        builder.Ignore(r => r.Rule);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(r => r.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => f.UserId).IsUnique();
        builder.HasIndex(f => f.TokenHash).IsUnique();
        builder.Property(f => f.UserId).HasMaxLength(450).IsRequired();
        builder.Property(f => f.TokenHash).HasMaxLength(64).IsRequired();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
