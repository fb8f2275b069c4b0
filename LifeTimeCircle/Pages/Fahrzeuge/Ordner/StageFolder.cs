using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Addons;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Addons;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Pages.Fahrzeuge.Ordner;

/// <summary>What the stage form posts; dates and cost stay strings so nothing typed is lost.</summary>
public sealed class StageInput
{
    public StageKind? Kind { get; set; }

    [StringLength(RestorationStage.MaxTitleLength, ErrorMessage = "Höchstens 80 Zeichen.")]
    public string? Title { get; set; }

    [Required(ErrorMessage = "Bitte geben Sie den Beginn an (TT.MM.JJJJ).")]
    [StringLength(20, ErrorMessage = "Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 14.03.2024.")]
    public string StartedOn { get; set; } = "";

    [StringLength(20, ErrorMessage = "Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 14.03.2024.")]
    public string? EndedOn { get; set; }

    [StringLength(RestorationStage.MaxPerformedByLength, ErrorMessage = "Höchstens 120 Zeichen.")]
    public string? PerformedBy { get; set; }

    [StringLength(RestorationStage.MaxDescriptionLength, ErrorMessage = "Höchstens 2000 Zeichen.")]
    public string? Description { get; set; }

    [StringLength(30, ErrorMessage = "Bitte geben Sie einen Betrag wie 1.234,56 oder 1234.56 ein.")]
    public string? Cost { get; set; }

    public static StageInput From(RestorationStage s) => new()
    {
        Kind = s.Kind, Title = s.Title, StartedOn = Display.Date(s.StartedOn), EndedOn = s.EndedOn is { } e ? Display.Date(e) : null,
        PerformedBy = s.PerformedBy, Description = s.Description, Cost = s.CostCents is { } c ? Money.ToInput(c) : null,
    };

    /// <summary>Applies the input to the stage; false with German errors under "Input.*" (the stage is left unchanged then).</summary>
    public bool ApplyTo(RestorationStage stage, DateOnly today, DateTimeOffset now, ModelStateDictionary state)
    {
        if (state.GetFieldValidationState("Input." + nameof(Kind)) == ModelValidationState.Invalid || Kind is not { } kind || !Enum.IsDefined(kind))
        {
            state.Remove("Input." + nameof(Kind));
            state.AddModelError("Input." + nameof(Kind), "Bitte wählen Sie eine Etappe aus der Liste.");
        }
        var started = StageFolder.ParseDate(StartedOn, "Input." + nameof(StartedOn), state, required: true);
        var ended = StageFolder.ParseDate(EndedOn, "Input." + nameof(EndedOn), state, required: false);
        long? cents = null;
        if (!string.IsNullOrWhiteSpace(Cost))
        {
            if (Money.TryParseToCents(Cost, out var c)) cents = c;
            else if (state.GetFieldValidationState("Input." + nameof(Cost)) != ModelValidationState.Invalid) state.AddModelError("Input." + nameof(Cost), "Bitte geben Sie einen Betrag wie 1.234,56 oder 1234.56 ein. Kosten können nicht negativ sein.");
        }
        if (!state.IsValid) return false;
        try
        {
            stage.Update(Kind!.Value, Title, started!.Value, ended, PerformedBy, Description, cents, today, now);
            return true;
        }
        catch (DomainException ex)
        {
            state.AddModelError("Input." + (ex.Field ?? ""), ex.Message);
            return false;
        }
    }
}

/// <summary>One linked document as the stage shows it.</summary>
public sealed record StageDocument(string DocId, StageEvidenceRole Role, string Title, string State, bool Counts, bool IsImage);

public sealed record MilestoneView(string PublicId, DateOnly On, string Text);

