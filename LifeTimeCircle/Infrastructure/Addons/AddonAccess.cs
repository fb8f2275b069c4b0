using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Addons;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Infrastructure.Addons;

/// <summary>
/// The add-on gate against the database (SPEC §12, ADR 0023): the caller has already checked that the vehicle is the
/// actor's (or the actor is an admin). <see cref="CheckAsync"/> only reads; <see cref="EnableAsync"/> activates when the
/// gate allows it and records the first activation, which keeps the add-on usable for that vehicle from then on.
/// </summary>
public sealed class AddonAccess(AppDbContext db, TimeProvider clock)
{
    public async Task<AddonDecision> CheckAsync(long vehicleId, string key, AddonActor actor, CancellationToken ct)
    {
        var config = await db.AddonConfigs.AsNoTracking().SingleOrDefaultAsync(c => c.Key == key, ct);
        var state = await db.VehicleAddons.AsNoTracking().SingleOrDefaultAsync(s => s.VehicleId == vehicleId && s.Key == key, ct);
        return AddonGate.Decide(key, config, state, actor);
    }

    /// <summary>Activates the add-on on the vehicle when the gate allows it; saves. Returns the decision.</summary>
    public async Task<AddonDecision> EnableAsync(long vehicleId, string key, AddonActor actor, CancellationToken ct)
    {
        var config = await db.AddonConfigs.AsNoTracking().SingleOrDefaultAsync(c => c.Key == key, ct);
        var state = await db.VehicleAddons.SingleOrDefaultAsync(s => s.VehicleId == vehicleId && s.Key == key, ct);
        var decision = AddonGate.Decide(key, config, state, actor);
        if (!AddonGate.Usable(decision)) return decision;
        if (state is null)
        {
            state = new VehicleAddon(vehicleId, key);
            db.VehicleAddons.Add(state);
        }
        state.Enable(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation<VehicleAddon>(db, nameof(VehicleAddon.VehicleId), nameof(VehicleAddon.Key)))
        {
            // Two first activations at once (unique per vehicle and add-on): the other one stands; answer from it.
            db.ChangeTracker.Clear();
            return await CheckAsync(vehicleId, key, actor, ct);
        }
        return decision;
    }

    /// <summary>The switches of every known add-on (defaults for those never saved).</summary>
    public async Task<IReadOnlyList<AddonConfig>> ConfigsAsync(CancellationToken ct)
    {
        var stored = await db.AddonConfigs.AsNoTracking().ToDictionaryAsync(c => c.Key, ct);
        return AddonKeys.All.Select(k => stored.GetValueOrDefault(k) ?? new AddonConfig(k, clock.GetUtcNow())).ToList();
    }
}

public static class AddonSetup
{
    /// <summary>The add-on gate (SPEC §12).</summary>
    public static IServiceCollection AddLtcAddons(this IServiceCollection services) => services.AddScoped<AddonAccess>();
}
