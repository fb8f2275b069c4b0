using System.Diagnostics;
using LifeTimeCircle.Cli;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LifeTimeCircle.Tests.Exporte;

/// <summary>
/// Issue 25: every PDF export passes <c>qpdf --check</c> without a warning, is tagged (language, title, headings,
/// lists, tables with header cells, figures with alternative text, embedded fonts), reads in order, and renders
/// inside its margins; the certificate of a vehicle with 500 entries and 100 evidence documents fits three pages.
/// </summary>
public sealed class PdfQualityTests(ExportFactory app, ITestOutputHelper output) : IClassFixture<ExportFactory>
{
    private static readonly ExportType[] PdfTypes = [ExportType.TrustZertifikat, ExportType.Wartungsstand, ExportType.Inserat, ExportType.QrPdf];

    /// <summary>A vehicle of <paramref name="email"/> with entries, approved evidence, a reminder and its mini-check switched on.</summary>
    private async Task<(string Vehicle, List<string> Hashes)> SeedAsync(string email, int entries, int documents)
    {
        await app.CreateUserAsync(email, Roles.Vip);
        var (vehicle, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, entries);
        var ids = new List<string>();
        for (var i = 0; i < documents; i++) ids.Add(await DocumentSeed.CreateDocumentAsync(app, vehicle, i == 0 ? entry : null));
        var hashes = await app.WithDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var docs = await db.Documents.Where(d => ids.Contains(d.PublicId)).ToListAsync();
            foreach (var d in docs)
            {
                d.ScannedClean(now);
                d.Approve(now);
            }
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicle);
            v.EnableShare();
            db.Reminders.Add(Reminder.FromTemplate(v.Id, ReminderItems.Templates[0], new DateOnly(2026, 11, 1), now));
            await db.SaveChangesAsync();
            return docs.Select(d => d.Sha256!).ToList();
        });
        return (vehicle, hashes);
    }

    private async Task<byte[]> ExportAsync(string vehicle, ExportType type)
    {
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var v = await db.Vehicles.AsNoTracking().SingleAsync(x => x.PublicId == vehicle);
            var requested = await scope.ServiceProvider.GetRequiredService<ExportRequests>().RequestAsync(v.OwnerId, type, v, CancellationToken.None);
            Assert.NotNull(requested);
        }
        await Jobs.DrainAsync(app.Services, ExportProcessor.Kind);
        var job = await app.WithDbAsync(db => db.ExportJobs.AsNoTracking().Where(j => j.Type == type && db.Vehicles.Any(v => v.Id == j.VehicleId && v.PublicId == vehicle))
            .OrderByDescending(j => j.Version).FirstAsync());
        Assert.True(job.Status == ExportStatus.Succeeded, $"{type}: {job.Status} {job.Error}");
        return await File.ReadAllBytesAsync(app.Services.GetRequiredService<ExportStorage>().PathOf(job.FileKey!));
    }

    /// <summary>Label sheets have no page margin of their own: there the stickers keep 5 mm from the paper's edge.</summary>
    private static Func<int, double> Margins(ExportType type) =>
        page => type == ExportType.QrPdf && page > 1 ? StickerSheets.LabelMargin : PdfWriter.Margin;

    [Fact]
    public async Task Every_pdf_export_passes_qpdf_is_tagged_reads_in_order_and_stays_inside_its_margins()
    {
        var (vehicle, hashes) = await SeedAsync("pdf-qualitaet@example.de", 12, 3);
        var token = await app.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicle).Select(v => v.ShareToken!).SingleAsync());
        foreach (var type in PdfTypes)
        {
            var pdf = await ExportAsync(vehicle, type);
            var name = type.ToString();
            PdfInspection.AssertQpdfClean(pdf, name);
            var title = type switch
            {
                ExportType.TrustZertifikat => "Trust-Zertifikat Volkswagen Golf",
                ExportType.Wartungsstand => "Wartungsstand Volkswagen Golf",
                ExportType.Inserat => "Inserat Volkswagen Golf",
                _ => "QR-Aufkleber Volkswagen Golf",
            };
            var tags = PdfInspection.AssertAccessible(pdf, name, title);
            output.WriteLine($"{name}: {pdf.Length:N0} Bytes, {PdfInspection.Pages(pdf)} Seite(n), Struktur {string.Join(", ", tags.Select(t => $"{t.Key}×{t.Value}"))}");
            Assert.Equal(1, tags.GetValueOrDefault("/H1"));
            if (type != ExportType.Wartungsstand) Assert.True(tags.GetValueOrDefault("/Figure") >= 1, name + ": keine Abbildung"); // light and/or QR code
            var pages = PdfInspection.AssertInsideMargins(pdf, name, Margins(type));

            switch (type)
            {
                case ExportType.TrustZertifikat:
                    Assert.Equal(1, pages); // a typical vehicle: one page
                    Assert.True(tags.GetValueOrDefault("/Table") >= 3 && tags.GetValueOrDefault("/TH") >= 8 && tags.GetValueOrDefault("/L") >= 0, name);
                    Assert.Equal(2, tags.GetValueOrDefault("/Figure")); // the light and the QR code
                    PdfInspection.AssertReadingOrder(pdf, name, "Trust-Zertifikat", "Fahrzeug", "Fahrzeug-Identnummer (maskiert)", "Echtheit prüfen", "Prüfcode",
                        "Gültig bis", "Trust-Ampel:", "Zeitleiste", "Nachweisstufe", "T3 – mit geprüftem Nachweis", "Gesamt 12", "/q/" + token, TrustEngine.Disclaimer,
                        "Nachweis-Verzeichnis", "SHA-256 (gekürzt)", ExportPdfs.ShortHash(hashes[0]), hashes[0], "Seite 1");
                    break;
                case ExportType.Wartungsstand:
                    Assert.True(tags.GetValueOrDefault("/Table") >= 3, name);
                    PdfInspection.AssertReadingOrder(pdf, name, "Wartungsstand", "Fahrzeug", "Was ist fällig?", "Wartung", "Fälligkeit",
                        ReminderItems.Name(ReminderItems.Templates[0].Item), "Zuletzt erledigt", "Kategorie", "Inspektion", "Fachwerkstatt", TrustEngine.Disclaimer);
                    break;
                case ExportType.Inserat:
                    PdfInspection.AssertReadingOrder(pdf, name, "Volkswagen Golf", "Baujahr: 2015", "Trust-Ampel:", "Online prüfen", "/q/" + token,
                        "Text für Ihr Inserat", "Volkswagen Golf, Baujahr 2015", TrustEngine.Disclaimer);
                    break;
                default:
                    Assert.Equal(1 + StickerSheets.LabelSheets.Count, pages);
                    Assert.True(tags.GetValueOrDefault("/L") == 1 && tags.GetValueOrDefault("/LI") == 3, name);
                    PdfInspection.AssertReadingOrder(pdf, name, "QR-Aufkleber: Volkswagen Golf", "Originalgröße", "70 × 37 mm", "105 × 74 mm", "/q/" + token,
                        "LifeTimeCircle", "Mini-Check", "Volkswagen Golf", "QR-Code scannen");
                    // Each page tags one sticker; the identical copies are artifacts (a screen reader reads each sticker once).
                    Assert.Equal(pages, tags.GetValueOrDefault("/Figure"));
                    break;
            }
        }
    }

    [Fact]
    public async Task The_certificate_of_a_vehicle_with_500_entries_and_100_documents_fits_three_pages_and_lists_every_hash()
    {
        var (vehicle, hashes) = await SeedAsync("pdf-gross@example.de", 500, 100);
        var watch = Stopwatch.StartNew();
        var pdf = await ExportAsync(vehicle, ExportType.TrustZertifikat);
        output.WriteLine($"Zertifikat mit 500 Einträgen und 100 Nachweisen: {pdf.Length:N0} Bytes, {PdfInspection.Pages(pdf)} Seiten, {watch.ElapsedMilliseconds} ms (mit Auftrag)");

        Assert.InRange(PdfInspection.Pages(pdf), 1, 3);
        PdfInspection.AssertQpdfClean(pdf, "Zertifikat groß");
        PdfInspection.AssertAccessible(pdf, "Zertifikat groß", "Trust-Zertifikat Volkswagen Golf");
        PdfInspection.AssertInsideMargins(pdf, "Zertifikat groß", _ => PdfWriter.Margin);
        var text = PdfInspection.Text(pdf);
        Assert.Equal(100, hashes.Count(h => text.Contains(h, StringComparison.Ordinal)));
        PdfInspection.AssertReadingOrder(pdf, "Zertifikat groß", "Gesamt 500", TrustEngine.Disclaimer, "Nachweis-Verzeichnis", "Seite 2", "Seite 3");
    }

    [Fact]
    public void The_worst_case_certificate_with_every_trust_reason_and_100_documents_still_fits_three_pages()
    {
        var reasons = typeof(TrustEngine).GetFields().Where(f => f.FieldType == typeof(TrustReason)).Select(f => ((TrustReason)f.GetValue(null)!).Hint).ToList();
        Assert.True(reasons.Count >= 6);
        var pdf = PdfExamples.Render(s => ExportPdfs.Certificate(PdfExamples.Certificate(evidence: 100, reasons: reasons), s));
        Assert.InRange(PdfInspection.Pages(pdf), 1, 3);
        PdfInspection.AssertQpdfClean(pdf, "Zertifikat, alle Gründe");
        PdfInspection.AssertInsideMargins(pdf, "Zertifikat, alle Gründe", _ => PdfWriter.Margin);
        var text = PdfInspection.Text(pdf);
        foreach (var reason in reasons) Assert.Contains(new string(reason.Where(c => !char.IsWhiteSpace(c)).ToArray()), text, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(1, 100), i => Assert.Contains(PdfExamples.Sha(i), text, StringComparison.Ordinal));
    }

    [Fact]
    public void The_example_documents_for_docs_are_made_by_the_same_layout_and_pass_the_same_checks()
    {
        var examples = PdfExamples.All().ToList();
        Assert.Equal(PdfTypes.Length, examples.Count);
        foreach (var (name, pdf) in examples)
        {
            PdfInspection.AssertQpdfClean(pdf, name);
            PdfInspection.AssertInsideMargins(pdf, name, page => name == "qr-aufkleber" && page > 1 ? StickerSheets.LabelMargin : PdfWriter.Margin);
        }
    }

    [Fact]
    public void Long_values_wrap_inside_their_cells_instead_of_running_off_the_page()
    {
        var longName = string.Concat(Enumerable.Repeat("Sehr-lange-Modellbezeichnung ", 6));
        var vehicle = new PdfVehicle("Mercedes-Benz", longName, 1999, "Oldtimer", null, "WDB***0001", "Unfall, repariert");
        var certificate = PdfExamples.Certificate() with { Vehicle = vehicle, Hint = string.Concat(Enumerable.Repeat("Ein langer Hinweis. ", 20)) };
        var pdf = PdfExamples.Render(s => ExportPdfs.Certificate(certificate, s));
        PdfInspection.AssertQpdfClean(pdf, "lange Werte");
        PdfInspection.AssertInsideMargins(pdf, "lange Werte", _ => PdfWriter.Margin);
        var stickers = PdfExamples.Render(s => ExportPdfs.Stickers(PdfExamples.Stickers() with { Model = longName }, s));
        PdfInspection.AssertInsideMargins(stickers, "lange Aufkleber", page => page > 1 ? StickerSheets.LabelMargin : PdfWriter.Margin);
    }
}
