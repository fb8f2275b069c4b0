using System.Net;
using System.Net.Http.Headers;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using Document = LifeTimeCircle.Domain.Documents.Document;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge.Dokumente;

public sealed class DocumentsFixture : IAsyncLifetime
{
    public ClamdFixture Clamd { get; } = new();
    public LtcFactory App { get; private set; } = null!;

    private sealed class DocFactory(string clamd) : LtcFactory
    {
        protected override IDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["LTC_CLAMAV"] = clamd,
            // Tests drive the scan processor directly (STYLE §10); the hosted worker is the same loop around it.
            ["LTC_JOBS_WORKER"] = "false",
        };
    }

    public async Task InitializeAsync()
    {
        await Clamd.InitializeAsync();
        App = new DocFactory(Clamd.Endpoint);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Clamd.DisposeAsync();
    }
}

public sealed class DocumentTests(DocumentsFixture fx, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<DocumentsFixture>
{
    private LtcFactory App => fx.App;

    private async Task<HttpResponseMessage> UploadAsync(HttpClient client, string vehicleId, byte[] content, string fileName, string kind = "Rechnung",
        string? entryId = null, string contentType = "application/pdf", string field = "Datei", string? replaces = null)
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Dokumente/Neu" + (replaces is null ? "" : "?ersetzt=" + replaces));
        var token = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(kind), "Kind" },
            { new StringContent(entryId ?? ""), "EntryId" },
        };
        if (page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=ersetzt]") is { } hidden) form.Add(new StringContent(hidden.Value), "ersetzt");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, field, fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/Fahrzeuge/{vehicleId}/Dokumente/Neu") { Content = form };
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }

    private async Task<bool> ScanNextAsync()
    {
        // Drain everything that is due (other tests of this class may have left documents in the queue).
        return await Jobs.DrainAsync(App.Services, ScanProcessor.Kind) > 0;
    }

    private Task<Document> DocAsync(string publicId) => App.WithDbAsync(db => db.Documents.AsNoTracking().SingleAsync(d => d.PublicId == publicId));

    private static string DocId(HttpResponseMessage r) => r.Headers.Location!.OriginalString.Split('/').Last();

    [Fact]
    public async Task An_invoice_is_quarantined_scanned_clean_approved_and_makes_its_entry_T3()
    {
        var owner = await Flows.SignedInClientAsync(App, "beleg@example.de", Roles.Vip);
        var (vehicle, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(App, "beleg@example.de", 2);
        var uploaded = await UploadAsync(owner, vehicle, ClamdFixture.CleanPdf(), "Rechnung Müller.pdf", entryId: entry);
        Html.AssertRedirect(uploaded, $"/Fahrzeuge/{vehicle}/Dokumente/");
        var id = DocId(uploaded);
        var (_, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Dokumente/{id}");
        Assert.Contains("in Prüfung", Html.Text(page));
        Assert.Contains("Rechnung Müller.pdf", Html.Text(page));
        var stored = await DocAsync(id);
        Assert.Equal((ApprovalState.Quarantined, ScanState.Pending), (stored.Approval, stored.Scan));
        Assert.Equal(64, stored.Sha256!.Length);
        Assert.DoesNotContain("Müller", stored.StorageKey, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Fahrzeuge/{vehicle}/Dokumente/{id}?handler=Datei")).StatusCode);

        Assert.True(await ScanNextAsync());
        Assert.Equal(ScanState.Clean, (await DocAsync(id)).Scan);

        var (admin, _) = await Flows.AdminClientAsync(App, "pruefer@example.de");
        var (queue, queueDoc) = await Html.GetAsync(admin, "/Admin/Quarantaene");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        var preview = await admin.GetAsync($"/Admin/Quarantaene?handler=Vorschau&doc={id}");
        Assert.Equal("application/pdf", preview.Content.Headers.ContentType!.MediaType);
        var approve = queueDoc.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Approve']")
            .First(f => f.QuerySelector($"input[value='{id}']") is not null);
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, approve, new Dictionary<string, string>()), "/Admin/Quarantaene");
        Assert.True((await DocAsync(id)).IsValidEvidence);

        var (_, timeline) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Eintragung");
        Assert.Contains("T3", Html.Text(timeline));
        var download = await owner.GetAsync($"/Fahrzeuge/{vehicle}/Dokumente/{id}?handler=Datei");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(ClamdFixture.CleanPdf(), await download.Content.ReadAsByteArrayAsync());

        var actions = await App.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == id).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.UploadReceived, actions);
        Assert.Contains(AuditActions.UploadScannedClean, actions);
        Assert.Contains(AuditActions.UploadApproved, actions);

        // Another owner: 404 for the page and the download.
        var stranger = await Flows.SignedInClientAsync(App, "fremder-beleg@example.de", Roles.Vip);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Fahrzeuge/{vehicle}/Dokumente/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Fahrzeuge/{vehicle}/Dokumente/{id}?handler=Datei")).StatusCode);
    }

    [Fact]
    public async Task An_eicar_file_is_found_by_clamd_and_rejected_automatically()
    {
        var owner = await Flows.SignedInClientAsync(App, "virus@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(App, "virus@example.de", 0);
        var id = DocId(await UploadAsync(owner, vehicle, ClamdFixture.EicarPdf, "rechnung.pdf"));
        Assert.True(await ScanNextAsync());
        var doc = await DocAsync(id);
        Assert.Equal(ScanState.Infected, doc.Scan);
        Assert.Equal(ApprovalState.Rejected, doc.Approval);
        Assert.Contains("LTC.Test.EICAR-PDF", doc.ScanDetail, StringComparison.Ordinal);
        var (_, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Dokumente/{id}");
        Assert.Contains("abgelehnt", Html.Text(page));
        Assert.Contains(await App.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == id).Select(a => a.Action).ToListAsync()), a => a == "UPLOAD_SCANNED_INFECTED");
    }

    [Fact]
    public async Task A_text_file_named_pdf_is_refused_before_anything_is_written()
    {
        var owner = await Flows.SignedInClientAsync(App, "falschtyp@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(App, "falschtyp@example.de", 0);
        var filesDir = Path.Combine(App.DataDir, "files");
        var before = Directory.Exists(filesDir) ? Directory.GetFiles(filesDir, "*", SearchOption.AllDirectories).Length : 0;
        var response = await UploadAsync(owner, vehicle, "Das ist nur Text."u8.ToArray(), "rechnung.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Dieser Dateityp wird nicht angenommen", Html.Text(await Html.ParseAsync(response)));
        var after = Directory.Exists(filesDir) ? Directory.GetFiles(filesDir, "*", SearchOption.AllDirectories).Length : 0;
        Assert.Equal(before, after);
        Assert.Empty(Directory.Exists(Path.Combine(App.DataDir, "tmp")) ? Directory.GetFiles(Path.Combine(App.DataDir, "tmp")) : []);
        Assert.Equal(0, await App.WithDbAsync(db => db.Documents.CountAsync(d => db.Vehicles.Any(v => v.Id == d.VehicleId && v.PublicId == vehicle))));
        Assert.True(await App.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.UploadRejected && a.Result == AuditResult.Denied)));
    }

    [Fact]
    public async Task A_pdf_with_javascript_is_rejected_by_the_structural_check()
    {
        var owner = await Flows.SignedInClientAsync(App, "skript@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(App, "skript@example.de", 0);
        var pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n"u8.ToArray();
        var id = DocId(await UploadAsync(owner, vehicle, pdf, "formular.pdf", "Sonstiges"));
        Assert.True(await ScanNextAsync());
        var doc = await DocAsync(id);
        Assert.Equal(ApprovalState.Rejected, doc.Approval);
        Assert.Contains("aktiven Inhalten", doc.ScanDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_clamd_stopped_a_document_stays_pending_and_is_scanned_when_it_is_back()
    {
        var owner = await Flows.SignedInClientAsync(App, "warten@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(App, "warten@example.de", 0);
        // Decisions of other tests in this class queued notification mails (no worker here): delivered, so only the scanner counts.
        await Jobs.DrainAsync(App, LifeTimeCircle.Infrastructure.Email.MailSender.Kind);
        var up = new HttpRequestMessage(HttpMethod.Get, "/health");
        up.Headers.Accept.ParseAdd("application/json");
        var upResponse = await App.CreateClient().SendAsync(up);
        var upJson = await upResponse.Content.ReadAsStringAsync();
        Assert.True(upResponse.StatusCode == HttpStatusCode.OK, upJson);
        Assert.Contains("Scanner erreichbar", upJson, StringComparison.Ordinal);
        await fx.Clamd.StopAsync();
        try
        {
            var id = DocId(await UploadAsync(owner, vehicle, ClamdFixture.CleanPdf("warten"), "warten.pdf"));
            while (await ScanNextAsync())
            {
                // Drains whatever is due; ours is deferred after its first attempt.
            }
            var doc = await DocAsync(id);
            Assert.Equal(ScanState.Pending, doc.Scan);
            Assert.True(doc.ScanAttempts >= 1);
            App.Clock.Advance(LifeTimeCircle.Infrastructure.Health.HealthReportCache.MaxAge); // the report above is shared for 5 s
            var request = new HttpRequestMessage(HttpMethod.Get, "/health");
            request.Headers.Accept.ParseAdd("application/json");
            var health = await App.CreateClient().SendAsync(request);
            var json = await health.Content.ReadAsStringAsync();
            // clamd down alone is degraded (200): the site works, uploads wait (ScannerHealthTests pins the limits).
            Assert.True(health.StatusCode == HttpStatusCode.OK, json);
            Assert.Contains("Scanner nicht erreichbar", json, StringComparison.Ordinal);
            Assert.Contains("oldestPendingMinutes", json, StringComparison.Ordinal);

            // An admin cannot approve while the scan is pending.
            var (admin, _) = await Flows.AdminClientAsync(App, "ungeduldig@example.de");
            var (_, queue) = await Html.GetAsync(admin, "/Admin/Quarantaene");
            var approve = queue.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Approve']")
                .First(f => f.QuerySelector($"input[value='{id}']") is not null);
            var refused = await Html.SubmitFormAsync(admin, approve, new Dictionary<string, string>());
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Freigabe erst nach sauberer Virenprüfung", Html.Text(await Html.ParseAsync(refused)));

            await fx.Clamd.StartAsync();
            App.Clock.Advance(TimeSpan.FromMinutes(15));
            Assert.True(await ScanNextAsync());
            Assert.Equal(ScanState.Clean, (await DocAsync(id)).Scan);
        }
        finally
        {
            await fx.Clamd.StartAsync().ContinueWith(_ => Task.CompletedTask);
        }
    }

    [Fact]
    public async Task An_open_pii_suspicion_turns_the_light_red_and_blocks_T3()
    {
        var owner = await Flows.SignedInClientAsync(App, "datenschutz@example.de", Roles.Vip);
        var (vehicle, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(App, "datenschutz@example.de", 1);
        var id = DocId(await UploadAsync(owner, vehicle, ClamdFixture.CleanPdf("pii"), "mit-adresse.pdf", entryId: entry));
        var (_, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Dokumente/{id}");
        var pii = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Pii']")!;
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, pii, new Dictionary<string, string> { ["PiiNote"] = "Adresse sichtbar" }), $"/Fahrzeuge/{vehicle}/Dokumente/{id}");
        var (_, akte) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Fahrzeugakte");
        Assert.Contains("Trust-Ampel: Rot", Html.Text(akte));
        Assert.Contains("Offene Datenschutz-Prüfung blockiert die höchste Trust-Stufe.", Html.Text(akte));
    }

    [Fact]
    public async Task A_confirmed_pii_finding_is_cleaned_by_an_approved_replacement_or_deleted_after_the_retention_period()
    {
        var owner = await Flows.SignedInClientAsync(App, "bereinigt@example.de", Roles.Vip);
        var (vehicle, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(App, "bereinigt@example.de", 1);
        var original = DocId(await UploadAsync(owner, vehicle, ClamdFixture.CleanPdf("original"), "mit-name.pdf", entryId: entry));
        var forgotten = DocId(await UploadAsync(owner, vehicle, ClamdFixture.CleanPdf("vergessen"), "vergessen.pdf", entryId: entry));
        Assert.True(await ScanNextAsync());
        var (admin, _) = await Flows.AdminClientAsync(App, "datenschutz-pruefer@example.de");
        foreach (var id in new[] { original, forgotten })
        {
            var (_, queue) = await Html.GetAsync(admin, "/Admin/Quarantaene");
            var pii = queue.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Pii']").First(f => f.QuerySelector($"input[value='{id}']") is not null);
            Html.AssertRedirect(await Html.SubmitFormAsync(admin, pii, new Dictionary<string, string> { ["Pii"] = "Confirmed", ["Reason"] = "Name und Anschrift" }), "/Admin/Quarantaene");
        }
        Assert.Equal(PiiState.Confirmed, (await DocAsync(original)).Pii);

        // The owner uploads a cleaned version from the document page's link; once approved, the original is retired.
        var (_, originalPage) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Dokumente/{original}");
        Assert.NotNull(originalPage.QuerySelector($"a[href$='ersetzt={original}']"));
        var replacement = DocId(await UploadAsync(owner, vehicle, ClamdFixture.CleanPdf("geschwaerzt"), "geschwärzt.pdf", entryId: entry, replaces: original));
        Assert.True(await ScanNextAsync());
        var (_, queue2) = await Html.GetAsync(admin, "/Admin/Quarantaene");
        var approve = queue2.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Approve']").First(f => f.QuerySelector($"input[value='{replacement}']") is not null);
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, approve, new Dictionary<string, string>()), "/Admin/Quarantaene");
        var retired = await DocAsync(original);
        Assert.NotNull(retired.DeletedAt);
        Assert.False(File.Exists(Path.Combine(App.DataDir, "files", retired.StorageKey[..2], retired.StorageKey)));
        Assert.Null((await DocAsync(forgotten)).DeletedAt);

        // The forgotten one is deleted by the hourly retention job after 30 days; its row stays, audited.
        using (var scope = App.Services.CreateScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ScanProcessor>().DeleteExpiredPiiAsync(30, CancellationToken.None));
        }
        App.Clock.Advance(TimeSpan.FromDays(31));
        await Jobs.ScheduleRecurringAsync(App.Services);
        Assert.Equal(1, await Jobs.DrainAsync(App.Services, PiiRetention.Kind)); // through the job runner, as in production
        var deleted = await DocAsync(forgotten);
        Assert.NotNull(deleted.DeletedAt);
        Assert.False(File.Exists(Path.Combine(App.DataDir, "files", deleted.StorageKey[..2], deleted.StorageKey)));
        owner = App.CreateBrowserClient(); // 31 days later the old sign-in has expired
        Html.AssertRedirect(await Flows.SignInAsync(owner, "bereinigt@example.de"), "/");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Fahrzeuge/{vehicle}/Dokumente/{forgotten}?handler=Datei")).StatusCode);
        var reasons = await App.WithDbAsync(db => db.AuditEvents.Where(a => a.Action == "DOCUMENT_DELETED" && (a.TargetId == original || a.TargetId == forgotten)).Select(a => a.TargetId).ToListAsync());
        Assert.Equal(2, reasons.Count);
        var (_, akte) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Fahrzeugakte");
        Assert.DoesNotContain("Offene Datenschutz-Prüfung", Html.Text(akte), StringComparison.Ordinal);
    }

    /// <summary>The memory figure for this case is measured against a separate app process (docs/performance.md).</summary>
    [Fact]
    public async Task A_50_MiB_upload_is_refused_without_the_server_reading_it()
    {
        var owner = await Flows.SignedInClientAsync(App, "gross@example.de", Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(App, "gross@example.de", 0);
        var filesDir = Path.Combine(App.DataDir, "files");
        var before = Directory.Exists(filesDir) ? Directory.GetFiles(filesDir, "*", SearchOption.AllDirectories).Length : 0;
        var big = new byte[50 * 1024 * 1024];
        "%PDF-1.4\n"u8.CopyTo(big);
        var response = await UploadAsync(owner, vehicle, big, "riesig.pdf");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var text = Html.Text(await Html.ParseAsync(response));
        Assert.Contains("Datei zu groß", text, StringComparison.Ordinal);
        Assert.Contains("10 MiB", text, StringComparison.Ordinal);
        var after = Directory.Exists(filesDir) ? Directory.GetFiles(filesDir, "*", SearchOption.AllDirectories).Length : 0;
        Assert.Equal(before, after);
        output.WriteLine("upload of 50 MiB refused with 413 before the body was read");
    }
}
