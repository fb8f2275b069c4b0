using System.Net;
using System.Security.Cryptography;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Tests.Exporte;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace LifeTimeCircle.Tests.Public;

/// <summary>
/// The public certificate check shows what was certified on the day of issue (light, reasons, entry counts by
/// T-level, vehicle identity, dates) and the PDF's SHA-256, so that an edited PDF can be told apart from the real one.
/// </summary>
public sealed class CertificateSnapshotTests(ExportFactory app) : IClassFixture<ExportFactory>
{
    private async Task ProcessAllAsync()
    {
        await Jobs.DrainAsync(app.Services, ExportProcessor.Kind);
    }

    private Task<ExportJob> CertificateAsync(string vehicle) =>
        app.WithDbAsync(db => db.ExportJobs.AsNoTracking()
            .Where(j => j.Type == ExportType.TrustZertifikat && db.Vehicles.Any(v => v.Id == j.VehicleId && v.PublicId == vehicle))
            .OrderByDescending(j => j.Version).FirstAsync());

    private static string NoSpace(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static string ById(IHtmlDocument page, string id) =>
        page.GetElementById(id)?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"#{id} fehlt in:\n{page.DocumentElement.OuterHtml}");

    [Fact]
    public async Task The_check_page_shows_the_certified_state_and_the_pdf_hash_after_the_vehicle_has_changed()
    {
        const string email = "zertifikat-stand@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        // Four entries, no physical service book, one approved invoice on the first entry: T3 = 1, T1 = 3, light Gelb.
        var (vehicle, firstEntry) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 4);
        var invoice = await DocumentSeed.CreateDocumentAsync(app, vehicle, firstEntry);
        var vin = await app.WithDbAsync(async db =>
        {
            var doc = await db.Documents.SingleAsync(d => d.PublicId == invoice);
            doc.ScannedClean(app.Clock.GetUtcNow());
            doc.Approve(app.Clock.GetUtcNow());
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicle);
            v.EnableShare();
            await db.SaveChangesAsync();
            using var scope = app.Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<VinProtector>().Decrypt(v.VinCipher);
        });

        var (_, exports) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Exporte");
        var request = exports.QuerySelectorAll<IHtmlFormElement>("form")
            .First(f => f.QuerySelector("input[name=Type][value=TrustZertifikat]") is not null && f.QuerySelector("input[name=Bestaetigt]") is null);
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, request, new Dictionary<string, string>()), "/Exporte");
        await ProcessAllAsync();
        var certificate = await CertificateAsync(vehicle);
        Assert.Equal(ExportStatus.Succeeded, certificate.Status);
        var download = await owner.GetAsync($"/Exporte/{certificate.PublicId}/Datei");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var pdf = await download.Content.ReadAsByteArrayAsync();
        var pdfSha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        string pdfText;
        using (var parsed = PdfDocument.Open(pdf)) pdfText = NoSpace(string.Concat(parsed.GetPages().Select(p => p.Text)));
        Assert.Contains("Trust-Ampel:Gelb", pdfText, StringComparison.Ordinal);
        // The timeline summary table: level, count, first and last date, last odometer reading.
        Assert.Contains(NoSpace("T3 – mit geprüftem Nachweis 1 "), pdfText, StringComparison.Ordinal);
        Assert.Contains(NoSpace("T2 – Serviceheft vorhanden 0 – – –"), pdfText, StringComparison.Ordinal);
        Assert.Contains(NoSpace("T1 – Eigenangabe 3 "), pdfText, StringComparison.Ordinal);

        // Afterwards the vehicle changes: other make/model/year, service book, accident status unknown, a document in quarantine.
        await app.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicle);
            v.Apply(new VehicleDetails("Opel", "Astra", 2019, VehicleClass.Alltag, EngineType.Diesel, null, null, null, AccidentStatus.Unbekannt, true, null), app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });
        await DocumentSeed.CreateDocumentAsync(app, vehicle, null);
        app.Clock.Advance(TimeSpan.FromDays(3));

        var anonymous = app.CreateBrowserClient();
        var (response, check) = await Html.GetAsync(anonymous, "/Zertifikat?code=" + certificate.VerificationCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Html.Text(check);
        var html = check.DocumentElement.OuterHtml;
        Assert.True(text.Contains("Zertifikat gültig", StringComparison.Ordinal), html);
        Assert.True(text.Contains("Stand bei Ausstellung am 28.11.2026", StringComparison.Ordinal), html);
        Assert.Equal("Volkswagen Golf", ById(check, "zertifikat-fahrzeug"));
        Assert.Equal("2015", ById(check, "zertifikat-baujahr"));
        Assert.Equal(vin[..3] + "***" + vin[^4..], ById(check, "zertifikat-fin"));
        Assert.Equal("Trust-Ampel: Gelb", ById(check, "zertifikat-ampel"));
        Assert.Contains("light-gelb", check.GetElementById("zertifikat-ampel")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("Dokumentation vorhanden, aber Nachweise sind teilweise unvollständig.", text, StringComparison.Ordinal);
        var codes = check.QuerySelectorAll("#zertifikat-gruende li code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["public_evidence_incomplete", "t2_requires_physical_servicebook_missing"], codes);
        Assert.Equal(("1", "0", "3"), (ById(check, "zertifikat-t3"), ById(check, "zertifikat-t2"), ById(check, "zertifikat-t1")));
        Assert.Equal("28.11.2026", ById(check, "zertifikat-ausgestellt"));
        Assert.Equal("26.02.2027", ById(check, "zertifikat-gueltig-bis"));
        Assert.Equal(pdfSha, ById(check, "zertifikat-sha256"));
        Assert.Contains("sha256sum", text, StringComparison.Ordinal);
        // Nothing of today's vehicle, no owner data, never the full VIN.
        var visible = text.Replace(pdfSha, "", StringComparison.Ordinal); // a hex hash may contain any four digits
        foreach (var now in new[] { "Opel", "Astra", "2019", "Orange", "document_quarantined_not_approved", "accident_status_unknown_cap_orange" })
        {
            Assert.False(visible.Contains(now, StringComparison.Ordinal), $"„{now}“ gehört nicht auf die Seite:\n{html}");
        }
        Assert.DoesNotContain(vin, html, StringComparison.Ordinal);
        Assert.DoesNotContain(email, html, StringComparison.Ordinal);

        // Expired: the existing neutral answer, without the certified content or the hash.
        app.Clock.Advance(TimeSpan.FromDays(90));
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ExportProcessor>().ExpireDueAsync(CancellationToken.None);
        }
        var (_, expired) = await Html.GetAsync(anonymous, "/Zertifikat?code=" + certificate.VerificationCode);
        Assert.Contains("Zertifikat nicht mehr gültig", Html.Text(expired), StringComparison.Ordinal);
        Assert.Null(expired.GetElementById("zertifikat-sha256"));
        Assert.Null(expired.GetElementById("zertifikat-ampel"));
        Assert.DoesNotContain(pdfSha, expired.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }
}
