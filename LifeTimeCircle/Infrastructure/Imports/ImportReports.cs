using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Imports;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Imports;

/// <summary>The dry-run report as a spreadsheet: UTF-8 with BOM, semicolons, cells that look like formulas neutralised.</summary>
public sealed class ImportReports(AppDbContext db)
{
    public async Task WriteCsvAsync(long runId, Stream output, CancellationToken ct)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";", InjectionOptions = InjectionOptions.Escape };
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, config);
        foreach (var h in new[] { "Zeile", "Ergebnis", "Spalte", "Meldung", "Wert" }) csv.WriteField(h);
        await csv.NextRecordAsync();
        await foreach (var i in db.ImportIssues.AsNoTracking().Where(i => i.ImportRunId == runId).OrderBy(i => i.Row).ThenBy(i => i.Id)
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            csv.WriteField(i.Row);
            csv.WriteField(i.Severity switch { IssueSeverity.Fehler => "Fehler – nicht importiert", IssueSeverity.Duplikat => "Doppelt – übersprungen", _ => "Hinweis" });
            csv.WriteField(i.Column);
            csv.WriteField(i.Message);
            csv.WriteField(i.Value ?? "");
            await csv.NextRecordAsync();
        }
    }
}
