using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Data;

/// <summary>
/// Builds the trust engine's input from the real data (entries and their levels, documents, accident status and Unfall-Trust folder, open
/// odometer flags) for many vehicles at once, in a fixed number of grouped queries per chunk of vehicles. The one
/// source of the evaluation: the stored <see cref="TrustSummary"/> rows are written from it
/// (<see cref="AppDbContext"/> after every change that can alter them, and at start for missing or outdated rows),
/// and <c>VehicleTrust</c> evaluates from scratch through it.
/// </summary>
public static class TrustEvaluation
{
    private const int Chunk = 500;

    /// <summary>The engine's result for each of <paramref name="vehicleIds"/> that exists, computed from scratch.</summary>
    public static async Task<Dictionary<long, TrustResult>> ComputeAsync(AppDbContext db, IReadOnlyCollection<long> vehicleIds, CancellationToken ct)
    {
        var results = new Dictionary<long, TrustResult>();
        foreach (var chunk in vehicleIds.Distinct().Chunk(Chunk))
        {
            var ids = chunk.ToList();
            var vehicles = await db.Vehicles.AsNoTracking().Where(v => ids.Contains(v.Id))
                .Select(v => new { v.Id, v.AccidentStatus, v.HasPhysicalServiceBook }).ToListAsync(ct);
            var entryCounts = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.VehicleId) && e.IsLatest)
                .GroupBy(e => e.VehicleId).Select(g => new { VehicleId = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.VehicleId, x => x.Count, ct);
            var linked = db.Documents.AsNoTracking().Where(d => ids.Contains(d.VehicleId) && d.EntryGroupId != null && d.DeletedAt == null);
            var valid = await linked.Where(Document.ValidEvidence).Select(d => new { d.VehicleId, Group = d.EntryGroupId! }).Distinct().ToListAsync(ct);
            var blocked = (await linked.Where(d => d.Pii != PiiState.Ok).Select(d => new { d.VehicleId, Group = d.EntryGroupId! }).Distinct().ToListAsync(ct))
                .ToHashSet();
            var evidencedGroups = valid.Where(x => !blocked.Contains(x)).ToList();
            var evidenced = evidencedGroups.GroupBy(x => x.VehicleId).ToDictionary(g => g.Key, g => g.Count());
            // Imported entries (issue 18) count as T1 until evidence is attached, whatever the vehicle's service book says;
            // an imported entry without a required value is the reason entry_required_fields_missing.
            var imported = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.VehicleId) && e.IsLatest && (e.ImportRunId != null || e.RequiredFieldsMissing))
                .Select(e => new { e.VehicleId, Group = e.GroupId, Imported = e.ImportRunId != null, e.RequiredFieldsMissing }).ToListAsync(ct);
            var evidencedSet = evidencedGroups.ToHashSet();
            var importedT1 = imported.Where(x => x.Imported && !evidencedSet.Contains(new { x.VehicleId, x.Group }))
                .GroupBy(x => x.VehicleId).ToDictionary(g => g.Key, g => g.Count());
            var fieldsMissing = imported.Where(x => x.RequiredFieldsMissing).Select(x => x.VehicleId).ToHashSet();
            var documents = (await db.Documents.AsNoTracking()
                    .Where(d => ids.Contains(d.VehicleId) && d.DeletedAt == null && d.Approval != ApprovalState.Rejected)
                    .Select(d => new { d.VehicleId, d.Approval, d.Pii, HashMissing = d.Sha256 == null }).ToListAsync(ct))
                .ToLookup(d => d.VehicleId, d => new TrustDocumentInput(d.Approval == ApprovalState.Quarantined,
                    d.Pii == PiiState.Suspected ? TrustPiiState.Suspected : d.Pii == PiiState.Confirmed ? TrustPiiState.Confirmed : TrustPiiState.Ok,
                    d.HashMissing));
            var openFlags = await db.OdometerFlags.AsNoTracking().Where(f => ids.Contains(f.VehicleId) && f.ResolvedAt == null)
                .GroupBy(f => f.VehicleId).Select(g => new { VehicleId = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.VehicleId, x => x.Count, ct);
            // Accident trust: the Unfall-Trust folder (ADR 0023), or the old self-declaration while the folder was never opened.
            var accidentTrust = await AccidentFolderQueries.StatesAsync(db, ids, ct);

            foreach (var v in vehicles)
            {
                var entryCount = entryCounts.GetValueOrDefault(v.Id);
                var t3 = Math.Min(evidenced.GetValueOrDefault(v.Id), entryCount);
                var baseLevel = Entry.TrustLevel(hasValidEvidence: false, v.HasPhysicalServiceBook);
                var t1 = Math.Min(importedT1.GetValueOrDefault(v.Id), entryCount - t3);
                var entries = Enumerable.Repeat(new TrustEntryInput(EntryTrustLevel.T3), t3)
                    .Concat(Enumerable.Repeat(new TrustEntryInput(EntryTrustLevel.T1), t1))
                    .Concat(Enumerable.Repeat(new TrustEntryInput(baseLevel), entryCount - t3 - t1)).ToList();
                if (fieldsMissing.Contains(v.Id) && entries.Count > 0) entries[^1] = entries[^1] with { RequiredFieldsMissing = true };
                var accident = v.AccidentStatus switch
                {
                    AccidentStatus.Unfallfrei => TrustAccidentStatus.Unfallfrei,
                    AccidentStatus.NichtUnfallfrei => TrustAccidentStatus.NichtUnfallfrei,
                    _ => TrustAccidentStatus.Unbekannt,
                };
                var folder = accidentTrust.GetValueOrDefault(v.Id, new AccidentTrustState(false, false));
                results[v.Id] = TrustEngine.Evaluate(new TrustInput(entries, documents[v.Id].ToList(), accident, folder.Completed,
                    folder.Evidenced, v.HasPhysicalServiceBook, openFlags.GetValueOrDefault(v.Id)));
            }
        }
        return results;
    }

    /// <summary>
    /// Writes the summaries of <paramref name="vehicleIds"/> (insert or update) into the change tracker; the caller saves.
    /// Vehicles that no longer exist are skipped (their summary goes with them by cascade).
    /// </summary>
    public static async Task StageAsync(AppDbContext db, IReadOnlyCollection<long> vehicleIds, CancellationToken ct)
    {
        var computed = await ComputeAsync(db, vehicleIds, ct);
        foreach (var chunk in computed.Keys.Chunk(Chunk))
        {
            var ids = chunk.ToList();
            var stored = await db.TrustSummaries.Where(s => ids.Contains(s.VehicleId)).ToDictionaryAsync(s => s.VehicleId, ct);
            foreach (var id in ids)
            {
                if (stored.TryGetValue(id, out var summary)) summary.Update(computed[id]);
                else db.TrustSummaries.Add(new TrustSummary(id, computed[id]));
            }
        }
    }

    /// <summary>Ids of vehicles without a summary or with one of an older engine version (recomputed at start).</summary>
    public static Task<List<long>> MissingOrOutdatedAsync(AppDbContext db, CancellationToken ct) =>
        db.Vehicles.AsNoTracking()
            .Where(v => !db.TrustSummaries.Any(s => s.VehicleId == v.Id && s.EngineVersion == TrustSummary.CurrentEngineVersion))
            .Select(v => v.Id).ToListAsync(ct);
}
