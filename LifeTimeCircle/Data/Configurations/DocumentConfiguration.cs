using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.HasKey(d => d.Id);
        builder.HasIndex(d => d.PublicId).IsUnique();
        builder.HasIndex(d => new { d.VehicleId, d.Kind, d.UploadedAt });
        builder.HasIndex(d => new { d.VehicleId, d.EntryGroupId });
        builder.HasIndex(d => new { d.Scan, d.NextScanAt });
        builder.HasIndex(d => new { d.Approval, d.UploadedAt });
        // The upload quota counts an account's uploads of the last 24 hours.
        builder.HasIndex(d => new { d.UploadedBy, d.UploadedAt });
        builder.Property(d => d.PublicId).HasMaxLength(22).IsRequired();
        builder.Property(d => d.EntryGroupId).HasMaxLength(22);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.ContentType).HasMaxLength(40).IsRequired();
        builder.Property(d => d.StorageKey).HasMaxLength(64).IsRequired();
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.OriginalFileName).HasMaxLength(120).IsRequired();
        builder.Property(d => d.UploadedBy).HasMaxLength(450).IsRequired();
        builder.Property(d => d.Approval).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Scan).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Pii).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.ScanDetail).HasMaxLength(200);
        builder.Property(d => d.PiiNote).HasMaxLength(300);
        builder.Property(d => d.DecisionReason).HasMaxLength(300);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(d => d.VehicleId).OnDelete(DeleteBehavior.Cascade);
        // Proofs of ownership of a claim and invoices of undecided workshop proposals are not the vehicle's documents
        // (Document.OwnershipProof, Document.ProposalInvoice).
        builder.HasQueryFilter(d => !d.IsOwnershipProof && !d.AwaitsProposal);
    }
}
