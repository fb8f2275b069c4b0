using LifeTimeCircle.Domain.Exports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class CertificateSnapshotConfiguration : IEntityTypeConfiguration<CertificateSnapshot>
{
    public void Configure(EntityTypeBuilder<CertificateSnapshot> builder)
    {
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.ExportJobId).IsUnique();
        builder.Property(s => s.Light).HasConversion<string>().HasMaxLength(10);
        builder.Property(s => s.PublicHint).HasMaxLength(200).IsRequired();
        builder.Property(s => s.ReasonCodes).HasMaxLength(1000).IsRequired();
        builder.Property(s => s.Make).HasMaxLength(60).IsRequired();
        builder.Property(s => s.Model).HasMaxLength(60).IsRequired();
        builder.Property(s => s.VinMasked).HasMaxLength(16).IsRequired();
        builder.Property(s => s.PdfSha256).HasMaxLength(64).IsRequired();
        builder.Ignore(s => s.Reasons);
        builder.HasOne<ExportJob>().WithOne().HasForeignKey<CertificateSnapshot>(s => s.ExportJobId).OnDelete(DeleteBehavior.Cascade);
    }
}
