using LifeTimeCircle.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.ToTable("Jobs");
        b.HasKey(j => j.Id);
        b.Property(j => j.Kind).HasMaxLength(40).IsRequired();
        b.Property(j => j.Payload).HasMaxLength(400).IsRequired();
        b.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
        b.Property(j => j.LeaseOwner).HasMaxLength(120);
        b.Property(j => j.LastError).HasMaxLength(Job.MaxErrorLength);
        b.Property(j => j.UniqueKey).HasMaxLength(80);
        // The claim query: due queued jobs and expired leases, oldest first.
        b.HasIndex(j => new { j.State, j.RunAfter });
        // Health check and adoption: per kind and state.
        b.HasIndex(j => new { j.Kind, j.State });
        // Several NULLs are allowed (SQLite and PostgreSQL alike): only set keys must be unique.
        b.HasIndex(j => j.UniqueKey).IsUnique();
    }
}
