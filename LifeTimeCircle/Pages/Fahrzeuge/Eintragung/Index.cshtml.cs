using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Eintragung;

/// <summary>Tab „Eintragung“: the timeline (latest version of each entry, paginated) and open odometer flags.</summary>
public sealed class IndexModel(AppDbContext db, AuditWriter audit, LifeTimeCircle.Infrastructure.Vehicles.EntryWriter writer,
    LifeTimeCircle.Infrastructure.Vehicles.VehicleTrust trust) : PageModel
{
    // Longer than 80 lines: the timeline with its trust levels and the odometer confirmation share one owner check; trust comes from VehicleTrust.
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
        int OdometerKm, long? CostCents, bool IsNachtrag, int Version, string CreatedBy, DateTimeOffset CreatedAt);

    public sealed record FlagRow(string PublicId, string EntryGroupId, DateOnly Date, int Km, OdometerFlagKind Kind, int ReferenceKm, DateOnly ReferenceDate,
        string? ReferenceGroupId);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).AsNoTracking().SingleOrDefaultAsync(ct);
        if (vehicle is null) return NotFound();
        await LoadAsync(vehicle, ct);
        return Page();
    }

    /// <summary>The owner confirms that a flagged reading is correct.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(string id, CancellationToken ct)
    {
        var vehicle = await db.OwnedVehicle(User.UserId(), id).AsNoTracking().SingleOrDefaultAsync(ct);
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
        var key = cursor is null ? null : await db.Entries.AsNoTracking()
            .Where(e => e.VehicleId == vehicle.Id && e.IsLatest && e.GroupId == cursor)
            .Select(e => new { e.Date, e.Id }).SingleOrDefaultAsync(ct);
        var latest = db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicle.Id && e.IsLatest);
        List<Row> rows;
        if (key is not null && Before is not null)
        {
            rows = await Project(latest.Where(e => e.Date <= key.Date && (e.Date < key.Date || e.Id < key.Id))
                .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Take(PageSize + 1)).ToListAsync(ct);
            (HasOlder, HasNewer) = (rows.Count > PageSize, true);
        }
        else if (key is not null)
        {
            rows = await Project(latest.Where(e => e.Date >= key.Date && (e.Date > key.Date || e.Id > key.Id))
                .OrderBy(e => e.Date).ThenBy(e => e.Id).Take(PageSize + 1)).ToListAsync(ct);
            (HasNewer, HasOlder) = (rows.Count > PageSize, true);
            rows = rows.Take(PageSize).Reverse().ToList();
        }
        else
        {
            rows = await Project(latest.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Take(PageSize + 1)).ToListAsync(ct);
            (HasOlder, HasNewer) = (rows.Count > PageSize, false);
        }
        Rows = rows.Take(PageSize).ToList();
        OwnerId = vehicle.OwnerId;
        OwnedSince = vehicle.OwnedSince;
        // Changes of owner are system entries of the timeline, placed among the entries of this page by their day.
        var handovers = await db.Transfers.AsNoTracking()
            .Where(t => t.VehicleId == vehicle.Id && t.Status == LifeTimeCircle.Domain.Transfers.TransferStatus.Redeemed && t.RedeemedAt != null)
            .Select(t => t.RedeemedAt!.Value).ToListAsync(ct);
        handovers.AddRange(await db.OwnershipClaims.AsNoTracking()
            .Where(c => c.VehicleId == vehicle.Id && c.Status == LifeTimeCircle.Domain.Transfers.ClaimStatus.Completed && c.ClosedAt != null)
            .Select(c => c.ClosedAt!.Value).ToListAsync(ct));
        DateOnly? upper = !HasNewer || Rows.Count == 0 ? null : Rows[0].Date;
        DateOnly? lower = HasOlder && Rows.Count > 0 ? Rows[^1].Date : null;
        Handovers = handovers.Select(Display.BerlinDate)
            .Where(d => (upper is null || d <= upper) && (lower is null || d > lower))
            .OrderByDescending(d => d).ToList();
        Evidenced = await trust.EvidencedGroupsAsync(vehicle.Id, Rows.Select(r => r.GroupId).ToList(), ct);
        Flags = await (from f in db.OdometerFlags.AsNoTracking()
                       join e in db.Entries on f.EntryId equals e.Id
                       where f.VehicleId == vehicle.Id && f.ResolvedAt == null
                       orderby e.Date
                       select new FlagRow(f.PublicId, e.GroupId, e.Date, e.OdometerKm, f.Kind, f.ReferenceKm, f.ReferenceDate, f.ReferenceGroupId))
            .Take(50).ToListAsync(ct);
    }

    public HashSet<string> Evidenced { get; private set; } = [];

    /// <summary>
    /// The rows of a page. Author and time of version 1: an entry of the previous ownership stays „Vorbesitz“ after the
    /// new owner corrects it.
    /// </summary>
    private IQueryable<Row> Project(IQueryable<Entry> page) =>
        page.Select(e => new Row(e.GroupId, e.Date, e.Category, e.PerformedBy, e.PerformedByName, e.OdometerKm, e.CostCents, e.IsNachtrag, e.Version,
            db.Entries.Where(o => o.VehicleId == e.VehicleId && o.GroupId == e.GroupId && o.Version == 1).Select(o => o.CreatedBy).First(),
            db.Entries.Where(o => o.VehicleId == e.VehicleId && o.GroupId == e.GroupId && o.Version == 1).Select(o => o.CreatedAt).First()));

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

    public EntryTrustLevel LevelOf(Row row) => Entry.TrustLevel(Evidenced.Contains(row.GroupId), HasServiceBook);
}
