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
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PageCache.PolicyName)]
public sealed class IndexModel(AppDbContext db, AuditWriter audit, LifeTimeCircle.Infrastructure.Vehicles.EntryWriter writer) : PageModel
{
    // Longer than 80 lines: the view helpers of the timeline (Timeline, LevelOf, Vorbesitz) and the odometer confirmation; the reads are in TimelineReads.
    public const int PageSize = TimelineReads.PageSize;

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
        int OdometerKm, long? CostCents, bool IsNachtrag, int Version, string? ProposedByBusinessName, string CreatedBy, DateTimeOffset CreatedAt, bool Evidenced,
        bool Imported = false, bool RequiredFieldsMissing = false);

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
        (Rows, HasOlder, HasNewer) = await TimelineReads.PageAsync(db, vehicle.Id, Before, After, ct);
        OwnerId = vehicle.OwnerId;
        OwnedSince = vehicle.OwnedSince;
        Handovers = await TimelineReads.HandoversAsync(db, vehicle.Id, Rows, HasOlder, HasNewer, ct);
        Flags = await TimelineReads.OpenFlags(db, vehicle.Id).ToListAsync(ct);
    }

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

    public EntryTrustLevel LevelOf(Row row) => Entry.TrustLevel(row.Evidenced, HasServiceBook && !row.Imported);
}
