using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.EntityFrameworkCore;
using LifeTimeCircle.Web;

namespace LifeTimeCircle.Infrastructure.Vehicles;

/// <summary>What a save did to the odometer flags: the open flag on the saved entry, and how many other entries were newly flagged.</summary>
public sealed record OdometerOutcome(OdometerFlag? Own, int NeighboursFlagged)
{
    public bool Flagged => Own is not null || NeighboursFlagged > 0;
}

/// <summary>
/// Adds timeline entries and corrections (new versions) and reviews the odometer plausibility of the whole timeline on
/// every save, both ways (issue 22): new conflicts are flagged on both entries, flags whose conflict is gone are resolved.
/// Used by the entry pages and by taking over a workshop's proposal (the same rules for both); later by imports.
/// </summary>
public sealed class EntryWriter(AppDbContext db, AuditWriter audit, TimeProvider clock)
{
    public DateOnly Today => Display.BerlinDate(clock.GetUtcNow());

    /// <param name="proposedBy">The business name when the owner takes over a workshop's proposal (the entry shows it).</param>
    public async Task<(Entry Entry, OdometerOutcome Odometer)> AddAsync(Vehicle vehicle, EntryValues values, string userId, CancellationToken ct, string? proposedBy = null)
    {
        var entry = Entry.Create(vehicle.Id, values, userId, clock.GetUtcNow(), Today, proposedBy);
        db.Entries.Add(entry);
        await db.SaveChangesAsync(ct);
        var outcome = await ReviewOdometerAsync(entry, ct);
        await audit.WriteAsync(AuditActions.EntryCreated, "ENTRY", entry.GroupId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["nachtrag"] = values.IsNachtrag, ["odometer_flagged"] = outcome.Flagged, ["proposal"] = proposedBy is not null }, ct: ct);
        return (entry, outcome);
    }

    /// <summary>
    /// Adds one batch of imported entries in one save (the stored Trust-Ampel is recomputed in the same transaction, as
    /// for every entry). The odometer review runs once per import (<see cref="ReviewAfterImportAsync"/>), not per row.
    /// </summary>
    public async Task<Entry?> AddImportedAsync(Vehicle vehicle, IReadOnlyList<(EntryValues Values, bool RequiredFieldsMissing)> rows, string userId,
        long importRunId, CancellationToken ct)
    {
        Entry? last = null;
        var now = clock.GetUtcNow();
        foreach (var (values, missing) in rows)
        {
            last = Entry.Imported(vehicle.Id, values, userId, now, Today, importRunId, missing);
            db.Entries.Add(last);
        }
        await db.SaveChangesAsync(ct);
        return last;
    }

    /// <summary>The odometer review of the whole timeline after an import (flags conflicts on both sides, as for one entry).</summary>
    public Task<OdometerOutcome> ReviewAfterImportAsync(Entry anyImported, CancellationToken ct) => ReviewOdometerAsync(anyImported, ct);

    /// <summary>
    /// Undo of a whole import (issue 18): every version of every entry group the import created is removed in one save
    /// (the Trust-Ampel is recomputed in it; odometer flags of those entries go by cascade), then the remaining timeline
    /// is reviewed again. Returns the number of entries (groups) removed, or null when evidence is attached to one of
    /// them (the owner removes or moves it first; nothing is removed).
    /// </summary>
    public async Task<int?> RemoveImportedAsync(Vehicle vehicle, long importRunId, CancellationToken ct)
    {
        var groups = await db.Entries.Where(e => e.VehicleId == vehicle.Id && e.ImportRunId == importRunId && e.Version == 1)
            .Select(e => e.GroupId).ToListAsync(ct);
        if (groups.Count == 0) return 0;
        var groupSet = groups.ToHashSet();
        var linked = await db.Documents.AsNoTracking().Where(d => d.VehicleId == vehicle.Id && d.EntryGroupId != null)
            .Select(d => d.EntryGroupId!).Distinct().ToListAsync(ct);
        if (linked.Any(groupSet.Contains)) return null;
        var entries = await db.Entries.Where(e => e.VehicleId == vehicle.Id && e.ImportRunId == importRunId).ToListAsync(ct);
        var ids = entries.Select(e => e.Id).ToList();
        var flags = await db.OdometerFlags.Where(f => f.VehicleId == vehicle.Id && ids.Contains(f.EntryId)).ToListAsync(ct);
        db.OdometerFlags.RemoveRange(flags);
        db.Entries.RemoveRange(entries);
        await db.SaveChangesAsync(ct);
        var remaining = await db.Entries.Where(e => e.VehicleId == vehicle.Id && e.IsLatest).OrderBy(e => e.Id).FirstOrDefaultAsync(ct);
        if (remaining is not null) await ReviewOdometerAsync(remaining, ct);
        return groups.Count;
    }

    public async Task<(Entry Entry, OdometerOutcome Odometer)> CorrectAsync(Vehicle vehicle, Entry latest, EntryValues values, string userId, CancellationToken ct)
    {
        var next = latest.Correct(values, userId, clock.GetUtcNow(), Today);
        db.Entries.Add(next);
        await db.SaveChangesAsync(ct);
        var outcome = await ReviewOdometerAsync(next, ct);
        await audit.WriteAsync(AuditActions.EntryVersionCreated, "ENTRY_VERSION", next.GroupId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId, ["version"] = next.Version, ["odometer_flagged"] = outcome.Flagged }, ct: ct);
        return (next, outcome);
    }

    /// <summary>
    /// The owner confirms a flagged reading: the conflict between the two readings is settled, so the neighbour's open
    /// flag about this entry is confirmed with it (a reading really went down, e.g. after an instrument change).
    /// </summary>
    public async Task<OdometerFlag?> ConfirmOdometerAsync(long vehicleId, string? flagId, CancellationToken ct)
    {
        var flag = await db.OdometerFlags.SingleOrDefaultAsync(f => f.VehicleId == vehicleId && f.PublicId == flagId, ct);
        if (flag is null) return null;
        var now = clock.GetUtcNow();
        flag.Confirm(now);
        var group = await db.Entries.Where(e => e.Id == flag.EntryId).Select(e => e.GroupId).SingleAsync(ct);
        if (flag.ReferenceGroupId is { } neighbour)
        {
            var counterparts = await (from f in db.OdometerFlags
                                      join e in db.Entries on f.EntryId equals e.Id
                                      where f.VehicleId == vehicleId && f.ResolvedAt == null && e.IsLatest && e.GroupId == neighbour && f.ReferenceGroupId == @group
                                      select f).ToListAsync(ct);
            foreach (var c in counterparts) c.Confirm(now);
        }
        await db.SaveChangesAsync(ct);
        return flag;
    }

    /// <summary>
    /// Reviews every latest entry of the vehicle and reconciles the flags: an open flag whose entry was corrected is
    /// „korrigiert“, one whose conflict is gone „entfallen“; a finding gets a new flag unless the owner already has it
    /// open or confirmed (a confirmed reading is not flagged again for the same neighbour).
    /// </summary>
    private async Task<OdometerOutcome> ReviewOdometerAsync(Entry saved, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var readings = await db.Entries.AsNoTracking().Where(e => e.VehicleId == saved.VehicleId && e.IsLatest)
            .Select(e => new OdometerReading(e.Id, e.GroupId, e.Date, e.OdometerKm)).ToListAsync(ct);
        var findings = OdometerReview.Review(readings).ToDictionary(f => f.EntryId);
        var latestIds = readings.Select(r => r.EntryId).ToHashSet();
        var flags = await db.OdometerFlags.Where(f => f.VehicleId == saved.VehicleId && (f.ResolvedAt == null || f.Resolution == "bestaetigt"))
            .ToListAsync(ct);
        foreach (var flag in flags.Where(f => f.IsOpen))
        {
            if (!latestIds.Contains(flag.EntryId)) flag.ResolveByCorrection(now);
            else if (!findings.TryGetValue(flag.EntryId, out var finding) || !flag.Describes(finding)) flag.ResolveAsObsolete(now);
        }
        OdometerFlag? own = null;
        var neighbours = 0;
        foreach (var finding in findings.Values)
        {
            var existing = flags.FirstOrDefault(f => f.EntryId == finding.EntryId && f.Describes(finding) && (f.IsOpen || f.IsConfirmed));
            if (existing is not null)
            {
                existing.Follow(finding);
                if (existing.IsOpen && finding.EntryId == saved.Id) own = existing;
                continue;
            }
            var flag = new OdometerFlag(saved.VehicleId, finding.EntryId, finding.Kind, finding.ReferenceKm, finding.ReferenceDate, now, finding.ReferenceGroupId);
            db.OdometerFlags.Add(flag);
            if (finding.EntryId == saved.Id) own = flag;
            else neighbours++;
        }
        await db.SaveChangesAsync(ct);
        return new OdometerOutcome(own, neighbours);
    }
}
