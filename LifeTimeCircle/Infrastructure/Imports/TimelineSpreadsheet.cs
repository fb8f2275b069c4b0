using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Imports;

/// <summary>
/// A vehicle's timeline as a spreadsheet (issue 18): the latest version of every entry, oldest first, in CSV for German
/// Excel and LibreOffice (UTF-8 with BOM, semicolons, German numbers and dates). Every cell that a spreadsheet would
/// read as a formula (= + - @, tab, CR at the start) gets a leading apostrophe; the import removes it again, so a
/// round trip reproduces the entries. The header uses the import's own column names. The VIN is not in the file
/// (the full VIN leaves the app only through the step-up data export, ADR 0005); importing it back needs the vehicle.
/// </summary>
public sealed class TimelineSpreadsheet(AppDbContext db)
{
    public static readonly string[] Header = ["Datum", "Art", "Ausgeführt von", "Betrieb", "Kilometerstand", "Kosten", "Bemerkung", "T-Status", "Nachtrag", "Importiert"];

    public async Task<int> WriteCsvAsync(Vehicle vehicle, Stream output, CancellationToken ct)
    {
        var evidenced = (await db.Documents.AsNoTracking().Where(Document.ValidEvidence)
            .Where(d => d.VehicleId == vehicle.Id && d.EntryGroupId != null).Select(d => d.EntryGroupId!).Distinct().ToListAsync(ct)).ToHashSet();
        var blocked = await db.Documents.AsNoTracking().Where(d => d.VehicleId == vehicle.Id && d.EntryGroupId != null && d.DeletedAt == null && d.Pii != PiiState.Ok)
            .Select(d => d.EntryGroupId!).Distinct().ToListAsync(ct);
        evidenced.ExceptWith(blocked);

        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";", InjectionOptions = InjectionOptions.Escape };
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, config);
        foreach (var h in Header) csv.WriteField(h);
        await csv.NextRecordAsync();
        var count = 0;
        await foreach (var e in db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicle.Id && e.IsLatest).OrderBy(e => e.Date).ThenBy(e => e.Id)
            .Select(e => new { e.GroupId, e.Date, e.Category, e.PerformedBy, e.PerformedByName, e.OdometerKm, e.CostCents, e.Remark, e.IsNachtrag, e.ImportRunId, e.RequiredFieldsMissing })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            var level = Entry.TrustLevel(evidenced.Contains(e.GroupId), vehicle.HasPhysicalServiceBook && e.ImportRunId == null);
            csv.WriteField(Display.Date(e.Date));
            csv.WriteField(EntryTexts.Category(e.Category));
            csv.WriteField(e.RequiredFieldsMissing ? "" : BusinessTypes.DisplayName(e.PerformedBy));
            csv.WriteField(e.PerformedByName ?? "");
            csv.WriteField(Display.Number(e.OdometerKm));
            csv.WriteField(e.CostCents is { } c ? (c / 100m).ToString("N2", Display.Culture) : "");
            csv.WriteField(e.Remark ?? "");
            csv.WriteField(level.ToString());
            csv.WriteField(e.IsNachtrag ? "ja" : "nein");
            csv.WriteField(e.ImportRunId is null ? "nein" : "ja");
            await csv.NextRecordAsync();
            count++;
        }
        return count;
    }
}
