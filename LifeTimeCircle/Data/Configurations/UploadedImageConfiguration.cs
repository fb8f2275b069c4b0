using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Domain.Images;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class UploadedImageConfiguration : IEntityTypeConfiguration<UploadedImage>
{
    public void Configure(EntityTypeBuilder<UploadedImage> builder)
    {
        builder.HasKey(i => i.Id);
        builder.HasIndex(i => i.PublicId).IsUnique();
        builder.Property(i => i.PublicId).HasMaxLength(22).IsRequired();
        builder.Property(i => i.AltText).HasMaxLength(UploadedImage.MaxAltLength).IsRequired();
        builder.Property(i => i.ContentType).HasMaxLength(32).IsRequired();
        builder.Property(i => i.StorageKey).HasMaxLength(64).IsRequired();
        builder.Property(i => i.Sha256).HasMaxLength(64).IsRequired();
        // An opaque account id, no foreign key: like a document's uploader, it outlives nothing (the quota reads it).
        builder.Property(i => i.UploadedBy).HasMaxLength(450).IsRequired();
        builder.Property(i => i.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.RefusalCode).HasMaxLength(40);
        // The upload quota counts an account's uploads of the last 24 hours (documents and these images together).
        builder.HasIndex(i => new { i.UploadedBy, i.UploadedAt });
        // One owner column per kind of owner (ADR 0024); the row goes with its article.
        builder.HasIndex(i => i.ArticleId);
        builder.HasOne<Article>().WithMany().HasForeignKey(i => i.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // At most one cover per article.
        builder.HasIndex(i => i.ArticleId, "IX_UploadedImages_Cover").IsUnique().HasFilter("\"IsCover\"");
    }
}
