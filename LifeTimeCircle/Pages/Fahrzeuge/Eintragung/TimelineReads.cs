using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Eintragung;

/// <summary>
/// The reads of the timeline tab, compiled once (issue 13: no expression tree is built, walked and looked up per
/// request). Keyset pagination over the partial index (VehicleId, Date, Id) WHERE IsLatest: every page is one index seek,
/// however deep; cursors are public entry group ids. An unknown cursor shows the newest entries.
/// </summary>
public static class TimelineReads
{
    public const int PageSize = 50;

    public static async Task<(IReadOnlyList<IndexModel.Row> Rows, bool HasOlder, bool HasNewer)> PageAsync(AppDbContext db, long vehicleId,
        string? before, string? after, CancellationToken ct)
    {
        var cursor = before ?? after;
        var key = cursor is null ? null : await CursorKey(db, vehicleId, cursor, ct);
        var hasNewer = false;
        if (key is not null && before is null)
        {
            // „Neuere Einträge“: the page that ends with the 50th entry after the cursor (or the newest page).
            var newer = await NewerKeys(db, vehicleId, key.Date, key.Id).ToListAsync(ct);
            hasNewer = newer.Count > PageSize;
            key = hasNewer ? newer[PageSize - 1] with { Id = newer[PageSize - 1].Id + 1 } : null;
        }
        var rows = await PageFrom(db, vehicleId, key?.Date ?? DateOnly.MaxValue, key?.Id ?? long.MaxValue).ToListAsync(ct);
        hasNewer |= before is not null && key is not null;
        return (rows.Take(PageSize).ToList(), rows.Count > PageSize, hasNewer);
    }

    /// <summary>Days on which the vehicle changed hands that fall on this page (system entries „Halterwechsel am …“), newest first.</summary>
    public static async Task<IReadOnlyList<DateOnly>> HandoversAsync(AppDbContext db, long vehicleId, IReadOnlyList<IndexModel.Row> rows,
        bool hasOlder, bool hasNewer, CancellationToken ct)
    {
        var handovers = await HandoverTimes(db, vehicleId).ToListAsync(ct);
        DateOnly? upper = !hasNewer || rows.Count == 0 ? null : rows[0].Date;
        DateOnly? lower = hasOlder && rows.Count > 0 ? rows[^1].Date : null;
        return handovers.Select(Display.BerlinDate)
            .Where(d => (upper is null || d <= upper) && (lower is null || d > lower))
            .OrderByDescending(d => d).ToList();
    }

    private sealed record Key(DateOnly Date, long Id);

    private static readonly Func<AppDbContext, long, string, CancellationToken, Task<Key?>> CursorKey = EF.CompileAsyncQuery(
        (AppDbContext db, long vehicleId, string groupId, CancellationToken ct) =>
            db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicleId && e.IsLatest && e.GroupId == groupId)
                .Select(e => new Key(e.Date, e.Id)).SingleOrDefault());

    /// <summary>
    /// One page: the entries before (date, id) in timeline order, newest first, with the page size + 1 to know whether
    /// there are older ones. Author and time of version 1: an entry of the previous ownership stays „Vorbesitz“ after the
    /// new owner corrects it. Evidence per row (valid evidence and nothing blocked by PII, as in the trust engine) is two
    /// index seeks on (VehicleId, EntryGroupId) inside the same query.
    /// </summary>
    private static readonly Func<AppDbContext, long, DateOnly, long, IAsyncEnumerable<IndexModel.Row>> PageFrom = EF.CompileAsyncQuery(
        (AppDbContext db, long vehicleId, DateOnly date, long id) => db.Entries.AsNoTracking()
            .Where(e => e.VehicleId == vehicleId && e.IsLatest && e.Date <= date && (e.Date < date || e.Id < id))
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Take(PageSize + 1)
            .Select(e => new IndexModel.Row(e.GroupId, e.Date, e.Category, e.PerformedBy, e.PerformedByName, e.OdometerKm, e.CostCents, e.IsNachtrag, e.Version, e.ProposedByBusinessName,
                db.Entries.Where(o => o.VehicleId == e.VehicleId && o.GroupId == e.GroupId && o.Version == 1).Select(o => o.CreatedBy).First(),
                db.Entries.Where(o => o.VehicleId == e.VehicleId && o.GroupId == e.GroupId && o.Version == 1).Select(o => o.CreatedAt).First(),
                db.Documents.Where(Document.ValidEvidence).Any(d => d.VehicleId == e.VehicleId && d.EntryGroupId == e.GroupId)
                    && !db.Documents.Any(d => d.VehicleId == e.VehicleId && d.EntryGroupId == e.GroupId && d.DeletedAt == null && d.Pii != PiiState.Ok),
                e.ImportRunId != null, e.RequiredFieldsMissing)));

    /// <summary>When the vehicle changed hands: redeemed handover codes and completed ownership claims.</summary>
    private static readonly Func<AppDbContext, long, IAsyncEnumerable<DateTimeOffset>> HandoverTimes = EF.CompileAsyncQuery(
        (AppDbContext db, long vehicleId) => db.Transfers
            .Where(t => t.VehicleId == vehicleId && t.Status == LifeTimeCircle.Domain.Transfers.TransferStatus.Redeemed && t.RedeemedAt != null)
            .Select(t => t.RedeemedAt!.Value)
            .Concat(db.OwnershipClaims
                .Where(c => c.VehicleId == vehicleId && c.Status == LifeTimeCircle.Domain.Transfers.ClaimStatus.Completed && c.ClosedAt != null)
                .Select(c => c.ClosedAt!.Value)));

    /// <summary>Open odometer flags with the flagged entry, oldest first (at most 50).</summary>
    public static readonly Func<AppDbContext, long, IAsyncEnumerable<IndexModel.FlagRow>> OpenFlags = EF.CompileAsyncQuery(
        (AppDbContext db, long vehicleId) => (from f in db.OdometerFlags
                                              join e in db.Entries on f.EntryId equals e.Id
                                              where f.VehicleId == vehicleId && f.ResolvedAt == null
                                              orderby e.Date
                                              select new IndexModel.FlagRow(f.PublicId, e.GroupId, e.Date, e.OdometerKm, f.Kind, f.ReferenceKm, f.ReferenceDate, f.ReferenceGroupId))
            .Take(50));

    /// <summary>The keys of the entries after (date, id), oldest first, up to a page + 1.</summary>
    private static readonly Func<AppDbContext, long, DateOnly, long, IAsyncEnumerable<Key>> NewerKeys = EF.CompileAsyncQuery(
        (AppDbContext db, long vehicleId, DateOnly date, long id) => db.Entries.AsNoTracking()
            .Where(e => e.VehicleId == vehicleId && e.IsLatest && e.Date >= date && (e.Date > date || e.Id > id))
            .OrderBy(e => e.Date).ThenBy(e => e.Id).Take(PageSize + 1).Select(e => new Key(e.Date, e.Id)));
}
