using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Eintragung;

/// <summary>Tab „Eintragung“: the timeline (latest version of each entry, paginated) and open odometer flags.</summary>
public sealed class IndexModel(AppDbContext db, AuditWriter audit, LifeTimeCircle.Infrastructure.Vehicles.EntryWriter writer) : PageModel
{
    // Longer than 80 lines: the timeline (one compiled query with the trust level inputs per row) and the odometer confirmation share one owner check.
    public const int PageSize = 50;

    /// <summary>Keyset cursor (issue 13): entries older than this entry (its public group id), instead of an OFFSET page number.</summary>
    [BindProperty(SupportsGet = true, Name = "vor")]
    public string? Before { get; set; }

    /// <summary>Keyset cursor: entries newer than this entry.</summary>
    [BindProperty(SupportsGet = true, Name = "nach")]
    public string? After { get; set; }

    [BindProperty]
    public string? FlagId { get; set; }

    public TabsModel Tabs { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<FlagRow> Flags { get; private set; } = [];
    public bool HasOlder { get; private set; }
    public bool HasNewer { get; private set; }
    public bool HasServiceBook { get; private set; }

    public sealed record Row(string GroupId, DateOnly Date, EntryCategory Category, BusinessType PerformedBy, string? PerformedByName,
        int OdometerKm, long? CostCents, bool IsNachtrag, int Version, string? ProposedByBusinessName, string CreatedBy, DateTimeOffset CreatedAt, bool Evidenced);

    public sealed record FlagRow(string PublicId, string EntryGroupId, DateOnly Date, int Km, OdometerFlagKind Kind, int ReferenceKm, DateOnly ReferenceDate,
        string? ReferenceGroupId);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        await LoadAsync(vehicle, ct);
        return Page();
    }

