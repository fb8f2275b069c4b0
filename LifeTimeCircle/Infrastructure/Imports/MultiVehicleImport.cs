using System.Security.Claims;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Imports;

/// <summary>
/// „Fahrzeuge und Einträge importieren“ (issue 18, ADR 0020 points 15–18): the check and the import of a run without a
/// vehicle. Rows are grouped by their FIN (normalised by <see cref="Vin.Parse"/>, compared by HMAC); each group goes to
/// one of the owner's vehicles, to a new vehicle (created through <see cref="VehicleRegistration"/>, the same race-safe
/// path and paywall as „Fahrzeug hinzufügen“), or is refused with that form's words. Both passes decide with the same
/// rule (<see cref="PlanAsync"/>) against the data of that moment.
/// </summary>
public sealed class MultiVehicleImport(AppDbContext db, VinProtector vins, VehicleRegistration registration, EntryWriter writer,
    AuditWriter audit, TimeProvider clock, ILogger<MultiVehicleImport> logger)
{
    /// <summary>New vehicles one file may create (and FINs it may look up), whatever the plan: a file is no FIN search.</summary>
    public const int MaxNewVehiclesPerFile = 50;

    public const string PaywallMessage = "nicht importiert: Ihr Tarif erlaubt keine weiteren Fahrzeuge";
    public const string TooManyMessage = "nicht importiert: Eine Datei kann höchstens 50 neue Fahrzeuge anlegen. Bitte teilen Sie die Datei auf.";
    public const string EmptyMessage = "Keine Zeile dieser FIN kann importiert werden; es wird kein Fahrzeug angelegt.";
    /// <summary>The form's warning after „Fahrzeug angelegt“ (SPEC §3: accepted, with a visible warning).</summary>
    public const string CheckDigitWarning = "Achtung: Die Prüfziffer der FIN passt nicht – bitte prüfen Sie die Eingabe.";
    public const string HandedOverMessage = "Das Fahrzeug gehört nicht mehr zu Ihrem Konto. Seine Zeilen wurden nicht importiert.";

    // The words of the vehicle form (Pages/Fahrzeuge/VehicleInput; a test compares them).
    public const string MakeMissing = "Bitte geben Sie die Marke an.";
    public const string MakeTooLong = "Die Marke darf höchstens 60 Zeichen lang sein.";
    public const string ModelMissing = "Bitte geben Sie das Modell an.";
    public const string ModelTooLong = "Das Modell darf höchstens 60 Zeichen lang sein.";

    private sealed record Key(DateOnly Date, EntryCategory Category, int Km);

    /// <summary>One FIN of the file while a pass runs.</summary>
    private sealed class Group(string hmac, Vin vin, int firstRow)
    {
        public string Hmac { get; } = hmac;
        public Vin Vin { get; } = vin;
        public int FirstRow { get; } = firstRow;
        public int Rows { get; set; }
        public int GoodRows { get; set; }
        public string? Make { get; set; }
        public string? Model { get; set; }
        public GroupOutcome Outcome { get; set; }
        public string? Message { get; set; }
        public long? VehicleId { get; set; }
        public ImportGroup? Row { get; set; }
        public bool Goes => Outcome is GroupOutcome.Eigenes or GroupOutcome.Neu;
    }

    public async Task CheckAsync(ImportRun run, ImportFile file, Func<List<ImportIssue>, int, bool, Task> flush, CancellationToken ct)
    {
        await db.ImportGroups.Where(g => g.ImportRunId == run.Id).ExecuteDeleteAsync(ct);
        var user = await OwnerAsync(run.OwnerId, ct);
        var groups = Read(file, run);
        var remaining = await PlanAsync(groups, user, [], ct);
        var existing = new Dictionary<long, HashSet<Key>>();
        var seen = new HashSet<(string, Key)>();
        int good = 0, errors = 0, duplicates = 0, processed = 0;
        var pending = new List<ImportIssue>();
        foreach (var (row, result, group, issue) in Rows(file, run, groups))
        {
            processed++;
            var issues = result.Issues.ToList();
            if (issue is not null) issues.Add(issue);
            if (issue is null && result.Values is { } v && group is { Goes: true })
            {
                var key = new Key(v.Date, v.Category, v.OdometerKm);
                var known = group.VehicleId is { } id ? await KeysAsync(existing, id, null, ct) : [];
                if (known.Contains(key) || !seen.Add((group.Hmac, key)))
                {
                    duplicates++;
                    issues.Add(new RowIssue(IssueSeverity.Duplikat, "", known.Contains(key)
                        ? "Doppelt: diesen Eintrag (Datum, Art, Kilometerstand) gibt es schon. Er wird übersprungen."
                        : "Doppelt: dieselbe Zeile (FIN, Datum, Art, Kilometerstand) steht weiter oben in der Datei. Sie wird übersprungen.",
                        $"{Web.Display.Date(v.Date)} · {EntryTexts.Category(v.Category)} · {Web.Display.Km(v.OdometerKm)}"));
                }
                else good++;
            }
            else errors++;
            pending.AddRange(issues.Select(i => new ImportIssue(run.Id, row, i.Severity, i.Column, i.Message, i.Value)));
            if (processed % ImportProcessor.Batch == 0) await flush(pending, processed, true);
        }
        db.ImportGroups.AddRange(groups.Values.OrderBy(g => g.FirstRow).Select(g =>
            new ImportGroup(run.Id, g.FirstRow, g.Vin.Masked, g.Outcome, g.Message, g.Make, g.Model, g.Rows, g.GoodRows, g.VehicleId)));
        run.Checked(file.Format, processed, good, errors, duplicates, clock.GetUtcNow(), remaining);
        await flush(pending, processed, false);
        logger.LogInformation("Multi-vehicle import {ImportId} checked: {Rows} rows, {Groups} vehicles, {Good} good", run.PublicId, processed, groups.Count, good);
    }

    public async Task ImportAsync(ImportRun run, ImportFile file, CancellationToken ct)
    {
        var user = await OwnerAsync(run.OwnerId, ct);
        // Vehicles a crashed attempt of this run already created stay marked as created; the rest is decided again now.
        await db.ImportGroups.Where(g => g.ImportRunId == run.Id && !g.Created).ExecuteDeleteAsync(ct);
        var created = await db.ImportGroups.Where(g => g.ImportRunId == run.Id && g.Created && g.VehicleId != null).ToListAsync(ct);
        var groups = Read(file, run);
        await PlanAsync(groups, user, created.Select(c => c.VehicleId!.Value).ToHashSet(), ct);
        foreach (var g in groups.Values.OrderBy(g => g.FirstRow))
        {
            g.Row = created.FirstOrDefault(c => c.VehicleId == g.VehicleId && g.VehicleId is not null);
            if (g.Outcome == GroupOutcome.Neu && g.Row is null)
            {
                // The same race-safe path as the form: the plan's limit is counted again inside the registration's transaction.
                var result = await registration.RegisterAsync(user, g.Vin, Details(g), ct, run.PublicId);
                if (result.Vehicle is { } vehicle) g.VehicleId = vehicle.Id;
                else (g.Outcome, g.Message) = (result.LimitReached ? GroupOutcome.Tarif : GroupOutcome.Abgelehnt, result.LimitReached ? PaywallMessage : result.Error);
            }
            if (g.Row is null)
            {
                g.Row = new ImportGroup(run.Id, g.FirstRow, g.Vin.Masked, g.Outcome, g.Message, g.Make, g.Model, g.Rows, g.GoodRows, g.Goes ? g.VehicleId : null);
                if (g.Outcome == GroupOutcome.Neu) g.Row.CreatedVehicle(g.VehicleId!.Value);
                db.ImportGroups.Add(g.Row);
                await db.SaveChangesAsync(ct);
            }
        }
        var existing = new Dictionary<long, HashSet<Key>>();
        var ours = new Dictionary<long, HashSet<Key>>();
        var seen = new HashSet<(string, Key)>();
        var batch = new List<(Group Group, EntryValues Values, bool Missing)>();
        int duplicates = 0, processed = 0;
        foreach (var (_, result, group, issue) in Rows(file, run, groups))
        {
            processed++;
            if (issue is null && result.Values is { } v && group is { Goes: true, VehicleId: { } id })
            {
                var key = new Key(v.Date, v.Category, v.OdometerKm);
                var own = await KeysAsync(ours, id, run.Id, ct);
                var known = await KeysAsync(existing, id, null, ct);
                if ((known.Contains(key) && !own.Contains(key)) || !seen.Add((group.Hmac, key))) duplicates++;
                else if (!own.Contains(key)) batch.Add((group, v, result.RequiredFieldsMissing));
            }
            if (batch.Count >= ImportProcessor.Batch)
            {
                await WriteAsync(run, batch, ct);
                run.Progress(processed);
                await db.SaveChangesAsync(ct);
            }
        }
        await WriteAsync(run, batch, ct);
        var touched = await db.Entries.Where(e => e.ImportRunId == run.Id && e.Version == 1).GroupBy(e => e.VehicleId)
            .Select(x => new { VehicleId = x.Key, Count = x.Count(), Any = x.Min(e => e.Id) }).ToListAsync(ct);
        foreach (var t in touched)
        {
            if (await db.Entries.SingleOrDefaultAsync(e => e.Id == t.Any, ct) is { } any) await writer.ReviewAfterImportAsync(any, ct);
        }
        foreach (var g in groups.Values.Where(g => g.Row is not null && g.VehicleId is not null))
        {
            var count = touched.FirstOrDefault(t => t.VehicleId == g.VehicleId)?.Count ?? 0;
            g.Row!.Imported(count - g.Row.ImportedRows);
        }
        var imported = touched.Sum(t => t.Count);
        run.Done(imported, duplicates, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        var createdCount = groups.Values.Count(g => g.Row?.Created == true);
        await audit.WriteForUserAsync(AuditActions.ImportCompleted, run.OwnerId, Roles.User, AuditResult.Success,
            new Dictionary<string, object?> { ["import"] = run.PublicId, ["vehicles"] = touched.Count, ["created_vehicles"] = createdCount, ["imported"] = imported, ["duplicates"] = duplicates }, ct);
        logger.LogInformation("Multi-vehicle import {ImportId} done: {Imported} entries on {Vehicles} vehicles ({Created} new), {Duplicates} duplicates",
            run.PublicId, imported, touched.Count, createdCount, duplicates);
    }

    /// <summary>
    /// The rule of both passes, per FIN in the order of its first row: the owner's own vehicle takes the rows; a FIN
    /// without an importable row creates nothing and is looked up nowhere; make and model are checked like the form
    /// does; then every further FIN counts against the plan's remaining vehicles (and <see cref="MaxNewVehiclesPerFile"/>)
    /// before it is looked up — so a file reveals no more than the form would with the same plan — and a FIN registered
    /// to another account gets the form's words. Returns the plan's remaining vehicles (null = no limit).
    /// </summary>
    private async Task<int?> PlanAsync(Dictionary<string, Group> groups, ClaimsPrincipal user, HashSet<long> createdByRun, CancellationToken ct)
    {
        var hmacs = groups.Keys.ToList();
        var own = await db.Vehicles.AsNoTracking().OwnedBy(user.UserId()).Where(v => hmacs.Contains(v.VinHmac))
            .Select(v => new { v.VinHmac, v.Id }).ToDictionaryAsync(v => v.VinHmac, v => v.Id, ct);
        var remaining = await VehicleLimit.RemainingAsync(db, user.UserId(), Roles.All.Where(user.IsInRole), ct);
        var planned = 0;
        foreach (var g in groups.Values.OrderBy(g => g.FirstRow))
        {
            if (own.TryGetValue(g.Hmac, out var id))
            {
                (g.Outcome, g.VehicleId) = (createdByRun.Contains(id) ? GroupOutcome.Neu : GroupOutcome.Eigenes, id);
            }
            else if (g.GoodRows == 0) (g.Outcome, g.Message) = (GroupOutcome.Leer, EmptyMessage);
            else if (DetailsProblem(g, user.UserId()) is { } problem) (g.Outcome, g.Message) = (GroupOutcome.Abgelehnt, problem);
            else if (remaining is { } left && planned >= left) (g.Outcome, g.Message) = (GroupOutcome.Tarif, PaywallMessage);
            else if (planned >= MaxNewVehiclesPerFile) (g.Outcome, g.Message) = (GroupOutcome.Abgelehnt, TooManyMessage);
            else
            {
                planned++;
                var taken = await db.Vehicles.IgnoreQueryFilters().AnyAsync(v => v.VinHmac == g.Hmac, ct);
                (g.Outcome, g.Message) = taken ? (GroupOutcome.Abgelehnt, VehicleRegistration.DuplicateMessage)
                    : (GroupOutcome.Neu, g.Vin.CheckDigitMismatch ? CheckDigitWarning : null);
            }
        }
        return remaining;
    }

    private static VehicleDetails Details(Group g) =>
        new(g.Make ?? "", g.Model ?? "", null, VehicleClass.Alltag, null, null, null, null, AccidentStatus.Unbekannt, false, null);

    private string? DetailsProblem(Group g, string ownerId)
    {
        if (string.IsNullOrWhiteSpace(g.Make)) return MakeMissing;
        if (g.Make.Length > 60) return MakeTooLong;
        if (string.IsNullOrWhiteSpace(g.Model)) return ModelMissing;
        if (g.Model.Length > 60) return ModelTooLong;
        try
        {
            _ = new Vehicle(ownerId, g.Vin, "", g.Hmac, Details(g), clock.GetUtcNow()); // the entity's own rules, nothing saved
            return null;
        }
        catch (DomainException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>First pass: the FINs of the file with their rows, importable rows, and the first make and model given.</summary>
    private Dictionary<string, Group> Read(ImportFile file, ImportRun run)
    {
        var groups = new Dictionary<string, Group>();
        var today = Web.Display.BerlinDate(clock.GetUtcNow());
        foreach (var (row, cells) in file.Rows())
        {
            if (VinOf(file, cells, out _) is not { } vin) continue;
            var hmac = vins.Hmac(vin);
            if (!groups.TryGetValue(hmac, out var g)) groups[hmac] = g = new Group(hmac, vin, row);
            g.Rows++;
            if (ImportRows.Parse(row, cells, file.Columns, file.Format, run.Unit, today).IsGood) g.GoodRows++;
            g.Make ??= Cell(file, cells, ImportField.Make);
            g.Model ??= Cell(file, cells, ImportField.Model);
        }
        return groups;
    }

    /// <summary>Second pass: every row with its values, its group and the refusal of its FIN (if any).</summary>
    private IEnumerable<(int Row, RowResult Result, Group? Group, RowIssue? Issue)> Rows(ImportFile file, ImportRun run, Dictionary<string, Group> groups)
    {
        var today = Web.Display.BerlinDate(clock.GetUtcNow());
        foreach (var (row, cells) in file.Rows())
        {
            var result = ImportRows.Parse(row, cells, file.Columns, file.Format, run.Unit, today);
            if (VinOf(file, cells, out var problem) is not { } vin)
            {
                yield return (row, result, null, new RowIssue(IssueSeverity.Fehler, "FIN", problem!, Mask(Cell(file, cells, ImportField.Vin))));
                continue;
            }
            var g = groups[vins.Hmac(vin)];
            yield return (row, result, g, g.Goes ? null : new RowIssue(IssueSeverity.Fehler, "FIN", g.Message ?? EmptyMessage, vin.Masked));
        }
    }

    private async Task WriteAsync(ImportRun run, List<(Group Group, EntryValues Values, bool Missing)> batch, CancellationToken ct)
    {
        foreach (var part in batch.GroupBy(b => b.Group))
        {
            var g = part.Key;
            if (!g.Goes) continue;
            // A handover during the import: the buyer's timeline gets nothing of the seller's file.
            var vehicle = await db.Vehicles.AsNoTracking().SingleOrDefaultAsync(v => v.Id == g.VehicleId && v.OwnerId == run.OwnerId, ct);
            if (vehicle is null)
            {
                (g.Outcome, g.Message) = (GroupOutcome.Abgelehnt, HandedOverMessage);
                g.Row?.Refused(GroupOutcome.Abgelehnt, HandedOverMessage);
                continue;
            }
            await writer.AddImportedAsync(vehicle, part.Select(p => (p.Values, p.Missing)).ToList(), run.OwnerId, run.Id, ct);
        }
        batch.Clear();
        foreach (var e in db.ChangeTracker.Entries<Entry>().ToList()) e.State = EntityState.Detached;
    }

    private async Task<HashSet<Key>> KeysAsync(Dictionary<long, HashSet<Key>> cache, long vehicleId, long? onlyRun, CancellationToken ct)
    {
        if (cache.TryGetValue(vehicleId, out var keys)) return keys;
        var q = db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicleId && e.IsLatest);
        if (onlyRun is { } id) q = q.Where(e => e.ImportRunId == id);
        var rows = await q.Select(e => new { e.Date, e.Category, e.OdometerKm }).ToListAsync(ct);
        return cache[vehicleId] = rows.Select(r => new Key(r.Date, r.Category, r.OdometerKm)).ToHashSet();
    }

    /// <summary>The owner as the job acts for them: their id and roles (the plan), like a signed-in request.</summary>
    private async Task<ClaimsPrincipal> OwnerAsync(string ownerId, CancellationToken ct)
    {
        var roles = await db.UserRoles.Where(r => r.UserId == ownerId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, ownerId) };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "import"));
    }

    private static Vin? VinOf(ImportFile file, string[] cells, out string? problem)
    {
        problem = null;
        try
        {
            return Vin.Parse(Cell(file, cells, ImportField.Vin));
        }
        catch (DomainException ex)
        {
            problem = ex.Message;
            return null;
        }
    }

    private static string? Cell(ImportFile file, string[] cells, ImportField field) =>
        file.Columns.Index.TryGetValue(field, out var i) && i < cells.Length ? ImportRows.Text(cells[i]) : null;

    /// <summary>The report never repeats a full VIN.</summary>
    public static string? Mask(string? vin) => vin is null ? null : vin.Length > 7 ? vin[..3] + "***" + vin[^4..] : "***";
}
