using LifeTimeCircle.Domain.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class DocumentThumbnailConfiguration : IEntityTypeConfiguration<DocumentThumbnail>
{
    public void Configure(EntityTypeBuilder<DocumentThumbnail> builder)
    {
        // One row per document, in its own table: the previews are derived data (ADR 0022), the document row stays as it was.
        builder.HasKey(t => t.DocumentId);
        builder.Property(t => t.DocumentId).ValueGeneratedNever();
        builder.Property(t => t.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.ReasonCode).HasMaxLength(40);
        builder.HasOne<Document>().WithOne().HasForeignKey<DocumentThumbnail>(t => t.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
