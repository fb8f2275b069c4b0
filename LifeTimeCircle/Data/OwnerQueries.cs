using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Data;

/// <summary>Every query goes through the owner (STYLE §4): another owner's vehicle simply does not exist.</summary>
public static class OwnerQueries
{
    public static IQueryable<Vehicle> OwnedBy(this IQueryable<Vehicle> vehicles, string userId) =>
        vehicles.Where(v => v.OwnerId == userId);

    public static IQueryable<Vehicle> OwnedVehicle(this AppDbContext db, string userId, string? publicId) =>
        db.Vehicles.OwnedBy(userId).Where(v => v.PublicId == publicId);
}