/// <summary>A stage with its milestones and documents; „belegt“ with at least one document that is valid evidence.</summary>
public sealed record StageView(string PublicId, StageKind Kind, string Name, DateOnly StartedOn, DateOnly? EndedOn, string? PerformedBy, string? Description,
    long? CostCents, IReadOnlyList<MilestoneView> Milestones, IReadOnlyList<StageDocument> Documents)
{
    public bool Evidenced => RestorationFolder.IsEvidenced(Documents.Count(d => d.Counts));
    public string Period => EndedOn is { } end ? $"{Display.Date(StartedOn)} – {Display.Date(end)}" : $"seit {Display.Date(StartedOn)}";
    public IEnumerable<StageDocument> Photos(StageEvidenceRole role) => Documents.Where(d => d.Role == role && d.IsImage);
}

/// <summary>The vehicle and add-on of a folder page, and what the gate says for the signed-in owner.</summary>
public sealed record FolderContext(Vehicle Vehicle, string Key, AddonDecision Decision)
{
    /// <summary>Activated on this vehicle once (grandfathered): only then stages can be read or changed.</summary>
    public bool Activated => Decision == AddonDecision.Grandfathered;
    public string Name => StageTexts.Folder(Key);
    public TabsModel Tabs => new(Vehicle.PublicId, "Fahrzeug", Vehicle.DisplayName, Vehicle.VinMasked);
}

/// <summary>Reads and rules of the Oldtimer- and Restauration-Trust folder pages (ADR 0023 §3).</summary>
public static class StageFolder
{
    private static readonly string[] DateFormats = ["d.M.yyyy", "dd.MM.yyyy", "yyyy-MM-dd", "d.M.yy"];

    /// <summary>
    /// The owner's vehicle and the gate's decision for the add-on in the route; null (→ 404) for another owner's or an
    /// unknown vehicle and for an unknown folder name. Reads only: a GET never activates anything.
    /// </summary>
    public static async Task<FolderContext?> FindAsync(AppDbContext db, AddonAccess addons, ClaimsPrincipal user, string id, string ordner, CancellationToken ct)
    {
        if (!AddonKeys.IsKnown(ordner)) return null;
        var vehicle = await db.OwnedVehicleForReadAsync(user.UserId(), id, ct);
        if (vehicle is null) return null;
        return new FolderContext(vehicle, ordner, await addons.CheckAsync(vehicle.Id, ordner, Actor(user), ct));
    }

    public static AddonActor Actor(ClaimsPrincipal user) => AddonActor.From(user.FindAll(ClaimTypes.Role).Select(c => c.Value));

    /// <summary>
    /// Every stage handler's check: the owner's vehicle, the folder activated on it (the gate, server-side on every GET
    /// and POST) and the stage of this vehicle and folder (tracked). Null (→ 404) otherwise.
    /// </summary>
    public static async Task<(FolderContext Folder, RestorationStage Stage)?> FindStageAsync(AppDbContext db, AddonAccess addons, ClaimsPrincipal user,
        string id, string ordner, string? stageId, CancellationToken ct)
    {
        if (await FindAsync(db, addons, user, id, ordner, ct) is not { Activated: true } folder) return null;
        var stage = await db.RestorationStages.SingleOrDefaultAsync(s => s.VehicleId == folder.Vehicle.Id && s.AddonKey == folder.Key && s.PublicId == stageId, ct);
        return stage is null ? null : (folder, stage);
    }

    public static Dictionary<string, object?> AuditData(FolderContext folder, RestorationStage stage) =>
        new() { ["vehicle"] = folder.Vehicle.PublicId, ["addon"] = folder.Key, ["kind"] = stage.Kind.ToString() };

