using System.Linq.Expressions;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Vehicles;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Imports;

/// <summary>What the undo of a multi-vehicle import did, or why it could not (<see cref="Refusal"/>).</summary>
public sealed record UndoResult(int Entries, int VehiclesRemoved, int VehiclesKept, string? Refusal = null);

/// <summary>
/// „Import rückgängig machen“ of a multi-vehicle run (ADR 0020 point 17): within 7 days, on every vehicle the owner still
/// holds since before the import, the import's entries go (<see cref="EntryWriter.RemoveImportedAsync"/>); a vehicle the
/// import created goes too when nothing else refers to it — otherwise it stays with what was added to it.
/// </summary>
public sealed class ImportUndo(AppDbContext db, EntryWriter writer, AuditWriter audit, TimeProvider clock)
{
    public const string EvidenceMessage = "Zu importierten Einträgen gibt es bereits hochgeladene Dokumente. Bitte löschen Sie diese Dokumente zuerst; dann kann der Import rückgängig gemacht werden.";

    /// <summary>Tables that belong to a vehicle without anyone having added anything (derived or the import's own record).</summary>
    private static readonly HashSet<Type> Derived = [typeof(ImportGroup), typeof(ImportRun)];

    /// <summary>The vehicles the undo reaches: the owner's, held since before the import finished.</summary>
    public IQueryable<Vehicle> Reachable(ImportRun run)
    {
        var at = run.ImportedAt ?? run.CreatedAt;
        var touched = db.Entries.Where(e => e.ImportRunId == run.Id).Select(e => e.VehicleId);
        var created = db.ImportGroups.Where(g => g.ImportRunId == run.Id && g.Created && g.VehicleId != null).Select(g => g.VehicleId!.Value);
        return db.Vehicles.OwnedBy(run.OwnerId).Where(v => (touched.Contains(v.Id) || created.Contains(v.Id)) && (v.OwnedSince == null || v.OwnedSince <= at));
    }

    public async Task<UndoResult> UndoAsync(ImportRun run, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        int entries = 0, removed = 0, kept = 0, vehicleCount;
        var removedIds = new List<string>();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Read inside the write transaction: a handover redeemed a moment ago is seen, so nothing of the buyer's vehicle goes.
            var vehicles = await Reachable(run).ToListAsync(ct);
            vehicleCount = vehicles.Count;
            var createdIds = await db.ImportGroups.Where(g => g.ImportRunId == run.Id && g.Created && g.VehicleId != null).Select(g => g.VehicleId!.Value).ToListAsync(ct);
            foreach (var vehicle in vehicles)
            {
                if (await writer.RemoveImportedAsync(vehicle, run.Id, ct) is not { } n) return new UndoResult(0, 0, 0, EvidenceMessage);
                entries += n;
            }
            foreach (var vehicle in vehicles.Where(v => createdIds.Contains(v.Id)))
            {
                if (await UsedAsync(vehicle.Id, ct)) { kept++; continue; }
                db.Vehicles.Remove(vehicle);
                removedIds.Add(vehicle.PublicId);
                removed++;
            }
            run.Undo(now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        foreach (var id in removedIds)
        {
            await audit.WriteAsync(AuditActions.ImportVehicleRemoved, "VEHICLE", id, AuditResult.Success, new Dictionary<string, object?> { ["import"] = run.PublicId }, ct: ct);
        }
        await audit.WriteAsync(AuditActions.ImportUndone, "IMPORT", run.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicles"] = vehicleCount, ["removed"] = entries, ["vehicles_removed"] = removed, ["vehicles_kept"] = kept }, ct: ct);
        return new UndoResult(entries, removed, kept);
    }

    /// <summary>Whether any row of any table refers to the vehicle (besides the import's own records): then it stays.</summary>
    private async Task<bool> UsedAsync(long vehicleId, CancellationToken ct)
    {
        var type = db.Model.FindEntityType(typeof(Vehicle))!;
        foreach (var fk in type.GetReferencingForeignKeys())
        {
            var owner = fk.DeclaringEntityType;
            if (owner.IsOwned() || owner.HasSharedClrType || Derived.Contains(owner.ClrType) || owner.ClrType.Name == "TrustSummary") continue;
            var prop = fk.Properties.Single();
            var method = typeof(ImportUndo).GetMethod(nameof(AnyAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(owner.ClrType, prop.ClrType);
            if (await (Task<bool>)method.Invoke(this, [prop.Name, vehicleId, ct])!) return true;
        }
        return false;
    }

    private Task<bool> AnyAsync<TEntity, TKey>(string property, long vehicleId, CancellationToken ct) where TEntity : class
    {
        var e = Expression.Parameter(typeof(TEntity), "e");
        var value = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(TKey)], e, Expression.Constant(property));
        var body = Expression.Equal(value, Expression.Constant(Convert.ChangeType(vehicleId, Nullable.GetUnderlyingType(typeof(TKey)) ?? typeof(TKey), System.Globalization.CultureInfo.InvariantCulture), typeof(TKey)));
        return db.Set<TEntity>().IgnoreQueryFilters().AnyAsync(Expression.Lambda<Func<TEntity, bool>>(body, e), ct);
    }
}
