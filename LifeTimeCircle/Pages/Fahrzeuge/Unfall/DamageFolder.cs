using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Documents.Thumbnails;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Unfall;

/// <summary>What the damage event form posts; the date stays a string so nothing typed is lost.</summary>
public sealed class DamageInput
{
    [Required(ErrorMessage = "Bitte geben Sie das Datum des Schadens an (TT.MM.JJJJ).")]
    [StringLength(20, ErrorMessage = "Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 14.03.2024.")]
    public string OccurredOn { get; set; } = "";

    [Required(ErrorMessage = "Bitte beschreiben Sie, was beschädigt wurde.")]
    [StringLength(DamageEvent.MaxDamageLength, ErrorMessage = "Höchstens 300 Zeichen.")]
    public string Damage { get; set; } = "";

    [StringLength(DamageEvent.MaxPerformedByLength, ErrorMessage = "Höchstens 120 Zeichen.")]
    public string? PerformedBy { get; set; }

    private static readonly string[] DateFormats = ["d.M.yyyy", "dd.MM.yyyy", "yyyy-MM-dd", "d.M.yy"];

    /// <summary>The new event, or null with German errors under "Input.*".</summary>
    public DamageEvent? ToEvent(long vehicleId, DateOnly today, DateTimeOffset now, ModelStateDictionary state)
    {
        if (!state.IsValid) return null;
        if (!DateOnly.TryParseExact(OccurredOn.Trim(), DateFormats, Display.Culture, DateTimeStyles.None, out var date))
        {
            state.AddModelError("Input." + nameof(OccurredOn), "Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 14.03.2024.");
            return null;
        }
        try
        {
            return new DamageEvent(vehicleId, date, Damage, PerformedBy, today, now);
        }
        catch (DomainException ex)
        {
            state.AddModelError("Input." + (ex.Field ?? ""), ex.Message);
            return null;
        }
    }
}

/// <summary>One linked document as the folder shows it.</summary>
public sealed record LinkedDocument(string DocId, DamageEvidenceRole Role, string Title, string State, bool Counts, bool IsImage);

/// <summary>A damage event with its documents and whether it is „behoben und dokumentiert“.</summary>
public sealed record DamageView(string PublicId, DateOnly OccurredOn, string Damage, string? PerformedBy, IReadOnlyList<LinkedDocument> Documents)
{
    public bool RepairDocumented => AccidentFolder.IsRepairDocumented(Documents.Where(d => d.Counts).Select(d => d.Role).ToHashSet());
    public bool HasGutachten => Documents.Any(d => d.Counts && d.Role == DamageEvidenceRole.Gutachten);
}

/// <summary>Reads and the link rule of the Unfall-Trust folder pages (ADR 0023).</summary>
public static class DamageFolder
{
    public static string Title(Document d) => $"{DocumentTexts.Kind(d.Kind)} · {d.OriginalFileName}";

    /// <summary>The vehicle's damage events, newest first, with their linked documents (one event when <paramref name="eventPublicId"/> is given).</summary>
    public static async Task<List<DamageView>> EventsAsync(AppDbContext db, long vehicleId, string? eventPublicId, CancellationToken ct)
    {
        var events = await db.DamageEvents.AsNoTracking().Where(e => e.VehicleId == vehicleId && (eventPublicId == null || e.PublicId == eventPublicId))
            .OrderByDescending(e => e.OccurredOn).ThenByDescending(e => e.Id).ToListAsync(ct);
        var eventIds = events.Select(e => e.Id).ToList();
        var links = await db.DamageEvidence.AsNoTracking().Where(x => eventIds.Contains(x.DamageEventId))
            .Join(db.Documents.AsNoTracking(), x => x.DocumentId, d => d.Id, (x, d) => new { x.DamageEventId, x.Role, Doc = d })
            .OrderBy(x => x.Doc.UploadedAt).ThenBy(x => x.Doc.Id).ToListAsync(ct);
        var byEvent = links.ToLookup(x => x.DamageEventId, x => new LinkedDocument(x.Doc.PublicId, x.Role, Title(x.Doc), DocumentTexts.State(x.Doc),
            x.Doc.IsValidEvidence && DamageTexts.Misfit(x.Role, x.Doc.Kind, x.Doc.ContentType.StartsWith("image/", StringComparison.Ordinal)) is null,
            x.Doc.ContentType.StartsWith("image/", StringComparison.Ordinal)));
        return events.Select(e => new DamageView(e.PublicId, e.OccurredOn, e.Damage, e.PerformedBy, byEvent[e.Id].ToList())).ToList();
    }

    /// <summary>Previews of the event's linked photos by document id (ADR 0022), for <c>_FolderPhoto</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, ThumbnailView>> PhotoThumbnailsAsync(AppDbContext db, Vehicle vehicle, DamageView damage, CancellationToken ct)
    {
        var photos = damage.Documents.Where(d => DamageTexts.IsPhoto(d.Role) && d.IsImage).Select(d => d.DocId).ToList();
        return (await ThumbnailView.LoadAsync(db, vehicle.PublicId, db.Documents.Where(d => d.VehicleId == vehicle.Id && photos.Contains(d.PublicId)), ct))
            .ToDictionary(t => t.DocumentId);
    }

    /// <summary>
    /// Links a document of the same vehicle in a role. Returns the link (added to the context), or the field and its German error. Photos
    /// must be images; deleted or rejected documents cannot be linked; a document once per event.
    /// </summary>
    public static async Task<(DamageEvidence? Link, string Field, string Error)> LinkAsync(AppDbContext db, DamageEvent damage, string? docId, DamageEvidenceRole? role,
        DateTimeOffset now, CancellationToken ct)
    {
        if (role is not { } r || !Enum.IsDefined(r)) return (null, "Role", "Bitte wählen Sie aus der Liste, was das Dokument belegt.");
        var doc = await FolderDocuments.FindAsync(db, damage.VehicleId, docId, ct);
        if (doc is null) return (null, "DocId", FolderDocuments.ChooseMessage);
        if (DamageTexts.Misfit(r, doc.Kind, FolderDocuments.IsImage(doc)) is { } misfit) return (null, "DocId", misfit);
        if (await db.DamageEvidence.AnyAsync(x => x.DamageEventId == damage.Id && x.DocumentId == doc.Id, ct))
            return (null, "DocId", "Dieses Dokument gehört schon zu diesem Schaden.");
        var link = new DamageEvidence(damage.VehicleId, damage.Id, doc.Id, r, now);
        db.DamageEvidence.Add(link);
        return (link, "", "");
    }

    /// <summary>Documents of the vehicle that can still be linked to the event (not deleted, not rejected, not linked yet), newest first.</summary>
    public static Task<List<(string DocId, string Title)>> CandidatesAsync(AppDbContext db, long vehicleId, string eventPublicId, CancellationToken ct) =>
        FolderDocuments.ChoicesAsync(FolderDocuments.Linkable(db, vehicleId)
            .Where(d => !db.DamageEvidence.Any(x => x.DocumentId == d.Id && db.DamageEvents.Any(e => e.Id == x.DamageEventId && e.PublicId == eventPublicId))), ct);
}
