using System.Net;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Web;

/// <summary>The app with the export and scan workers off: the tests drive the queues themselves.</summary>
public sealed class DownloadFactory : LtcFactory
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_EXPORT_WORKER"] = "false", ["LTC_SCAN_WORKER"] = "false" };
}

/// <summary>Every file the app hands out carries the same security headers and a safe Content-Disposition.</summary>
public sealed class DownloadHeadersTests(DownloadFactory app) : IClassFixture<DownloadFactory>
{
    private static async Task AssertSecureAsync(HttpResponseMessage response, string disposition, string fileName)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Html.DescribeAsync(response));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'; img-src 'self'; sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.CacheControl is { NoStore: true, Private: true }, "Cache-Control: " + response.Headers.CacheControl);
        var cd = response.Content.Headers.ContentDisposition;
        Assert.NotNull(cd);
        Assert.Equal(disposition, cd.DispositionType);
        var name = (cd.FileNameStar ?? cd.FileName)!.Trim('"');
        Assert.Equal(fileName, name);
        Assert.DoesNotContain('/', name);
    }

    private async Task<(string Vehicle, string Doc)> ApprovedDocumentAsync(string email)
    {
        var (vehicle, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 1);
        var doc = await DocumentSeed.CreateDocumentAsync(app, vehicle, entry);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var d = await db.Documents.SingleAsync(x => x.PublicId == doc);
        d.ScannedClean(app.Clock.GetUtcNow());
        d.Approve(app.Clock.GetUtcNow());
        var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicle);
        v.EnableShare();
        await db.SaveChangesAsync();
        return (vehicle, doc);
    }

    private async Task RequestExportAsync(HttpClient client, string vehicle, ExportType type)
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Exporte");
        var form = page.QuerySelectorAll<IHtmlFormElement>("form")
            .First(f => f.QuerySelector($"input[name=Type][value={type}]") is not null && f.QuerySelector("input[name=Bestaetigt]") is null);
        Html.AssertRedirect(await Html.SubmitFormAsync(client, form, new Dictionary<string, string>()), "/Exporte");
        await LifeTimeCircle.Tests.Infrastructure.Jobs.DrainAsync(app.Services, ExportProcessor.Kind);
    }

    private Task<ExportJob> JobAsync(ExportType type) =>
        app.WithDbAsync(db => db.ExportJobs.AsNoTracking().Where(j => j.Type == type).OrderByDescending(j => j.Id).FirstAsync());

    [Fact]
    public async Task A_document_download_and_the_reviewers_preview_carry_the_download_headers()
    {
        var owner = await Flows.SignedInClientAsync(app, "kopf-beleg@example.de", Roles.Vip);
        var (vehicle, doc) = await ApprovedDocumentAsync("kopf-beleg@example.de");
        await AssertSecureAsync(await owner.GetAsync($"/Fahrzeuge/{vehicle}/Dokumente/{doc}?handler=Datei"), "attachment", "Rechnung Bremsen.pdf");

        var (admin, _) = await Flows.AdminClientAsync(app, "kopf-pruefer@example.de");
        await AssertSecureAsync(await admin.GetAsync($"/Admin/Quarantaene?handler=Vorschau&doc={doc}"), "inline", "Vorschau.pdf");
    }

    [Fact]
    public async Task A_pdf_export_and_a_one_time_data_export_carry_the_download_headers()
    {
        const string email = "kopf-export@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, _) = await ApprovedDocumentAsync(email);
        await RequestExportAsync(owner, vehicle, ExportType.Wartungsstand);
        var pdf = await JobAsync(ExportType.Wartungsstand);
        await AssertSecureAsync(await owner.GetAsync($"/Exporte/{pdf.PublicId}/Datei"), "attachment", "Wartungsstand-Fassung-1.pdf");

        var (_, stepUp) = await Html.GetAsync(owner, "/Exporte/Bestaetigen?returnUrl=/Exporte");
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, stepUp.QuerySelector<IHtmlFormElement>("main form")!,
            new Dictionary<string, string> { ["Input.Secret"] = TestData.Password }), "/Exporte");
        await RequestExportAsync(owner, vehicle, ExportType.DatenVoll);
        var full = await JobAsync(ExportType.DatenVoll);
        var (_, list) = await Html.GetAsync(owner, "/Exporte");
        var prepare = list.QuerySelectorAll<IHtmlFormElement>("form[action*='handler=Token']").Single(f => f.QuerySelector($"input[value='{full.PublicId}']") is not null);
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, prepare, new Dictionary<string, string>()), "/Exporte");
        var (_, ready) = await Html.GetAsync(owner, "/Exporte");
        var download = ready.QuerySelector<IHtmlFormElement>($"form[action='/Exporte/{full.PublicId}/Datei']")!;
        await AssertSecureAsync(await Html.SubmitFormAsync(owner, download, new Dictionary<string, string>()), "attachment", "Fahrzeugdaten-vollstaendig.json");
    }
}
