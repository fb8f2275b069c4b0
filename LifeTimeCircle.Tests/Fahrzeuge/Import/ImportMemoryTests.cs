using System.Diagnostics;
using System.Text;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge.Import;

public sealed class ImportMemoryFactory : LtcFactory
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_JOBS_WORKER"] = "false" };
}

/// <summary>
/// The measurement behind docs/performance.md „Import of 10,000 rows“: the default limits, a 10,000-row file, check and
/// import run by the job runner; the peak RSS growth of the process (VmHWM after resetting it) stays bounded.
/// </summary>
public sealed class ImportMemoryTests(ImportMemoryFactory app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ImportMemoryFactory>
{
    private static long ReadKb(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task A_10000_row_file_is_checked_and_imported_with_bounded_memory(string format)
    {
        var email = $"import-gross-10k-{format}@example.de";
        var client = await Flows.SignedInClientAsync(app, email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 0);
        var csv = new StringBuilder("Datum;Art;Ausgeführt von;Betrieb;Kilometerstand;Kosten;Bemerkung\n");
        var start = new DateOnly(1995, 1, 1);
        for (var i = 0; i < ImportOptions.DefaultMaxRows; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{start.AddDays(i):dd.MM.yyyy};Inspektion;Fachwerkstatt;Autohaus Müller;{1000 + i * 20};{i % 500},{i % 100:00};Zeile {i}: Öl, Filter und Bremsen geprüft\n");
        }
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        if (format == "xlsx")
        {
            // The same rows as an Excel workbook with typed dates, kilometres and euros.
            using var workbook = new MemoryStream();
            MiniExcelLibs.MiniExcel.SaveAs(workbook, Enumerable.Range(0, ImportOptions.DefaultMaxRows).Select(i => new Dictionary<string, object>
            {
                ["Datum"] = start.AddDays(i).ToDateTime(TimeOnly.MinValue), ["Art"] = "Inspektion", ["Ausgeführt von"] = "Fachwerkstatt",
                ["Betrieb"] = "Autohaus Müller", ["Kilometerstand"] = 1000 + i * 20, ["Kosten"] = (i % 500) + (i % 100) / 100m,
                ["Bemerkung"] = $"Zeile {i}: Öl, Filter und Bremsen geprüft",
            }));
            bytes = workbook.ToArray();
        }
        Assert.True(bytes.Length < ImportOptions.DefaultMaxBytes);
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Import");
        var token = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("Km"), "Einheit" } };
        form.Add(new ByteArrayContent(bytes), "Datei", "gross." + format);
        var upload = await client.PostAsync($"/Fahrzeuge/{vehicleId}/Import", form);
        Html.AssertRedirect(upload, $"/Fahrzeuge/{vehicleId}/Import/");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        File.WriteAllText("/proc/self/clear_refs", "5"); // resets VmHWM (peak RSS) to the current RSS
        var before = ReadKb("VmRSS");
        var watch = Stopwatch.StartNew();
        await Jobs.DrainAsync(app, ImportProcessor.CheckKind);
        var checkTime = watch.Elapsed;
        var checkPeak = ReadKb("VmHWM");
        var run = await app.WithDbAsync(db => db.ImportRuns.AsNoTracking().SingleAsync(r => db.Vehicles.Any(v => v.Id == r.VehicleId && v.PublicId == vehicleId)));
        Assert.Equal((ImportStatus.Geprueft, 10_000, 10_000), (run.Status, run.TotalRows, run.GoodRows));

        var (_, report) = await Html.GetAsync(client, upload.Headers.Location!.OriginalString);
        var confirm = await Html.SubmitAsync(client, report, new Dictionary<string, string>(), "main form[method=post][action*=Bestaetigen]");
        Html.AssertRedirect(confirm, $"/Fahrzeuge/{vehicleId}/Import/");
        watch.Restart();
        await Jobs.DrainAsync(app, ImportProcessor.RunKind);
        var runTime = watch.Elapsed;
        var peak = ReadKb("VmHWM");
        var after = ReadKb("VmRSS");
        Assert.Equal(10_000, await app.WithDbAsync(db => db.Entries.CountAsync(e => e.ImportRunId == run.Id)));
        output.WriteLine($"{format}: file {bytes.Length / 1024} KiB; RSS before {before / 1024} MB; peak during check {checkPeak / 1024} MB (+{(checkPeak - before) / 1024} MB) in {checkTime.TotalSeconds:F1} s; "
            + $"peak during import {peak / 1024} MB (+{(peak - before) / 1024} MB) in {runTime.TotalSeconds:F1} s; RSS after {after / 1024} MB");
        Assert.True(peak - before < 200 * 1024, $"Peak RSS grew by {(peak - before) / 1024} MB");
    }
}
