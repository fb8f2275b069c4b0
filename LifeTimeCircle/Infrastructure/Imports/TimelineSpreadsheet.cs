using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace LifeTimeCircle.Infrastructure.Imports;

/// <summary>
/// A vehicle's timeline as a spreadsheet (issue 18): the latest version of every entry, oldest first, as an Excel
/// workbook (<see cref="WriteXlsxAsync"/>) or in CSV for German Excel and LibreOffice (UTF-8 with BOM, semicolons,
/// German numbers and dates). In the CSV, every cell that a spreadsheet would read as a formula (= + - @, tab, CR at the
/// start) gets a leading apostrophe; the import removes it again, so a
/// round trip reproduces the entries. The header uses the import's own column names. The VIN is not in the file
/// (the full VIN leaves the app only through the step-up data export, ADR 0005); importing it back needs the vehicle.
/// </summary>
public sealed class TimelineSpreadsheet(AppDbContext db)
{
    public static readonly string[] Header = ["Datum", "Art", "Ausgeführt von", "Betrieb", "Kilometerstand", "Kosten", "Bemerkung", "T-Status", "Nachtrag", "Importiert"];

    /// <summary>One row as both formats write it; typed values (date, km, euros) stay typed for Excel.</summary>
    private sealed record Row(DateOnly Date, string Category, string PerformedBy, string Business, int OdometerKm, decimal? Cost,
        string Remark, string Level, bool Nachtrag, bool Imported);

    public async Task<int> WriteCsvAsync(Vehicle vehicle, Stream output, CancellationToken ct)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";", InjectionOptions = InjectionOptions.Escape };
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, config);
        foreach (var h in Header) csv.WriteField(h);
        await csv.NextRecordAsync();
        var count = 0;
        await foreach (var r in RowsAsync(vehicle, ct))
        {
            csv.WriteField(Display.Date(r.Date));
            csv.WriteField(r.Category);
            csv.WriteField(r.PerformedBy);
            csv.WriteField(r.Business);
            csv.WriteField(Display.Number(r.OdometerKm));
            csv.WriteField(r.Cost is { } c ? c.ToString("N2", Display.Culture) : "");
            csv.WriteField(r.Remark);
            csv.WriteField(r.Level);
            csv.WriteField(r.Nachtrag ? "ja" : "nein");
            csv.WriteField(r.Imported ? "ja" : "nein");
            await csv.NextRecordAsync();
            count++;
        }
        return count;
    }

    /// <summary>
    /// The same table as an Excel workbook: dates, kilometres and euros as typed cells with German display formats,
    /// everything else as text cells (`t="str"` without a formula part, so a cell like „=HYPERLINK(…)“ is shown, never
    /// evaluated). Built in memory (a few hundred bytes per entry) because the zip needs a seekable target.
    /// </summary>
    public async Task<int> WriteXlsxAsync(Vehicle vehicle, Stream output, CancellationToken ct)
    {
        var rows = new List<Dictionary<string, object?>>();
        await foreach (var r in RowsAsync(vehicle, ct))
        {
            rows.Add(new Dictionary<string, object?>
            {
                [Header[0]] = r.Date.ToDateTime(TimeOnly.MinValue),
                [Header[1]] = r.Category,
                [Header[2]] = r.PerformedBy,
                [Header[3]] = r.Business,
                [Header[4]] = r.OdometerKm,
                [Header[5]] = r.Cost,
                [Header[6]] = r.Remark,
                [Header[7]] = r.Level,
                [Header[8]] = r.Nachtrag ? "ja" : "nein",
                [Header[9]] = r.Imported ? "ja" : "nein",
            });
        }
        // No Culture here: MiniExcel would then write dates and numbers as text in that culture (and read „1234,56“ back as 123456).
        var config = new OpenXmlConfiguration
        {
            DynamicColumns =
            [
                new DynamicExcelColumn(Header[0]) { Format = "dd.MM.yyyy", Width = 12 },
                new DynamicExcelColumn(Header[4]) { Format = "#,##0", Width = 15 },
                new DynamicExcelColumn(Header[5]) { Format = "#,##0.00", Width = 12 },
                new DynamicExcelColumn(Header[6]) { Width = 40 },
            ],
        };
        var count = rows.Count;
        if (count == 0) rows.Add(Header.ToDictionary(h => h, _ => (object?)null)); // MiniExcel takes the header from the first row
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(rows, configuration: config, cancellationToken: ct);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, ct);
        return count;
    }

    private async IAsyncEnumerable<Row> RowsAsync(Vehicle vehicle, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var evidenced = (await db.Documents.AsNoTracking().Where(Document.ValidEvidence)
            .Where(d => d.VehicleId == vehicle.Id && d.EntryGroupId != null).Select(d => d.EntryGroupId!).Distinct().ToListAsync(ct)).ToHashSet();
        var blocked = await db.Documents.AsNoTracking().Where(d => d.VehicleId == vehicle.Id && d.EntryGroupId != null && d.DeletedAt == null && d.Pii != PiiState.Ok)
            .Select(d => d.EntryGroupId!).Distinct().ToListAsync(ct);
        evidenced.ExceptWith(blocked);
        await foreach (var e in db.Entries.AsNoTracking().Where(e => e.VehicleId == vehicle.Id && e.IsLatest).OrderBy(e => e.Date).ThenBy(e => e.Id)
            .Select(e => new { e.GroupId, e.Date, e.Category, e.PerformedBy, e.PerformedByName, e.OdometerKm, e.CostCents, e.Remark, e.IsNachtrag, e.ImportRunId, e.RequiredFieldsMissing })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            var level = Entry.TrustLevel(evidenced.Contains(e.GroupId), vehicle.HasPhysicalServiceBook && e.ImportRunId == null);
            yield return new Row(e.Date, EntryTexts.Category(e.Category), e.RequiredFieldsMissing ? "" : BusinessTypes.DisplayName(e.PerformedBy),
                e.PerformedByName ?? "", e.OdometerKm, e.CostCents is { } c ? c / 100m : null, e.Remark ?? "", level.ToString(), e.IsNachtrag, e.ImportRunId is not null);
        }
    }
}