    public static DateOnly? ParseDate(string? input, string field, ModelStateDictionary state, bool required)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            if (required && state.GetFieldValidationState(field) != ModelValidationState.Invalid) state.AddModelError(field, "Bitte geben Sie das Datum an (TT.MM.JJJJ).");
            return null;
        }
        if (DateOnly.TryParseExact(input.Trim(), DateFormats, Display.Culture, DateTimeStyles.None, out var date)) return date;
        if (state.GetFieldValidationState(field) != ModelValidationState.Invalid)
            state.AddModelError(field, "Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 14.03.2024.");
        return null;
    }

    public static string Title(Document d) => $"{DocumentTexts.Kind(d.Kind)} · {d.OriginalFileName}";

    /// <summary>The folder's stages in date order with milestones and documents (one stage when <paramref name="stageId"/> is given).</summary>
    public static async Task<List<StageView>> StagesAsync(AppDbContext db, long vehicleId, string key, string? stageId, CancellationToken ct)
    {
        var stages = await db.RestorationStages.AsNoTracking().Where(s => s.VehicleId == vehicleId && s.AddonKey == key && (stageId == null || s.PublicId == stageId))
            .OrderBy(s => s.StartedOn).ThenBy(s => s.Id).ToListAsync(ct);
        var ids = stages.Select(s => s.Id).ToList();
        var milestones = (await db.StageMilestones.AsNoTracking().Where(m => ids.Contains(m.StageId)).OrderBy(m => m.On).ThenBy(m => m.Id).ToListAsync(ct))
            .ToLookup(m => m.StageId, m => new MilestoneView(m.PublicId, m.On, m.Text));
        var links = await db.StageEvidence.AsNoTracking().Where(x => ids.Contains(x.StageId))
            .Join(db.Documents.AsNoTracking(), x => x.DocumentId, d => d.Id, (x, d) => new { x.StageId, x.Role, Doc = d })
            .OrderBy(x => x.Doc.UploadedAt).ThenBy(x => x.Doc.Id).ToListAsync(ct);
        var docs = links.ToLookup(x => x.StageId, x => new StageDocument(x.Doc.PublicId, x.Role, Title(x.Doc), DocumentTexts.State(x.Doc),
            x.Doc.IsValidEvidence && StageTexts.Counts(x.Role, x.Doc.Kind, x.Doc.ContentType.StartsWith("image/", StringComparison.Ordinal)),
            x.Doc.ContentType.StartsWith("image/", StringComparison.Ordinal)));
        return stages.Select(s => new StageView(s.PublicId, s.Kind, s.Name, s.StartedOn, s.EndedOn, s.PerformedBy, s.Description, s.CostCents,
            milestones[s.Id].ToList(), docs[s.Id].ToList())).ToList();
    }

    /// <summary>
    /// Links a document of the same vehicle in a role: the link (added to the context), or the field and its German error.
    /// Photos must be images; deleted or rejected documents cannot be linked; a document once per stage.
    /// </summary>
    public static async Task<(StageEvidence? Link, string Field, string Error)> LinkAsync(AppDbContext db, RestorationStage stage, string? docId, StageEvidenceRole? role,
        DateTimeOffset now, CancellationToken ct)
    {
        if (role is not { } r || !Enum.IsDefined(r)) return (null, "Role", "Bitte wählen Sie aus der Liste, was das Dokument zeigt.");
        var doc = await FolderDocuments.FindAsync(db, stage.VehicleId, docId, ct);
        if (doc is null) return (null, "DocId", FolderDocuments.ChooseMessage);
        if (StageTexts.Misfit(r, doc.Kind, FolderDocuments.IsImage(doc)) is { } misfit) return (null, "DocId", misfit);
        if (await db.StageEvidence.AnyAsync(x => x.StageId == stage.Id && x.DocumentId == doc.Id, ct))
            return (null, "DocId", "Dieses Dokument gehört schon zu dieser Etappe.");
        var link = new StageEvidence(stage.VehicleId, stage.Id, doc.Id, r, now);
        db.StageEvidence.Add(link);
        return (link, "", "");
    }

    /// <summary>Documents of the vehicle that can still be linked to the stage (not deleted, not rejected, not linked yet), newest first.</summary>
    public static Task<List<(string DocId, string Title)>> CandidatesAsync(AppDbContext db, long vehicleId, long stageId, CancellationToken ct) =>
        FolderDocuments.ChoicesAsync(FolderDocuments.Linkable(db, vehicleId).Where(d => !db.StageEvidence.Any(x => x.DocumentId == d.Id && x.StageId == stageId)), ct);
}
