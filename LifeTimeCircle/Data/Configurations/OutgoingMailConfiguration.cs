using LifeTimeCircle.Domain.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class OutgoingMailConfiguration : IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<OutgoingMail> b)
    {
        b.ToTable("OutgoingMails");
        b.HasKey(m => m.Id);
        b.Property(m => m.Kind).HasMaxLength(40).IsRequired();
        b.Property(m => m.Recipient).HasMaxLength(256).IsRequired();
        b.Property(m => m.Subject).HasMaxLength(200).IsRequired();
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.LastError).HasMaxLength(200);
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => new { m.Status, m.FinishedAt });
    }
}
