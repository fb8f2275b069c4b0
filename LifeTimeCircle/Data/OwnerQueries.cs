using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Data;

/// <summary>Every query goes through the owner (STYLE §4): another owner's vehicle simply does not exist.</summary>
public static class OwnerQueries
{
    public static IQueryable<Vehicle> OwnedBy(this IQueryable<Vehicle> vehicles, string userId) =>
        vehicles.Where(v => v.OwnerId == userId);

    public static IQueryable<Vehicle> OwnedVehicle(this AppDbContext db, string userId, string? publicId) =>
        db.Vehicles.OwnedBy(userId).Where(v => v.PublicId == publicId);

    /// <summary>
    /// The owner's vehicle for reading (no tracking), as one compiled query: the lookup every vehicle page makes on every
    /// GET (issue 13: no expression tree to walk and no query cache lookup per request).
    /// </summary>
    public static Task<Vehicle?> OwnedVehicleForReadAsync(this AppDbContext db, string userId, string? publicId, CancellationToken ct) =>
        publicId is null ? Task.FromResult<Vehicle?>(null) : OwnedForRead(db, userId, publicId, ct);

    private static readonly Func<AppDbContext, string, string, CancellationToken, Task<Vehicle?>> OwnedForRead = EF.CompileAsyncQuery(
        (AppDbContext db, string userId, string publicId, CancellationToken ct) =>
            db.Vehicles.AsNoTracking().Where(v => v.OwnerId == userId && v.PublicId == publicId).SingleOrDefault());
}
