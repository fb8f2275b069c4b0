using LifeTimeCircle.Domain.Cms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.PublicId).IsUnique();
        builder.Property(a => a.PublicId).HasMaxLength(22).IsRequired();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(a => new { a.Kind, a.Slug }).IsUnique();
        builder.Property(a => a.Slug).HasMaxLength(Slug.MaxLength).IsRequired();
        builder.Property(a => a.Title).HasMaxLength(Article.MaxTitleLength).IsRequired();
        builder.Property(a => a.Teaser).HasMaxLength(Article.MaxTeaserLength).IsRequired();
        builder.Property(a => a.Markdown).IsRequired();
        builder.Property(a => a.Html).IsRequired();
        builder.Property(a => a.AuthorId).HasMaxLength(450).IsRequired();
        builder.Property(a => a.ReviewNote).HasMaxLength(Article.MaxReviewNoteLength);
        builder.Property(a => a.ReviewedBy).HasMaxLength(450);
        builder.Property(a => a.PublishedBy).HasMaxLength(450);
        // The public lists: published articles of a kind, newest first (keyset over PublishedAt, Id).
        builder.HasIndex(a => new { a.Kind, a.State, a.PublishedAt, a.Id }).HasDatabaseName("IX_Articles_Public");
        builder.HasIndex(a => new { a.AuthorId, a.UpdatedAt });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.ArticleId, r.Number }).IsUnique();
        builder.Property(r => r.Slug).HasMaxLength(Slug.MaxLength).IsRequired();
        builder.Property(r => r.Title).HasMaxLength(Article.MaxTitleLength).IsRequired();
        builder.Property(r => r.Teaser).HasMaxLength(Article.MaxTeaserLength).IsRequired();
        builder.Property(r => r.Markdown).IsRequired();
        builder.Property(r => r.SavedBy).HasMaxLength(450).IsRequired();
        builder.HasOne(r => r.Article).WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ArticleSlugRedirectConfiguration : IEntityTypeConfiguration<ArticleSlugRedirect>
{
    public void Configure(EntityTypeBuilder<ArticleSlugRedirect> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.Slug).HasMaxLength(Slug.MaxLength).IsRequired();
        builder.HasIndex(r => new { r.Kind, r.Slug }).IsUnique();
        builder.HasIndex(r => r.ArticleId);
        builder.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
