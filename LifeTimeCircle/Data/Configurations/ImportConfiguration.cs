using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(r => r.PublicId).IsUnique();
        builder.Property(r => r.OwnerId).HasMaxLength(450).IsRequired();
        builder.HasIndex(r => new { r.VehicleId, r.CreatedAt });
        builder.HasIndex(r => new { r.OwnerId, r.CreatedAt });
        builder.Property(r => r.FileKey).HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Unit).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.FormatNumbers).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.FormatDates).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.FormatEncoding).HasMaxLength(20);
        builder.Property(r => r.FormatDelimiter).HasMaxLength(4);
        builder.Property(r => r.Failure).HasMaxLength(400);
        builder.Property(r => r.Headers).HasMaxLength(8000);
        builder.Property(r => r.ColumnMap).HasMaxLength(8000);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(r => r.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ImportGroupConfiguration : IEntityTypeConfiguration<ImportGroup>
{
    public void Configure(EntityTypeBuilder<ImportGroup> builder)
    {
        builder.HasKey(g => g.Id);
        builder.HasIndex(g => new { g.ImportRunId, g.FirstRow });
        builder.Property(g => g.VinMasked).HasMaxLength(20).IsRequired();
        builder.Property(g => g.Outcome).HasConversion<string>().HasMaxLength(10);
        builder.Property(g => g.Message).HasMaxLength(ImportGroup.MaxMessageLength);
        builder.Property(g => g.Make).HasMaxLength(60);
        builder.Property(g => g.Model).HasMaxLength(60);
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(g => g.ImportRunId).OnDelete(DeleteBehavior.Cascade);
        // A vehicle that goes (account deletion, undo) leaves the group as history without it.
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(g => g.VehicleId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(g => g.VehicleId);
    }
}

public sealed class ImportIssueConfiguration : IEntityTypeConfiguration<ImportIssue>
{
    public void Configure(EntityTypeBuilder<ImportIssue> builder)
    {
        builder.HasKey(i => i.Id);
        builder.HasIndex(i => new { i.ImportRunId, i.Row });
        builder.Property(i => i.Severity).HasConversion<string>().HasMaxLength(10);
        builder.Property(i => i.Column).HasMaxLength(40).IsRequired();
        builder.Property(i => i.Message).HasMaxLength(300).IsRequired();
        builder.Property(i => i.Value).HasMaxLength(ImportIssue.MaxValueLength + 1);
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(i => i.ImportRunId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ImportColumnChoiceConfiguration : IEntityTypeConfiguration<ImportColumnChoice>
{
    public void Configure(EntityTypeBuilder<ImportColumnChoice> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.OwnerId).HasMaxLength(450).IsRequired();
        builder.Property(c => c.Name).HasMaxLength(ImportColumnChoice.MaxNameLength).IsRequired();
        builder.Property(c => c.Field).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(c => new { c.OwnerId, c.Name }).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
