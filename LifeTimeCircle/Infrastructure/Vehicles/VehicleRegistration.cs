using System.Security.Claims;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Vehicles;

/// <summary>What a registration did: the new vehicle, or a German error (on <see cref="Field"/> of the input, or model-level when null).</summary>
public sealed record RegistrationResult(Vehicle? Vehicle, string? Field, string? Error, bool LimitReached = false);

/// <summary>
/// Registers a vehicle (SPEC §3): one VIN once in the whole system (HMAC, unique index) and the plan's vehicle limit
/// (free plan: one, plus entitlements). The limit holds across requests, processes and nodes without any lock in
/// memory: the count and the insert run in one transaction that first writes the user's own row. On SQLite the
/// transaction starts with BEGIN IMMEDIATE (one writer at a time); on PostgreSQL the write takes the row lock, so a
/// second registration of the same user waits and then counts the first one's vehicle.
/// </summary>
public sealed class VehicleRegistration(AppDbContext db, VinProtector vins, AuditWriter audit, TimeProvider clock)
{
    public const string PaywallMessage = "Im kostenlosen Tarif ist ein Fahrzeug enthalten. Für weitere Fahrzeuge brauchen Sie den VIP- oder Händler-Tarif.";
    public const string DuplicateMessage = "Diese FIN ist bereits registriert. Wenn Sie das Fahrzeug gekauft haben, bitten Sie den bisherigen Besitzer um einen Übergabe-Code und lösen Sie ihn unter „Fahrzeug übernehmen“ ein.";
    public const string AlreadyYoursMessage = "Dieses Fahrzeug ist bereits in Ihrem Konto.";

    public Task<bool> CanAddAsync(ClaimsPrincipal user, CancellationToken ct) =>
        VehicleLimit.CanAddAsync(db, user.UserId(), Roles.All.Where(user.IsInRole), ct);

    /// <param name="importRun">Set when a multi-vehicle import creates the vehicle (its job runs as <paramref name="user"/>; ADR 0020).</param>
    public async Task<RegistrationResult> RegisterAsync(ClaimsPrincipal user, Vin vin, VehicleDetails details, CancellationToken ct, string? importRun = null)
    {
        var userId = user.UserId();
        var hmac = vins.Hmac(vin);
        var existingOwner = await db.Vehicles.Where(v => v.VinHmac == hmac).Select(v => v.OwnerId).FirstOrDefaultAsync(ct);
        if (existingOwner is not null) return new RegistrationResult(null, "Vin", existingOwner == userId ? AlreadyYoursMessage : DuplicateMessage);
        Vehicle vehicle;
        try
        {
            vehicle = new Vehicle(userId, vin, vins.Encrypt(vin), hmac, details, clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return new RegistrationResult(null, ex.Field, ex.Message);
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Serializes this user's registrations (see the class comment); the value itself does not change.
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.ConcurrencyStamp, u => u.ConcurrencyStamp), ct);
            if (!await CanAddAsync(user, ct)) return new RegistrationResult(null, null, PaywallMessage, LimitReached: true);
            db.Vehicles.Add(vehicle);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation<Vehicle>(db, nameof(Vehicle.VinHmac)))
            {
                // Two registrations raced for the same VIN; the unique index decided.
                db.ChangeTracker.Clear();
                return new RegistrationResult(null, "Vin", DuplicateMessage);
            }
            await tx.CommitAsync(ct);
        }
        var metadata = new Dictionary<string, object?> { ["class"] = vehicle.Class.ToString(), ["check_digit_mismatch"] = vin.CheckDigitMismatch };
        if (importRun is not null) metadata["import"] = importRun;
        await audit.WriteAsync(AuditActions.VehicleCreated, "VEHICLE", vehicle.PublicId, AuditResult.Success, metadata, actor: user, ct: ct);
        return new RegistrationResult(vehicle, null, null);
    }
}
