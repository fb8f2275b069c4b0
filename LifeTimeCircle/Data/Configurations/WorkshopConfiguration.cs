using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LifeTimeCircle.Data.Configurations;

public sealed class BusinessConfiguration : IEntityTypeConfiguration<Business>
{
    public void Configure(EntityTypeBuilder<Business> builder)
    {
        builder.HasKey(b => b.Id);
        builder.HasIndex(b => b.PublicId).IsUnique();
        builder.Property(b => b.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(b => b.OwnerUserId).IsUnique();
        builder.Property(b => b.OwnerUserId).HasMaxLength(450).IsRequired();
        builder.HasIndex(b => b.Code).IsUnique();
        builder.Property(b => b.Code).HasMaxLength(BusinessCodes.Length).IsRequired();
        builder.Property(b => b.Name).HasMaxLength(Business.MaxNameLength).IsRequired();
        builder.HasIndex(b => b.NameKey);
        builder.Property(b => b.NameKey).HasMaxLength(Business.MaxNameLength).IsRequired();
        builder.Property(b => b.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(b => b.Street).HasMaxLength(Business.MaxStreetLength).IsRequired();
        builder.Property(b => b.PostalCode).HasMaxLength(5).IsRequired();
        builder.Property(b => b.City).HasMaxLength(Business.MaxCityLength).IsRequired();
        builder.Property(b => b.PublicContact).HasMaxLength(Business.MaxContactLength).IsRequired();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(b => b.OwnerUserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WorkshopGrantConfiguration : IEntityTypeConfiguration<WorkshopGrant>
{
    public void Configure(EntityTypeBuilder<WorkshopGrant> builder)
    {
        builder.HasKey(g => g.Id);
        builder.HasIndex(g => g.PublicId).IsUnique();
        builder.Property(g => g.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(g => new { g.VehicleId, g.BusinessId });
        builder.HasIndex(g => new { g.BusinessId, g.RevokedAt });
        builder.Property(g => g.GrantedBy).HasMaxLength(450).IsRequired();
        builder.Property(g => g.CustomerName).HasMaxLength(WorkshopGrant.MaxCustomerNameLength).IsRequired();
        builder.Property(g => g.Duration).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(g => g.VehicleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Business>().WithMany().HasForeignKey(g => g.BusinessId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WorkshopProposalConfiguration : IEntityTypeConfiguration<WorkshopProposal>
{
    public void Configure(EntityTypeBuilder<WorkshopProposal> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.PublicId).IsUnique();
        builder.Property(p => p.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(p => new { p.VehicleId, p.State });
        builder.HasIndex(p => new { p.BusinessId, p.VehicleId, p.CreatedAt });
        builder.Property(p => p.ProposedBy).HasMaxLength(450).IsRequired();
        builder.Property(p => p.Category).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.WorkDone).HasMaxLength(WorkshopProposal.MaxWorkDoneLength).IsRequired();
        builder.Property(p => p.DecidedBy).HasMaxLength(450);
        builder.Property(p => p.DecisionComment).HasMaxLength(WorkshopProposal.MaxCommentLength);
        builder.Property(p => p.EntryGroupId).HasMaxLength(22);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(p => p.VehicleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Business>().WithMany().HasForeignKey(p => p.BusinessId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WorkshopGrant>().WithMany().HasForeignKey(p => p.GrantId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class StaffSeatConfiguration : IEntityTypeConfiguration<StaffSeat>
{
    public void Configure(EntityTypeBuilder<StaffSeat> builder)
    {
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.PublicId).IsUnique();
        builder.Property(s => s.PublicId).HasMaxLength(22).IsRequired();
        builder.HasIndex(s => s.CodeHash).IsUnique();
        builder.Property(s => s.CodeHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(s => new { s.BusinessId, s.State });
        builder.HasIndex(s => new { s.UserId, s.State });
        builder.Property(s => s.DisplayName).HasMaxLength(StaffSeat.MaxNameLength).IsRequired();
        builder.Property(s => s.Email).HasMaxLength(StaffSeat.MaxEmailLength).IsRequired();
        builder.Property(s => s.EmailKey).HasMaxLength(StaffSeat.MaxEmailLength).IsRequired();
        builder.Property(s => s.InvitedBy).HasMaxLength(450).IsRequired();
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.ApprovedBy).HasMaxLength(450);
        builder.Property(s => s.EndedBy).HasMaxLength(450);
        builder.HasOne<Business>().WithMany().HasForeignKey(s => s.BusinessId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
