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
        b.HasIndex(r => r.ContactEmail);
        b.Property(r => r.PublicId).HasMaxLength(22).IsRequired();
        b.Property(r => r.UserId).HasMaxLength(450);
        b.Property(r => r.ContactEmail).HasMaxLength(256);
        b.Property(r => r.ContactName).HasMaxLength(SupportRequest.MaxNameLength);
        b.Property(r => r.Topic).HasConversion<string>().HasMaxLength(32);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Message).HasMaxLength(SupportRequest.MaxMessageLength);
        b.Property(r => r.HandledBy).HasMaxLength(450);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        // Exactly one way to answer: an account, or a visitor's address.
        b.ToTable(t => t.HasCheckConstraint("CK_SupportRequests_Sender", "(\"UserId\" IS NULL) <> (\"ContactEmail\" IS NULL)"));
    }
}

public sealed class SupportMessageConfiguration : IEntityTypeConfiguration<SupportMessage>
{
    public void Configure(EntityTypeBuilder<SupportMessage> b)
    {
        b.HasKey(m => m.Id);
        b.HasIndex(m => new { m.RequestId, m.Id });
        b.Property(m => m.Author).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.AuthorId).HasMaxLength(450).IsRequired();
        b.Property(m => m.Body).HasMaxLength(SupportRequest.MaxMessageLength).IsRequired();
        b.HasOne<SupportRequest>().WithMany().HasForeignKey(m => m.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
