using System.Globalization;
using System.Text.Json;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Reminders;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Infrastructure.Vehicles;
using Microsoft.EntityFrameworkCore;
using LifeTimeCircle.Web;

namespace LifeTimeCircle.Infrastructure.Exports;

/// <summary>
/// What goes into each export (SPEC §8). PDFs and the redacted JSON never contain the full VIN, e-mail addresses or
/// free text (remarks, names, nickname); only approved, clean, PII-free documents are referenced. The full export
/// and the account export contain everything of the owner and are stored encrypted.
/// </summary>
public sealed class ExportContent(AppDbContext db, VehicleTrust trust, VinProtector vins, DocumentStorage documents, TimeProvider clock, PublicUrls urls, ReminderBoard reminders)
{
    public const string Disclaimer = TrustEngine.Disclaimer;

    // Umlauts stay readable in the files; HTML-sensitive characters are still escaped.
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };


    /// <summary>Writes the job's file; for a Trust-Zertifikat returns what it certifies (the processor stores it with the file's hash).</summary>
    public async Task<CertificateFacts?> WriteAsync(ExportJob job, Stream output, Func<int, Task> progress, CancellationToken ct)
    {
        if (job.Type == ExportType.Konto)
        {
            await WriteAccountAsync(job, output, ct);
            return null;
        }
        var vehicle = await db.Vehicles.AsNoTracking().SingleOrDefaultAsync(v => v.Id == job.VehicleId && v.OwnerId == job.RequestedBy, ct)
            ?? throw new DomainException("Das Fahrzeug gehört nicht mehr zu diesem Konto.");
        switch (job.Type)
        {
            case ExportType.QrPdf: WriteQrPdf(job, vehicle, output); break;
            case ExportType.Inserat: await WriteListingAsync(vehicle, output, ct); break;
            case ExportType.TrustZertifikat: return await WriteCertificateAsync(job, vehicle, output, progress, ct);
            case ExportType.Wartungsstand: await WriteMaintenanceAsync(job, vehicle, output, progress, ct); break;
            case ExportType.DatenRedigiert: await WriteVehicleJsonAsync(vehicle, output, full: false, ct); break;
            case ExportType.DatenVoll: await WriteVehicleJsonAsync(vehicle, output, full: true, ct); break;
            default: throw new InvalidOperationException("Unbekannter Exporttyp.");
        }
        return null;
    }

    // Links come from LTC_PUBLIC_URL at the time the file is made, never from the Host a request came in on.
    private string PublicUrl(Vehicle vehicle) => urls.MiniCheck(vehicle.ShareToken!);

    private static PdfVehicle VehicleBlock(Vehicle v) =>
        // The coarse engine/drive list value only; the owner's free-text note stays private (issue 22).
        new(v.Make, v.Model, v.BuildYear, VehicleTexts.Class(v.Class), EngineDriveTexts.Coarse(v.Engine, v.Drive), v.VinMasked, VehicleTexts.Accident(v.AccidentStatus));

    private void WriteQrPdf(ExportJob job, Vehicle vehicle, Stream output)
    {
        if (vehicle.ShareToken is null) throw new DomainException("Der öffentliche Mini-Check ist ausgeschaltet.");
        ExportPdfs.Stickers(new StickerPdf(vehicle.Make, vehicle.Model, PublicUrl(vehicle), clock.GetUtcNow()), output);
    }

    /// <summary>
    /// The plain-text block for a listing portal (SPEC §8 Inserat-Export): make/model, build year, the light with its hint,
    /// the mini-check link and the disclaimer. Nothing about the owner, no VIN, no numbers of the history. The PDF carries
    /// the same block; the vehicle's tab „Exporte“ shows it for copying while the export is valid.
    /// </summary>
    public async Task<string?> ListingTextAsync(Vehicle vehicle, CancellationToken ct)
    {
        if (vehicle.ShareToken is null) return null;
        var result = await trust.EvaluateAsync(vehicle, ct);
        return ListingText(vehicle, result.Light, result.Hint);
    }

    private string ListingText(Vehicle v, TrustLight light, string hint) => string.Join("\n",
        v.BuildYear is { } year ? $"{v.Make} {v.Model}, Baujahr {year.ToString(CultureInfo.InvariantCulture)}" : $"{v.Make} {v.Model}",
        $"LifeTimeCircle Trust-Ampel: {TrustEngine.Label(light)} – {hint}",
        $"Dokumentation online prüfen (Mini-Check): {PublicUrl(v)}",
        Disclaimer);

    private async Task WriteListingAsync(Vehicle vehicle, Stream output, CancellationToken ct)
    {
        if (vehicle.ShareToken is null) throw new DomainException("Der öffentliche Mini-Check ist ausgeschaltet.");
        var result = await trust.EvaluateAsync(vehicle, ct);
        var issued = clock.GetUtcNow();
        ExportPdfs.Listing(new ListingPdf(vehicle.Make, vehicle.Model, vehicle.BuildYear, result.Light, result.Hint, PublicUrl(vehicle),
            ListingText(vehicle, result.Light, result.Hint).Split('\n'), issued, issued + ExportJob.Lifetime(ExportType.Inserat)!.Value), output);
    }

    private async Task<(List<Entry> Entries, HashSet<string> Evidenced)> TimelineAsync(Vehicle vehicle, CancellationToken ct)
    {
        var entries = await db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicle.Id && e.IsLatest)
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).ToListAsync(ct);
        var evidenced = await trust.EvidencedGroupsAsync(vehicle.Id, null, ct);
        return (entries, evidenced);
    }

    private EntryTrustLevel Level(Entry e, Vehicle v, HashSet<string> evidenced) => Entry.TrustLevel(evidenced.Contains(e.GroupId), v.HasPhysicalServiceBook);

    private Task<List<Document>> ApprovedDocumentsAsync(long vehicleId, CancellationToken ct) =>
        db.Documents.AsNoTracking()
            .Where(Document.ValidEvidence).Where(d => d.VehicleId == vehicleId)
            .OrderBy(d => d.UploadedAt).ToListAsync(ct);

    private async Task<CertificateFacts> WriteCertificateAsync(ExportJob job, Vehicle vehicle, Stream output, Func<int, Task> progress, CancellationToken ct)
    {
        var result = await trust.EvaluateAsync(vehicle, ct);
        var (entries, evidenced) = await TimelineAsync(vehicle, ct);
        var docs = await ApprovedDocumentsAsync(vehicle.Id, ct);
        await progress(40);
        var issued = clock.GetUtcNow();
        var validUntil = issued + ExportJob.Lifetime(ExportType.TrustZertifikat)!.Value;
        var byLevel = entries.GroupBy(e => Level(e, vehicle, evidenced)).ToDictionary(g => g.Key, g => g.ToList());
        var levels = byLevel.ToDictionary(g => g.Key, g => g.Value.Count);
        var rows = new[] { (EntryTrustLevel.T3, "T3 – mit geprüftem Nachweis"), (EntryTrustLevel.T2, "T2 – Serviceheft vorhanden"), (EntryTrustLevel.T1, "T1 – Eigenangabe") }
            .Select(l => LevelRow(l.Item2, byLevel.GetValueOrDefault(l.Item1) ?? [])).ToList();
        // The first reason is the hint itself; the others follow as a list (as before).
        ExportPdfs.Certificate(new CertificatePdf(VehicleBlock(vehicle), result.Light, result.Hint, result.Reasons.Skip(1).Select(r => r.Hint).ToList(),
            rows, LevelRow("Gesamt", entries), docs.Select(d => new PdfEvidence(d.UploadedAt, DocumentTexts.Kind(d.Kind), d.Sha256!)).ToList(),
            vehicle.ShareToken is null ? null : PublicUrl(vehicle), urls.CertificateCheck, job.VerificationCode ?? "", issued, validUntil,
            await RestorationFolderQueries.CertificateSummariesAsync(db, vehicle.Id, ct)), output);
        await progress(90);
        return new CertificateFacts(result.Light, result.Hint, result.Reasons.Select(r => r.Code).ToList(),
            levels.GetValueOrDefault(EntryTrustLevel.T1), levels.GetValueOrDefault(EntryTrustLevel.T2), levels.GetValueOrDefault(EntryTrustLevel.T3),
            vehicle.Make, vehicle.Model, vehicle.BuildYear, vehicle.VinMasked, issued, validUntil);
    }

    /// <summary>Entries are ordered newest first: the last one is the first entry, the first one the latest (with its odometer reading).</summary>
    private static PdfLevelRow LevelRow(string label, List<Entry> newestFirst) =>
        new(label, newestFirst.Count, newestFirst.Count == 0 ? null : newestFirst[^1].Date, newestFirst.Count == 0 ? null : newestFirst[0].Date,
            newestFirst.Count == 0 ? null : newestFirst[0].OdometerKm);

    private async Task WriteMaintenanceAsync(ExportJob job, Vehicle vehicle, Stream output, Func<int, Task> progress, CancellationToken ct)
    {
        var (entries, evidenced) = await TimelineAsync(vehicle, ct);
        // Reminders by their catalogue name: a reminder's own title is the owner's free text and stays out of PDFs.
        var due = (await reminders.ForVehiclesAsync([vehicle.Id], ct))
            .Select(r => new PdfDue(ReminderItems.Name(r.Item), r.StatusLabel, r.StatusText, r.Recurrence)).ToList();
        await progress(40);
        var issued = clock.GetUtcNow();
        var latest = entries.GroupBy(e => e.Category).Select(g => g.First()).OrderBy(e => e.Category)
            .Select(e => new PdfLatestEntry(EntryTexts.Category(e.Category), e.Date, e.OdometerKm, BusinessTypes.DisplayName(e.PerformedBy), Level(e, vehicle, evidenced).ToString(), e.IsNachtrag))
            .ToList();
        ExportPdfs.Maintenance(new MaintenancePdf(VehicleBlock(vehicle), latest, entries.Count, due, issued, issued + ExportJob.Lifetime(ExportType.Wartungsstand)!.Value), output);
    }

    private async Task WriteVehicleJsonAsync(Vehicle v, Stream output, bool full, CancellationToken ct)
    {
        var result = await trust.EvaluateAsync(v, ct);
        var (latest, evidenced) = await TimelineAsync(v, ct);
        var revisions = full
            ? await db.Entries.AsNoTracking().Where(e => e.VehicleId == v.Id).OrderBy(e => e.GroupId).ThenBy(e => e.Version).ToListAsync(ct)
            : [];
        var docs = full
            ? await db.Documents.AsNoTracking().Where(d => d.VehicleId == v.Id && d.DeletedAt == null).OrderBy(d => d.UploadedAt).ToListAsync(ct)
            : await ApprovedDocumentsAsync(v.Id, ct);
        await using var json = new Utf8JsonWriter(output, JsonOptions);
        json.WriteStartObject();
        json.WriteString("format", full ? "ltc-vehicle-full/1" : "ltc-vehicle-redacted/1");
        json.WriteString("exportedAt", clock.GetUtcNow());
        json.WriteStartObject("vehicle");
        json.WriteString("id", v.PublicId);
        if (full) json.WriteString("vin", vins.Decrypt(v.VinCipher));
        json.WriteString("vinMasked", v.VinMasked);
        json.WriteString("make", v.Make);
        json.WriteString("model", v.Model);
        if (v.BuildYear is { } y) json.WriteNumber("buildYear", y);
        json.WriteString("class", v.Class.ToString());
        if (v.Engine is { } engineType) json.WriteString("engine", engineType.ToString());
        if (v.Drive is { } drive) json.WriteString("drive", drive.ToString());
        if (full && v.EngineNote is not null) json.WriteString("engineNote", v.EngineNote);
        if (full && v.Nickname is not null) json.WriteString("nickname", v.Nickname);
        json.WriteString("accidentStatus", v.AccidentStatus.ToString());
        json.WriteBoolean("physicalServiceBook", v.HasPhysicalServiceBook);
        json.WriteEndObject();
        json.WriteStartObject("trust");
        json.WriteString("light", result.Light.ToString());
        json.WriteString("hint", result.Hint);
        json.WriteStartArray("reasons");
        foreach (var r in result.Reasons) json.WriteStringValue(r.Code);
        json.WriteEndArray();
        json.WriteString("disclaimer", Disclaimer);
        json.WriteEndObject();
        json.WriteStartArray("entries");
        foreach (var e in full ? revisions : latest)
        {
            json.WriteStartObject();
            json.WriteString("id", e.GroupId);
            json.WriteNumber("version", e.Version);
            if (full) json.WriteBoolean("latest", e.IsLatest);
            json.WriteString("date", e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("category", e.Category.ToString());
            json.WriteString("performedBy", e.PerformedBy.ToString());
            if (full && e.PerformedByName is not null) json.WriteString("performedByName", e.PerformedByName);
            json.WriteNumber("odometerKm", e.OdometerKm);
            if (e.CostCents is { } cents) json.WriteNumber("costEur", cents / 100m);
            if (full && e.Remark is not null) json.WriteString("remark", e.Remark);
            json.WriteBoolean("nachtrag", e.IsNachtrag);
            json.WriteString("trustLevel", Level(e, v, evidenced).ToString());
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("documents");
        foreach (var d in docs)
        {
            json.WriteStartObject();
            json.WriteString("id", d.PublicId);
            json.WriteString("kind", d.Kind.ToString());
            json.WriteString("contentType", d.ContentType);
            json.WriteNumber("sizeBytes", d.SizeBytes);
            json.WriteString("sha256", d.Sha256);
            if (d.EntryGroupId is not null) json.WriteString("entryId", d.EntryGroupId);
            json.WriteString("uploadedAt", d.UploadedAt);
            if (full)
            {
                json.WriteString("fileName", d.OriginalFileName);
                json.WriteString("approval", d.Approval.ToString());
                json.WriteString("scan", d.Scan.ToString());
                json.WriteString("pii", d.Pii.ToString());
                if (d.Scan == ScanState.Clean)
                {
                    // The file itself, base64, streamed in slices so that large files never sit whole in memory.
                    await json.FlushAsync(ct);
                    await using var file = documents.OpenRead(d.StorageKey);
                    json.WritePropertyName("contentBase64");
                    await WriteBase64Async(json, file, ct);
                }
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        await WriteDamageEventsAsync(json, v.Id, full, ct);
        await WriteRestorationStagesAsync(json, v.Id, full, ct);
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    /// <summary>
    /// The Unfall-Trust folder (ADR 0023): every damage event with its linked documents by role. What was damaged and who
    /// repaired it are the owner's free text (they may name third parties): in the full export only.
    /// </summary>
    private async Task WriteDamageEventsAsync(Utf8JsonWriter json, long vehicleId, bool full, CancellationToken ct)
    {
        var events = await db.DamageEvents.AsNoTracking().Where(e => e.VehicleId == vehicleId).OrderBy(e => e.OccurredOn).ThenBy(e => e.Id).ToListAsync(ct);
        var ids = events.Select(e => e.Id).ToList();
        var links = (await db.DamageEvidence.AsNoTracking().Where(x => ids.Contains(x.DamageEventId))
                // The redacted export lists approved documents only, so its links name only those.
                .Join(full ? db.Documents.Where(d => d.DeletedAt == null) : db.Documents.Where(Document.ValidEvidence), x => x.DocumentId, d => d.Id, (x, d) => new { x.DamageEventId, x.Role, d.PublicId })
                .ToListAsync(ct))
            .ToLookup(x => x.DamageEventId);
        json.WriteStartArray("damageEvents");
        foreach (var e in events)
        {
            json.WriteStartObject();
            json.WriteString("id", e.PublicId);
            json.WriteString("date", e.OccurredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (full)
            {
                json.WriteString("damage", e.Damage);
                if (e.PerformedBy is not null) json.WriteString("performedBy", e.PerformedBy);
            }
            json.WriteStartArray("evidence");
            foreach (var l in links[e.Id].OrderBy(l => l.Role))
            {
                json.WriteStartObject();
                json.WriteString("documentId", l.PublicId);
                json.WriteString("role", l.Role.ToString());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>
    /// The Oldtimer- and Restauration-Trust folders (ADR 0023 §3): every stage with its period and linked documents by role.
    /// Own titles, who did the work, descriptions, costs and milestone texts are the owner's: in the full export only.
    /// </summary>
    private async Task WriteRestorationStagesAsync(Utf8JsonWriter json, long vehicleId, bool full, CancellationToken ct)
    {
        var stages = await db.RestorationStages.AsNoTracking().Where(s => s.VehicleId == vehicleId).OrderBy(s => s.AddonKey).ThenBy(s => s.StartedOn).ThenBy(s => s.Id).ToListAsync(ct);
        var ids = stages.Select(s => s.Id).ToList();
        var links = (await db.StageEvidence.AsNoTracking().Where(x => ids.Contains(x.StageId))
                .Join(full ? db.Documents.Where(d => d.DeletedAt == null) : db.Documents.Where(Document.ValidEvidence), x => x.DocumentId, d => d.Id,
                    (x, d) => new { x.StageId, x.Role, d.PublicId })
                .ToListAsync(ct))
            .ToLookup(x => x.StageId);
        var milestones = full
            ? (await db.StageMilestones.AsNoTracking().Where(m => ids.Contains(m.StageId)).OrderBy(m => m.On).ThenBy(m => m.Id).ToListAsync(ct)).ToLookup(m => m.StageId)
            : Enumerable.Empty<StageMilestone>().ToLookup(m => m.StageId);
        json.WriteStartArray("restorationStages");
        foreach (var s in stages)
        {
            json.WriteStartObject();
            json.WriteString("id", s.PublicId);
            json.WriteString("folder", s.AddonKey);
            json.WriteString("kind", s.Kind.ToString());
            json.WriteString("from", s.StartedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (s.EndedOn is { } to) json.WriteString("to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (full)
            {
                if (s.Title is not null) json.WriteString("title", s.Title);
                if (s.PerformedBy is not null) json.WriteString("performedBy", s.PerformedBy);
                if (s.Description is not null) json.WriteString("description", s.Description);
                if (s.CostCents is { } cents) json.WriteNumber("costEur", cents / 100m);
                json.WriteStartArray("milestones");
                foreach (var m in milestones[s.Id])
                {
                    json.WriteStartObject();
                    json.WriteString("date", m.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    json.WriteString("text", m.Text);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteStartArray("evidence");
            foreach (var l in links[s.Id].OrderBy(l => l.Role))
            {
                json.WriteStartObject();
                json.WriteString("documentId", l.PublicId);
                json.WriteString("role", l.Role.ToString());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Writes a base64 JSON string value slice by slice (Utf8JsonWriter.WriteBase64StringSegment).</summary>
    private static async Task WriteBase64Async(Utf8JsonWriter json, Stream file, CancellationToken ct)
    {
        var buffer = new byte[48 * 1024];
        while (true)
        {
            var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            var last = read < buffer.Length;
            json.WriteBase64StringSegment(buffer.AsSpan(0, read), isFinalSegment: last);
            if (last) return;
            await json.FlushAsync(ct);
        }
    }

    private async Task WriteAccountAsync(ExportJob job, Stream output, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == job.RequestedBy, ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name).ToListAsync(ct);
        var consents = await db.ConsentAcceptances.AsNoTracking().Where(c => c.UserId == user.Id).OrderBy(c => c.AcceptedAt).ToListAsync(ct);
        var vehicles = await db.Vehicles.AsNoTracking().Where(v => v.OwnerId == user.Id).OrderBy(v => v.CreatedAt).ToListAsync(ct);
        var events = await db.AuditEvents.AsNoTracking().Where(a => a.ActorId == user.Id).OrderByDescending(a => a.CreatedAt).Take(5000).ToListAsync(ct);
        var exports = await db.ExportJobs.AsNoTracking().Where(j => j.RequestedBy == user.Id).OrderBy(j => j.CreatedAt).ToListAsync(ct);
        await using var json = new Utf8JsonWriter(output, JsonOptions);
        json.WriteStartObject();
        json.WriteString("format", "ltc-account/1");
        json.WriteString("exportedAt", clock.GetUtcNow());
        json.WriteStartObject("account");
        json.WriteString("email", user.Email);
        json.WriteBoolean("emailConfirmed", user.EmailConfirmed);
        json.WriteString("accountKind", user.AccountKind.ToString());
        if (user.BusinessType is { } bt) json.WriteString("businessType", bt.ToString());
        if (user.BusinessName is not null) json.WriteString("businessName", user.BusinessName);
        json.WriteString("createdAt", user.CreatedAt);
        json.WriteBoolean("twoFactorEnabled", user.TwoFactorEnabled);
        json.WriteStartArray("roles");
        foreach (var r in roles) json.WriteStringValue(r);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("consents");
        foreach (var c in consents)
        {
            json.WriteStartObject();
            json.WriteString("document", c.Document.ToString());
            json.WriteString("version", c.Version);
            json.WriteString("acceptedAt", c.AcceptedAt);
            json.WriteString("source", c.Source);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("vehicles");
        foreach (var v in vehicles)
        {
            json.WriteStartObject();
            json.WriteString("id", v.PublicId);
            json.WriteString("vin", vins.Decrypt(v.VinCipher));
            json.WriteString("make", v.Make);
            json.WriteString("model", v.Model);
            if (v.Nickname is not null) json.WriteString("nickname", v.Nickname);
            json.WriteString("createdAt", v.CreatedAt);
            json.WriteNumber("entries", await db.Entries.CountAsync(e => e.VehicleId == v.Id && e.IsLatest, ct));
            json.WriteNumber("documents", await db.Documents.CountAsync(d => d.VehicleId == v.Id && d.DeletedAt == null, ct));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("vehicleDataHint", "Die vollständigen Fahrzeugdaten exportieren Sie je Fahrzeug unter „Exporte“ (vollständiger Export).");
        json.WriteStartArray("activity");
        foreach (var a in events)
        {
            json.WriteStartObject();
            json.WriteString("at", a.CreatedAt);
            json.WriteString("action", a.Action);
            json.WriteString("result", a.Result.ToString());
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("exports");
        foreach (var j in exports)
        {
            json.WriteStartObject();
            json.WriteString("id", j.PublicId);
            json.WriteString("type", j.Type.ToString());
            json.WriteString("status", j.Status.ToString());
            json.WriteString("createdAt", j.CreatedAt);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }
}
