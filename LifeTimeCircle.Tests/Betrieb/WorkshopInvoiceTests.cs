using System.Net;
using System.Net.Http.Headers;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Fahrzeuge.Dokumente;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Document = LifeTimeCircle.Domain.Documents.Document;

namespace LifeTimeCircle.Tests.Betrieb;

/// <summary>
/// Issue 16 item 4: a workshop attaches an invoice to its proposal — stored through the normal quarantine and a real
/// clamd, hidden from the vehicle until the owner decides, evidence of the new entry after „Übernehmen“ and the review
/// (T3), deleted with its file after „Ablehnen“; only where the owner allowed invoices.
/// </summary>
public sealed class WorkshopInvoiceTests(DocumentsFixture fx) : IClassFixture<DocumentsFixture>
{
    private LtcFactory App => fx.App;

    private static async Task<HttpResponseMessage> ProposeWithInvoiceAsync(HttpClient business, string grantId, byte[] content, string fileName,
        string category = "Reparatur", string work = "Bremsbeläge vorne erneuert.")
    {
        var (_, page) = await Html.GetAsync(business, $"/Betrieb/Kundenfahrzeuge/{grantId}");
        var token = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Date")!.Value), "Input.Date" },
            { new StringContent(category), "Input.Category" },
            { new StringContent("12.500"), "Input.Odometer" },
            { new StringContent(work), "Input.WorkDone" },
            { new StringContent("318,40"), "Input.Cost" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "Input.Rechnung", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/Betrieb/Kundenfahrzeuge/{grantId}") { Content = form };
        request.Headers.Accept.ParseAdd("text/html");
        return await business.SendAsync(request);
    }

    private async Task<(HttpClient Owner, string VehicleId, HttpClient Business, string GrantId)> GrantedAsync(string prefix, bool invoices = true)
    {
        var owner = await Flows.SignedInClientAsync(App, $"{prefix}-kunde@example.de", Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(App, $"{prefix}-kunde@example.de", 1);
        var (business, code) = await WorkshopSeed.BusinessClientAsync(App, $"{prefix}@werkstatt.example", $"Werkstatt {prefix}");
        await WorkshopSeed.GrantAsync(owner, vehicleId, code, invoices: invoices);
        var grantId = Assert.Single(await WorkshopSeed.CustomerGrantIdsAsync(business));
        return (owner, vehicleId, business, grantId);
    }

    private Task<Document> InvoiceAsync(string fileName) =>
        App.WithDbAsync(db => db.Documents.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.OriginalFileName == fileName));

    private int StoredFileCount()
    {
        var dir = Path.Combine(App.DataDir, "files");
        return Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count() : 0;
    }

    private string FilePath(string key) => App.Services.GetRequiredService<DocumentStorage>().PathFor(key);

    [Fact]
    public async Task An_invoice_waits_hidden_with_the_proposal_and_after_takeover_and_review_makes_the_entry_T3()
    {
        var (owner, vehicleId, business, grantId) = await GrantedAsync("rechnung-gut");
        Html.AssertRedirect(await ProposeWithInvoiceAsync(business, grantId, ClamdFixture.CleanPdf("werkstatt"), "Rechnung 4711.pdf"), $"/Betrieb/Kundenfahrzeuge/{grantId}");
        var invoice = await InvoiceAsync("Rechnung 4711.pdf");
        Assert.True(invoice.AwaitsProposal);
        Assert.Equal((ApprovalState.Quarantined, ScanState.Pending, DocumentKind.Rechnung), (invoice.Approval, invoice.Scan, invoice.Kind));
        Assert.True(File.Exists(FilePath(invoice.StorageKey)));

        // Not the vehicle's document before the owner decides: not on the Dokumente tab, not in the review queue.
        var (invoicesTab, documents) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Rechnung");
        Assert.Equal(HttpStatusCode.OK, invoicesTab.StatusCode);
        Assert.DoesNotContain("Rechnung 4711", Html.Text(documents));
        var (admin, _) = await Flows.AdminClientAsync(App, "rechnung-pruefer@example.de");
        Assert.DoesNotContain(invoice.PublicId, (await Html.GetAsync(admin, "/Admin/Quarantaene")).Document.Source.Text);

        // Scanned at once by the real clamd; the workshop sees the state.
        await Jobs.DrainAsync(App.Services, ScanProcessor.Kind);
        Assert.Equal(ScanState.Clean, (await InvoiceAsync("Rechnung 4711.pdf")).Scan);
        var (_, workshopPage) = await Html.GetAsync(business, $"/Betrieb/Kundenfahrzeuge/{grantId}");
        Assert.Contains("Rechnung „Rechnung 4711.pdf“", Html.Text(workshopPage));
        Assert.Contains("auf Viren geprüft", Html.Text(workshopPage));

        var (_, inbox) = await Html.GetAsync(owner, "/Module");
        Assert.Contains("Rechnung der Werkstatt: „Rechnung 4711.pdf“", Html.Text(inbox));
        var accept = inbox.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Uebernehmen']")!;
        var accepted = await Html.SubmitFormAsync(owner, accept, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        invoice = await InvoiceAsync("Rechnung 4711.pdf");
        Assert.False(invoice.AwaitsProposal);
        var entryGroup = await App.WithDbAsync(db => db.WorkshopProposals.Where(p => p.InvoiceDocumentId == invoice.Id).Select(p => p.EntryGroupId).SingleAsync());
        Assert.Equal(entryGroup, invoice.EntryGroupId);
        Assert.Contains(invoice.PublicId, (await Html.GetAsync(admin, "/Admin/Quarantaene")).Document.Source.Text);
        var (_, queue) = await Html.GetAsync(admin, "/Admin/Quarantaene");
        var approve = queue.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Approve']")
            .First(f => f.QuerySelector($"input[value='{invoice.PublicId}']") is not null);
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, approve, new Dictionary<string, string>()), "/Admin/Quarantaene");

        var (_, timeline) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Eintragung");
        var proposed = Assert.Single(timeline.QuerySelectorAll("main li"), li => li.TextContent.Contains("von Werkstatt „Werkstatt rechnung-gut“ vorgeschlagen", StringComparison.Ordinal));
        Assert.True(proposed.TextContent.Contains("T3", StringComparison.Ordinal), proposed.TextContent);
        Assert.Contains("Rechnung 4711", Html.Text((await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Rechnung")).Document));
        var actions = await App.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == invoice.PublicId).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.UploadReceived, actions);
        Assert.Contains(AuditActions.UploadApproved, actions);
    }

    [Fact]
    public async Task A_rejected_proposal_deletes_its_invoice_and_an_infected_one_is_reported_to_the_workshop()
    {
        var (owner, _, business, grantId) = await GrantedAsync("rechnung-ab");
        Html.AssertRedirect(await ProposeWithInvoiceAsync(business, grantId, ClamdFixture.CleanPdf("abgelehnt"), "abgelehnt.pdf"), $"/Betrieb/Kundenfahrzeuge/{grantId}");
        Html.AssertRedirect(await ProposeWithInvoiceAsync(business, grantId, ClamdFixture.EicarPdf, "virus.pdf", "Inspektion", "Inspektion."), $"/Betrieb/Kundenfahrzeuge/{grantId}");
        await Jobs.DrainAsync(App.Services, ScanProcessor.Kind);
        var (_, workshopPage) = await Html.GetAsync(business, $"/Betrieb/Kundenfahrzeuge/{grantId}");
        Assert.Contains("Rechnung „virus.pdf“", Html.Text(workshopPage));
        Assert.Contains("abgelehnt: Die Prüfung hat ein Risiko gefunden", Html.Text(workshopPage));

        var rejectedFile = await InvoiceAsync("abgelehnt.pdf");
        var (_, inbox) = await Html.GetAsync(owner, "/Module");
        var reject = inbox.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Ablehnen']")
            .First(f => f.ParentElement!.TextContent.Contains("abgelehnt.pdf", StringComparison.Ordinal));
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, reject, new Dictionary<string, string> { ["comment"] = "Falsches Fahrzeug." }), "/Module");
        var deleted = await InvoiceAsync("abgelehnt.pdf");
        Assert.NotNull(deleted.DeletedAt);
        Assert.False(File.Exists(FilePath(rejectedFile.StorageKey)));
        Assert.Contains("Rechnung „abgelehnt.pdf“", Html.Text((await Html.GetAsync(business, $"/Betrieb/Kundenfahrzeuge/{grantId}")).Document));
    }

    [Fact]
    public async Task Without_the_owners_permission_the_form_has_no_file_field_and_a_posted_file_is_refused_and_not_kept()
    {
        var (_, _, business, grantId) = await GrantedAsync("rechnung-nein", invoices: false);
        var (_, page) = await Html.GetAsync(business, $"/Betrieb/Kundenfahrzeuge/{grantId}");
        Assert.Null(page.QuerySelector("input[type=file]"));
        Assert.Contains("keine Rechnungen freigegeben", Html.Text(page));
        var filesBefore = StoredFileCount();

        var refused = await ProposeWithInvoiceAsync(business, grantId, ClamdFixture.CleanPdf("ohne"), "ohne-erlaubnis.pdf");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var again = await Html.ParseAsync(refused);
        Assert.Contains("Der Besitzer hat das Hochladen von Rechnungen für dieses Fahrzeug nicht erlaubt.", Html.Text(again));
        Assert.Equal("Bremsbeläge vorne erneuert.", again.QuerySelector("#Input_WorkDone")!.TextContent.Trim());
        Assert.False(await App.WithDbAsync(db => db.Documents.IgnoreQueryFilters().AnyAsync(d => d.OriginalFileName == "ohne-erlaubnis.pdf")));
        Assert.False(await App.WithDbAsync(db => db.WorkshopProposals.AnyAsync(p => p.WorkDone == "Bremsbeläge vorne erneuert." && p.GrantId ==
            db.WorkshopGrants.Where(g => g.PublicId == grantId).Select(g => g.Id).Single())));
        Assert.Equal(filesBefore, StoredFileCount());
    }

    [Fact]
    public async Task A_proposal_refused_by_the_limit_keeps_no_invoice_file()
    {
        var (_, _, business, grantId) = await GrantedAsync("rechnung-limit");
        for (var i = 0; i < global::LifeTimeCircle.Domain.Workshops.WorkshopProposal.MaxNonEssentialPerWindow; i++)
        {
            Html.AssertRedirect(await WorkshopSeed.ProposeAsync(business, grantId, "Pflege", work: $"Aufbereitung {i}."), $"/Betrieb/Kundenfahrzeuge/{grantId}");
        }
        var filesBefore = StoredFileCount();
        var limited = await ProposeWithInvoiceAsync(business, grantId, ClamdFixture.CleanPdf("limit"), "limit.pdf", "Pflege", "Noch eine Aufbereitung.");
        Assert.Equal(HttpStatusCode.OK, limited.StatusCode);
        Assert.Contains("höchstens 3 Vorschläge", Html.Text(await Html.ParseAsync(limited)));
        Assert.False(await App.WithDbAsync(db => db.Documents.IgnoreQueryFilters().AnyAsync(d => d.OriginalFileName == "limit.pdf")));
        Assert.Equal(filesBefore, StoredFileCount());
    }

    [Fact]
    public async Task A_sale_before_the_owner_decided_closes_the_proposal_and_deletes_its_invoice()
    {
        var (_, vehicleId, business, grantId) = await GrantedAsync("rechnung-verkauf");
        Html.AssertRedirect(await ProposeWithInvoiceAsync(business, grantId, ClamdFixture.CleanPdf("verkauf"), "verkauf.pdf"), $"/Betrieb/Kundenfahrzeuge/{grantId}");
        var invoice = await InvoiceAsync("verkauf.pdf");
        var buyer = await App.CreateUserAsync("rechnung-kaeufer@example.de");
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Data.AppDbContext>();
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
            var transfers = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Vehicles.TransferService>();
            IReadOnlyList<string> files;
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                files = (await transfers.MoveAsync(vehicle, buyer.Id, App.Clock.GetUtcNow(), CancellationToken.None)).DocumentFiles;
                await tx.CommitAsync();
            }
            Assert.Equal([invoice.StorageKey], files);
        }
        Assert.NotNull((await InvoiceAsync("verkauf.pdf")).DeletedAt);
        var proposal = await App.WithDbAsync(db => db.WorkshopProposals.AsNoTracking().SingleAsync(p => p.InvoiceDocumentId == invoice.Id));
        Assert.Equal(global::LifeTimeCircle.Domain.Workshops.ProposalState.Abgelehnt, proposal.State);
        Assert.Equal(global::LifeTimeCircle.Domain.Workshops.WorkshopProposal.OwnerChangedComment, proposal.DecisionComment);
    }
}