    /// <summary>The owner confirms that a flagged reading is correct.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicleForReadAsync(User.UserId(), id, ct);
        if (vehicle is null) return NotFound();
        var flag = await writer.ConfirmOdometerAsync(vehicle.Id, FlagId, ct);
        if (flag is null) return NotFound();
        await audit.WriteAsync(AuditActions.OdometerConfirmed, "ENTRY", flag.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["vehicle"] = vehicle.PublicId }, ct: ct);
        TempData["StatusMessage"] = "Kilometerstand bestätigt.";
        return RedirectToPage("/Fahrzeuge/Eintragung/Index", new { id = vehicle.PublicId });
    }

    private async Task LoadAsync(Vehicle vehicle, CancellationToken ct)
    {
        Tabs = new TabsModel(vehicle.PublicId, "Eintragung", vehicle.DisplayName, vehicle.VinMasked);
        HasServiceBook = vehicle.HasPhysicalServiceBook;
        // Keyset pagination over the partial index (VehicleId, Date, Id) WHERE IsLatest: every page is one index seek,
        // however deep. An unknown cursor shows the newest entries.
        var cursor = Before ?? After;
        var key = cursor is null ? null : await CursorKey(db, vehicle.Id, cursor, ct);
        if (key is not null && Before is null)
        {
            // „Neuere Einträge“: the page that ends with the 50th entry after the cursor (or the newest page).
            var newer = new List<Key>(PageSize + 1);
            await foreach (var k in NewerKeys(db, vehicle.Id, key.Date, key.Id).WithCancellation(ct)) newer.Add(k);
            HasNewer = newer.Count > PageSize;
            key = HasNewer ? newer[PageSize - 1] with { Id = newer[PageSize - 1].Id + 1 } : null;
        }
        var rows = new List<Row>(PageSize + 1);
        await foreach (var row in PageFrom(db, vehicle.Id, key?.Date ?? DateOnly.MaxValue, key?.Id ?? long.MaxValue).WithCancellation(ct)) rows.Add(row);
        HasOlder = rows.Count > PageSize;
        HasNewer |= Before is not null && key is not null;
        Rows = rows.Take(PageSize).ToList();
        OwnerId = vehicle.OwnerId;
        OwnedSince = vehicle.OwnedSince;
        // Changes of owner are system entries of the timeline, placed among the entries of this page by their day.
        var handovers = new List<DateTimeOffset>();
        await foreach (var at in HandoverTimes(db, vehicle.Id).WithCancellation(ct)) handovers.Add(at);
        DateOnly? upper = !HasNewer || Rows.Count == 0 ? null : Rows[0].Date;
        DateOnly? lower = HasOlder && Rows.Count > 0 ? Rows[^1].Date : null;
        Handovers = handovers.Select(Display.BerlinDate)
            .Where(d => (upper is null || d <= upper) && (lower is null || d > lower))
            .OrderByDescending(d => d).ToList();
        var flags = new List<FlagRow>();
        await foreach (var flag in OpenFlags(db, vehicle.Id).WithCancellation(ct)) flags.Add(flag);
        Flags = flags;
    }

    // The page's queries are compiled once (issue 13): no expression tree is built, walked and looked up per request.
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
    private static readonly Func<AppDbContext, long, DateOnly, long, IAsyncEnumerable<Row>> PageFrom = EF.CompileAsyncQuery(
        (AppDbContext db, long vehicleId, DateOnly date, long id) => db.Entries.AsNoTracking()
            .Where(e => e.VehicleId == vehicleId && e.IsLatest && e.Date <= date && (e.Date < date || e.Id < id))
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Take(PageSize + 1)
            .Select(e => new Row(e.GroupId, e.Date, e.Category, e.PerformedBy, e.PerformedByName, e.OdometerKm, e.CostCents, e.IsNachtrag, e.Version, e.ProposedByBusinessName,
                db.Entries.Where(o => o.VehicleId == e.VehicleId && o.GroupId == e.GroupId && o.Version == 1).Select(o => o.CreatedBy).First(),
                db.Entries.Where(o => o.VehicleId == e.VehicleId && o.GroupId == e.GroupId && o.Version == 1).Select(o => o.CreatedAt).First(),
                db.Documents.Where(Document.ValidEvidence).Any(d => d.VehicleId == e.VehicleId && d.EntryGroupId == e.GroupId)
                    && !db.Documents.Any(d => d.VehicleId == e.VehicleId && d.EntryGroupId == e.GroupId && d.DeletedAt == null && d.Pii != PiiState.Ok))));

    /// <summary>When the vehicle changed hands: redeemed handover codes and completed ownership claims.</summary>
    private static readonly Func<AppDbContext, long, IAsyncEnumerable<DateTimeOffset>> HandoverTimes = EF.CompileAsyncQuery(
        (AppDbContext db, long vehicleId) => db.Transfers
            .Where(t => t.VehicleId == vehicleId && t.Status == LifeTimeCircle.Domain.Transfers.TransferStatus.Redeemed && t.RedeemedAt != null)
            .Select(t => t.RedeemedAt!.Value)
            .Concat(db.OwnershipClaims
                .Where(c => c.VehicleId == vehicleId && c.Status == LifeTimeCircle.Domain.Transfers.ClaimStatus.Completed && c.ClosedAt != null)
                .Select(c => c.ClosedAt!.Value)));

    /// <summary>Open odometer flags with the flagged entry, oldest first (at most 50).</summary>
    private static readonly Func<AppDbContext, long, IAsyncEnumerable<FlagRow>> OpenFlags = EF.CompileAsyncQuery(
        (AppDbContext db, long vehicleId) => (from f in db.OdometerFlags
                                              join e in db.Entries on f.EntryId equals e.Id
                                              where f.VehicleId == vehicleId && f.ResolvedAt == null
                                              orderby e.Date
                                              select new FlagRow(f.PublicId, e.GroupId, e.Date, e.OdometerKm, f.Kind, f.ReferenceKm, f.ReferenceDate, f.ReferenceGroupId))
            .Take(50));

    /// <summary>The keys of the entries after (date, id), oldest first, up to a page + 1.</summary>
    private static readonly Func<AppDbContext, long, DateOnly, long, IAsyncEnumerable<Key>> NewerKeys = EF.CompileAsyncQuery(
        (AppDbContext db, long vehicleId, DateOnly date, long id) => db.Entries.AsNoTracking()
            .Where(e => e.VehicleId == vehicleId && e.IsLatest && e.Date >= date && (e.Date > date || e.Id > id))
            .OrderBy(e => e.Date).ThenBy(e => e.Id).Take(PageSize + 1).Select(e => new Key(e.Date, e.Id)));

    /// <summary>Days on which the vehicle changed hands (system entries „Halterwechsel am …“), newest first.</summary>
    public IReadOnlyList<DateOnly> Handovers { get; private set; } = [];
    public string OwnerId { get; private set; } = "";
    public DateTimeOffset? OwnedSince { get; private set; }

    /// <summary>The entry was first written during an earlier ownership: „Vorbesitz“ (no name of anybody).</summary>
    public bool IsPreviousOwnership(Row row) => Vehicle.IsPreviousOwnership(row.CreatedBy, row.CreatedAt, OwnerId, OwnedSince);

    /// <summary>The timeline of this page: system entries before the entries of the same or an earlier day.</summary>
    public IEnumerable<(Row? Entry, DateOnly? Handover)> Timeline()
    {
        var pending = new Queue<DateOnly>(Handovers);
        foreach (var row in Rows)
        {
            while (pending.Count > 0 && pending.Peek() >= row.Date) yield return (null, pending.Dequeue());
            yield return (row, null);
        }
        while (pending.Count > 0) yield return (null, pending.Dequeue());
    }

    public EntryTrustLevel LevelOf(Row row) => Entry.TrustLevel(row.Evidenced, HasServiceBook);
}
