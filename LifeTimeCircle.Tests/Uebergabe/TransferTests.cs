using System.Net;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Uebergabe;

/// <summary>The owner transfer (issue 14, SPEC §9) through the real pages and forms.</summary>
public sealed class TransferTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private static int _n;
    private static string Email(string who) => $"{who}{Interlocked.Increment(ref _n)}@transfer.example";

    [Fact]
    public async Task A_buyer_who_registers_during_the_handover_gets_the_vehicle_with_its_whole_history_and_the_seller_loses_every_access()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicleId, firstEntry) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 2);
        var docId = await DocumentSeed.CreateDocumentAsync(factory, vehicleId, firstEntry);
        var (oldShare, exportKey, exportJob) = await PrepareSellerStateAsync(vehicleId, docId);

        var code = await CreateTransferAsync(seller, vehicleId);

        // A new person: code first, then registration, then back to the confirmation with the code kept.
        var buyerEmail = Email("buyer");
        var buyer = factory.CreateBrowserClient();
        var typed = await TypeCodeAsync(buyer, code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        Html.AssertRedirect(typed, "/Uebergabe/Bestaetigen");
        Html.AssertRedirect(await buyer.GetAsync("/Uebergabe/Bestaetigen"), "/Konto/Anmelden");
        var verified = await Flows.RegisterAndVerifyAsync(factory, buyer, buyerEmail);
        Html.AssertRedirect(verified, "/Konto/Einwilligung");
        var (_, consent) = await Html.GetAsync(buyer, verified.Headers.Location!.OriginalString);
        var accepted = await Html.SubmitAsync(buyer, consent, new Dictionary<string, string> { ["Input.AcceptAgb"] = "true", ["Input.AcceptDatenschutz"] = "true" });
        Html.AssertRedirect(accepted, "/Uebergabe/Bestaetigen");

        var (preview, previewDoc) = await Html.GetAsync(buyer, "/Uebergabe/Bestaetigen");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var text = Html.Text(previewDoc);
        Assert.Contains("Volkswagen Golf", text, StringComparison.Ordinal);
        Assert.Contains("WVW***", text, StringComparison.Ordinal);
        var squeezed = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains("Einträge2Dokumente1", squeezed, StringComparison.Ordinal);
        Assert.Contains("Trust-Ampel", text, StringComparison.Ordinal);
        Assert.DoesNotContain(sellerEmail, text, StringComparison.OrdinalIgnoreCase);

        var redeemedAt = factory.Clock.GetUtcNow();
        var redeemed = await Html.SubmitAsync(buyer, previewDoc, new Dictionary<string, string>());
        Html.AssertRedirect(redeemed, "/Fahrzeuge/" + vehicleId);

        // The buyer sees the vehicle, both entries (as „Vorbesitz“), the system entry and the document.
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync("/Fahrzeuge/" + vehicleId)).StatusCode);
        var (_, timeline) = await Html.GetAsync(buyer, $"/Fahrzeuge/{vehicleId}/Eintragung");
        Assert.Equal(2, timeline.QuerySelectorAll("ol.entry-list li:not(.system-entry)").Length);
        Assert.Contains("Halterwechsel am " + LifeTimeCircle.Web.Display.Date(redeemedAt), Html.Text(timeline), StringComparison.Ordinal);
        Assert.Contains("Vorbesitz", Html.Text(timeline), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/Fahrzeuge/{vehicleId}/Dokumente/{docId}?handler=Datei")).StatusCode);

        // The seller: 404 everywhere.
        foreach (var url in new[]
        {
            $"/Fahrzeuge/{vehicleId}", $"/Fahrzeuge/{vehicleId}/Eintragung", $"/Fahrzeuge/{vehicleId}/Eintragung/{firstEntry}",
            $"/Fahrzeuge/{vehicleId}/Dokumente/{docId}", $"/Fahrzeuge/{vehicleId}/Dokumente/{docId}?handler=Datei",
            $"/Fahrzeuge/{vehicleId}/Exporte", $"/Fahrzeuge/{vehicleId}/Uebergabe", $"/Fahrzeuge/{vehicleId}/Uebergabe/Blatt",
        })
        {
            var response = await seller.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {await Html.DescribeAsync(response)}");
        }
        // The old public link is dead (neutral page), the seller's export file is gone and its row retired, notes removed.
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync("/q/" + oldShare)).StatusCode);
        await factory.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicleId);
            Assert.Equal(await db.Users.Where(u => u.Email == buyerEmail).Select(u => u.Id).SingleAsync(), v.OwnerId);
            Assert.NotNull(v.ShareToken);
            Assert.NotEqual(oldShare, v.ShareToken);
            var job = await db.ExportJobs.SingleAsync(j => j.PublicId == exportJob);
            Assert.Equal(ExportStatus.Expired, job.Status);
            Assert.Null(job.FileKey);
            Assert.Equal(0, await db.TodoNotes.CountAsync(n => n.VehicleId == v.Id));
            Assert.Equal(2, await db.Entries.CountAsync(e => e.VehicleId == v.Id));
            var events = await db.AuditEvents.Where(a => a.Action.StartsWith("HANDOVER_")).ToListAsync();
            Assert.Contains(events, a => a.Action == AuditActions.HandoverCreated);
            Assert.Contains(events, a => a.Action == AuditActions.HandoverRedeemed && a.Result == AuditResult.Success);
            Assert.DoesNotContain(events, a => a.MetadataJson.Contains(code.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal));
            return true;
        });
        Assert.False(File.Exists(factory.Services.GetRequiredService<ExportStorage>().PathOf(exportKey)));
        Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), factory.LogText, StringComparison.Ordinal);

        // Both get a confirmation mail, without the code.
        var sellerMail = Assert.Single(await Outbox.MessagesToAsync(factory, sellerEmail), m => m.Subject!.StartsWith("Fahrzeug übergeben", StringComparison.Ordinal));
        var buyerMail = Assert.Single(await Outbox.MessagesToAsync(factory, buyerEmail), m => m.Subject!.StartsWith("Fahrzeug übernommen", StringComparison.Ordinal));
        Assert.DoesNotContain(code, sellerMail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(buyerEmail, sellerMail.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(sellerEmail, buyerMail.TextBody, StringComparison.OrdinalIgnoreCase);

        // The used code: the same neutral answer as a wrong one.
        var again = await RedeemAsync(buyer, code);
        Assert.Contains(TransferService.InvalidCodeMessage, Html.Text(await Html.ParseAsync(again)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_new_owner_corrects_an_entry_of_the_previous_owner_only_as_a_new_version_of_their_own()
    {
        var (seller, buyer, buyerEmail) = (Email("seller"), factory.CreateBrowserClient(), Email("buyer"));
        var sellerClient = await Flows.SignedInClientAsync(factory, seller);
        var (vehicleId, entryId) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, seller, 1);
        var code = await CreateTransferAsync(sellerClient, vehicleId);
        buyer = await Flows.SignedInClientAsync(factory, buyerEmail);
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        Html.AssertRedirect(await RedeemAsync(buyer, code), "/Fahrzeuge/" + vehicleId);

        var (_, form) = await Html.GetAsync(buyer, $"/Fahrzeuge/{vehicleId}/Eintragung/{entryId}/Korrektur");
        var corrected = await Html.SubmitAsync(buyer, form, new Dictionary<string, string> { ["Input.Remark"] = "Korrigiert vom neuen Besitzer" });
        Html.AssertRedirect(corrected, $"/Fahrzeuge/{vehicleId}/Eintragung/{entryId}");
        var (_, history) = await Html.GetAsync(buyer, $"/Fahrzeuge/{vehicleId}/Eintragung/{entryId}");
        var versions = history.QuerySelectorAll("section.card").Select(s => s.TextContent).ToList();
        Assert.Equal(2, versions.Count);
        static string Squeeze(string t) => string.Concat(t.Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains("ErfasstvonIhnen", Squeeze(versions[0]), StringComparison.Ordinal);
        Assert.Contains("ErfasstvonVorbesitz", Squeeze(versions[1]), StringComparison.Ordinal);
        // The entry keeps its origin after the correction: banner on the entry, badge on the timeline.
        Assert.Contains("Dieser Eintrag stammt aus dem Vorbesitz", Html.Text(history), StringComparison.Ordinal);
        var (_, timelineAfter) = await Html.GetAsync(buyer, $"/Fahrzeuge/{vehicleId}/Eintragung");
        Assert.Contains("Vorbesitz", timelineAfter.QuerySelector($"ol.entry-list li a[href*='{entryId}']")!.ParentElement!.TextContent, StringComparison.Ordinal);
        await factory.WithDbAsync(async db =>
        {
            var first = await db.Entries.SingleAsync(e => e.GroupId == entryId && e.Version == 1);
            Assert.Equal(await db.Users.Where(u => u.Email == seller).Select(u => u.Id).SingleAsync(), first.CreatedBy);
            Assert.NotEqual("Korrigiert vom neuen Besitzer", first.Remark);
            var second = await db.Entries.SingleAsync(e => e.GroupId == entryId && e.Version == 2);
            Assert.Equal(await db.Users.Where(u => u.Email == buyerEmail).Select(u => u.Id).SingleAsync(), second.CreatedBy);
            return true;
        });
    }

    [Fact]
    public async Task A_transfer_is_refused_on_day_15_and_an_extended_one_works_until_day_28()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (expiring, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var (extended, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var expiringCode = await CreateTransferAsync(seller, expiring);
        var extendedCode = await CreateTransferAsync(seller, extended);

        factory.Clock.Advance(TimeSpan.FromDays(13));
        var (_, page) = await Html.GetAsync(seller, $"/Fahrzeuge/{extended}/Uebergabe");
        Html.AssertRedirect(await Html.SubmitAsync(seller, page, new Dictionary<string, string>(), "form[action*=Extend]"), $"/Fahrzeuge/{extended}/Uebergabe");
        var (_, afterExtend) = await Html.GetAsync(seller, $"/Fahrzeuge/{extended}/Uebergabe");
        Assert.Null(afterExtend.QuerySelector("form[action*=Extend]"));
        Assert.Contains("bereits verlängert", Html.Text(afterExtend), StringComparison.Ordinal);
        // A second extension posted by hand is refused.
        var second = await Html.SubmitAsync(seller, page, new Dictionary<string, string>(), "form[action*=Extend]");
        Assert.Contains("nur einmal verlängert", Html.Text(await Html.ParseAsync(second)), StringComparison.Ordinal);

        factory.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1)); // day 15
        var buyer = await Flows.SignedInClientAsync(factory, Email("buyer"));
        var refused = await RedeemAsync(buyer, expiringCode);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(TransferService.InvalidCodeMessage, Html.Text(await Html.ParseAsync(refused)), StringComparison.Ordinal);

        factory.Clock.Advance(TimeSpan.FromDays(13) - TimeSpan.FromHours(2)); // 27 days 23 hours after creation: still open
        var otherBuyer = await Flows.SignedInClientAsync(factory, Email("buyer"));
        Html.AssertRedirect(await RedeemAsync(otherBuyer, extendedCode), "/Fahrzeuge/" + extended);

        await factory.WithDbAsync(async db =>
        {
            Assert.Contains(await db.AuditEvents.Where(a => a.Action == AuditActions.HandoverExpired).ToListAsync(), a => a.ActorType == "system");
            Assert.Contains(await db.AuditEvents.Where(a => a.Action == AuditActions.HandoverExtended).ToListAsync(), a => a.Result == AuditResult.Success);
            return true;
        });
    }

    [Fact]
    public async Task An_extended_transfer_is_refused_after_day_28()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var code = await CreateTransferAsync(seller, vehicle);
        var (_, page) = await Html.GetAsync(seller, $"/Fahrzeuge/{vehicle}/Uebergabe");
        await Html.SubmitAsync(seller, page, new Dictionary<string, string>(), "form[action*=Extend]");
        factory.Clock.Advance(TimeSpan.FromDays(28) + TimeSpan.FromMinutes(1));
        var buyer = await Flows.SignedInClientAsync(factory, Email("buyer"));
        Assert.Contains(TransferService.InvalidCodeMessage, Html.Text(await Html.ParseAsync(await RedeemAsync(buyer, code))), StringComparison.Ordinal);
        Assert.Equal(sellerEmail, await OwnerEmailAsync(vehicle));
    }

    [Fact]
    public async Task A_cancelled_code_gets_the_same_neutral_message_as_a_wrong_one_and_a_new_transfer_can_be_created()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var code = await CreateTransferAsync(seller, vehicle);
        var (_, confirm) = await Html.GetAsync(seller, $"/Fahrzeuge/{vehicle}/Uebergabe/Abbrechen");
        Html.AssertRedirect(await Html.SubmitAsync(seller, confirm, new Dictionary<string, string>()), $"/Fahrzeuge/{vehicle}/Uebergabe");

        var buyer = await Flows.SignedInClientAsync(factory, Email("buyer"));
        var cancelled = Html.Text(await Html.ParseAsync(await RedeemAsync(buyer, code)));
        var wrong = Html.Text(await Html.ParseAsync(await RedeemAsync(buyer, "ZZZZ-ZZZZ-ZZZZZ")));
        Assert.Contains(TransferService.InvalidCodeMessage, cancelled, StringComparison.Ordinal);
        Assert.Equal(cancelled.Replace(code, "", StringComparison.Ordinal), wrong.Replace("ZZZZ-ZZZZ-ZZZZZ", "", StringComparison.Ordinal));
        Assert.Equal(sellerEmail, await OwnerEmailAsync(vehicle));

        var fresh = await CreateTransferAsync(seller, vehicle);
        Assert.NotEqual(code, fresh);
        await factory.WithDbAsync(async db =>
        {
            Assert.Contains(await db.AuditEvents.Where(a => a.Action == AuditActions.HandoverCancelled).ToListAsync(), a => a.Result == AuditResult.Success);
            var denied = await db.AuditEvents.Where(a => a.Action == AuditActions.HandoverDenied).Select(a => a.MetadataJson).ToListAsync();
            Assert.Contains(denied, m => m.Contains("closed", StringComparison.Ordinal));
            Assert.Contains(denied, m => m.Contains("unknown", StringComparison.Ordinal));
            Assert.DoesNotContain(denied, m => m.Contains("ZZZZZZZZZZZZZ", StringComparison.Ordinal));
            return true;
        });
    }

    [Fact]
    public async Task A_second_open_transfer_for_the_same_vehicle_is_refused()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var (_, page) = await Html.GetAsync(seller, $"/Fahrzeuge/{vehicle}/Uebergabe");
        Html.AssertRedirect(await Html.SubmitAsync(seller, page, new Dictionary<string, string>(), "form[action*=Create]"), $"/Fahrzeuge/{vehicle}/Uebergabe/Blatt");
        var again = await Html.SubmitAsync(seller, page, new Dictionary<string, string>(), "form[action*=Create]");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(TransferService.OpenExistsMessage, Html.Text(await Html.ParseAsync(again)), StringComparison.Ordinal);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Transfers.CountAsync(t => t.Status == TransferStatus.Open && db.Vehicles.Any(v => v.Id == t.VehicleId && v.PublicId == vehicle))));
    }

    [Fact]
    public async Task Two_buyers_redeeming_the_same_code_at_once_move_the_vehicle_exactly_once()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 2);
        var code = await CreateTransferAsync(seller, vehicle);
        var (emailA, emailB) = (Email("buyer"), Email("buyer"));
        var a = await Flows.SignedInClientAsync(factory, emailA);
        var b = await Flows.SignedInClientAsync(factory, emailB);
        var pageA = await ConfirmationPageAsync(a, code);
        var pageB = await ConfirmationPageAsync(b, code);

        var results = await Task.WhenAll(
            Html.SubmitAsync(a, pageA, new Dictionary<string, string>()),
            Html.SubmitAsync(b, pageB, new Dictionary<string, string>()));

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Redirect);
        var loser = Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Contains(TransferService.InvalidCodeMessage, Html.Text(await Html.ParseAsync(loser)), StringComparison.Ordinal);
        Assert.Contains(await OwnerEmailAsync(vehicle), new[] { emailA, emailB });
        await factory.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicle);
            var transfer = await db.Transfers.SingleAsync(t => t.VehicleId == v.Id);
            Assert.Equal(TransferStatus.Redeemed, transfer.Status);
            Assert.Equal(v.OwnerId, transfer.RedeemedBy);
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == AuditActions.HandoverRedeemed && e.TargetId == transfer.PublicId));
            Assert.Equal(2, await db.Entries.CountAsync(e => e.VehicleId == v.Id));
            return true;
        });
    }

    [Fact]
    public async Task A_free_buyer_who_already_has_a_vehicle_gets_the_paywall_and_the_transfer_stays_open()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var code = await CreateTransferAsync(seller, vehicle);
        var buyerEmail = Email("buyer");
        var buyer = await Flows.SignedInClientAsync(factory, buyerEmail);
        await VehicleSeed.CreateVehicleWithEntriesAsync(factory, buyerEmail, 0);

        var page = await ConfirmationPageAsync(buyer, code);
        Assert.Contains(LifeTimeCircle.Pages.Uebergabe.BestaetigenModel.PaywallMessage, Html.Text(page), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href='/Rechtliches/Faq']"));
        Assert.Null(page.QuerySelector("main form[method=post]"));
        // Posted by hand anyway: refused on the server.
        var (_, bare) = await Html.GetAsync(buyer, "/Uebergabe");
        var posted = await buyer.SendAsync(await ManualPostAsync(buyer, bare));
        Assert.Contains(LifeTimeCircle.Pages.Uebergabe.BestaetigenModel.PaywallMessage, Html.Text(await Html.ParseAsync(posted)), StringComparison.Ordinal);

        Assert.Equal(sellerEmail, await OwnerEmailAsync(vehicle));
        await factory.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicle);
            Assert.Equal(TransferStatus.Open, (await db.Transfers.SingleAsync(t => t.VehicleId == v.Id)).Status);
            Assert.Contains(await db.AuditEvents.Where(e => e.Action == AuditActions.HandoverDenied).Select(e => e.MetadataJson).ToListAsync(),
                m => m.Contains("paywall", StringComparison.Ordinal));
            return true;
        });
    }

    [Fact]
    public async Task Another_owner_gets_404_on_the_sellers_transfer_pages()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var (_, page) = await Html.GetAsync(seller, $"/Fahrzeuge/{vehicle}/Uebergabe");
        var stranger = await Flows.SignedInClientAsync(factory, Email("stranger"));
        foreach (var url in new[] { $"/Fahrzeuge/{vehicle}/Uebergabe", $"/Fahrzeuge/{vehicle}/Uebergabe/Blatt", $"/Fahrzeuge/{vehicle}/Uebergabe/Abbrechen", $"/Fahrzeuge/{vehicle}/Uebergabe/Blatt?handler=Pdf" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(url)).StatusCode);
        }
        // The stranger's own antiforgery token, the seller's form: still 404, nothing created.
        var (_, own) = await Html.GetAsync(stranger, "/Uebergabe");
        var token = own.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var post = new HttpRequestMessage(HttpMethod.Post, $"/Fahrzeuge/{vehicle}/Uebergabe?handler=Create")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(post)).StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Transfers.CountAsync(t => db.Vehicles.Any(v => v.Id == t.VehicleId && v.PublicId == vehicle))));
    }

    [Fact]
    public async Task The_hand_over_sheet_is_a_page_and_a_pdf_only_in_the_browser_that_created_the_code()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var code = await CreateTransferAsync(seller, vehicle);
        var (_, sheet) = await Html.GetAsync(seller, $"/Fahrzeuge/{vehicle}/Uebergabe/Blatt");
        Assert.NotNull(sheet.QuerySelector(".handover-sheet .qr svg"));
        var pdf = await seller.GetAsync($"/Fahrzeuge/{vehicle}/Uebergabe/Blatt?handler=Pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition!.DispositionType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]), StringComparison.Ordinal);

        // Another browser of the same seller (or after an hour) cannot show the code again: it is stored nowhere.
        var other = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Flows.SignInAsync(other, sellerEmail)).StatusCode);
        var (_, elsewhere) = await Html.GetAsync(other, $"/Fahrzeuge/{vehicle}/Uebergabe/Blatt");
        Assert.DoesNotContain(code, elsewhere.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Contains("nicht gespeichert", Html.Text(elsewhere), StringComparison.Ordinal);
        factory.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var (_, later) = await Html.GetAsync(seller, $"/Fahrzeuge/{vehicle}/Uebergabe/Blatt");
        Assert.DoesNotContain(code, later.DocumentElement.OuterHtml, StringComparison.Ordinal);
        await factory.WithDbAsync(async db =>
        {
            var hashes = await db.Transfers.Select(t => t.CodeHash).ToListAsync();
            Assert.DoesNotContain(hashes, h => h.Contains(code.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal));
            return true;
        });
    }

    [Fact]
    public async Task The_duplicate_vin_message_leads_the_buyer_to_the_handover_page()
    {
        var sellerEmail = Email("seller");
        await factory.CreateUserAsync(sellerEmail);
        var vin = VehicleSeed.NewVin();
        await factory.WithDbAsync(async db =>
        {
            var vins = factory.Services.GetRequiredService<LifeTimeCircle.Infrastructure.Security.VinProtector>();
            var owner = await db.Users.SingleAsync(u => u.Email == sellerEmail);
            var parsed = Vin.Parse(vin);
            db.Vehicles.Add(new Vehicle(owner.Id, parsed, vins.Encrypt(parsed), vins.Hmac(parsed),
                new VehicleDetails("Volkswagen", "Golf", 2015, VehicleClass.Alltag, null, null, null, null, AccidentStatus.Unfallfrei, false, null), factory.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        var buyer = await Flows.SignedInClientAsync(factory, Email("buyer"));
        var (_, page) = await Html.GetAsync(buyer, "/Fahrzeuge/Neu");
        var refused = await Html.SubmitAsync(buyer, page, new Dictionary<string, string>
        {
            ["Input.Vin"] = vin, ["Input.Make"] = "Volkswagen", ["Input.Model"] = "Golf", ["Input.BuildYear"] = "2015",
            ["Input.Class"] = "Alltag", ["Input.AccidentStatus"] = "Unfallfrei",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await Html.ParseAsync(refused);
        Assert.Contains("Übergabe-Code", doc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("main a[href='/Uebergabe']"));
        Assert.Equal(vin, doc.QuerySelector<IHtmlInputElement>("#Input_Vin")!.Value);
    }

    [Fact]
    public async Task Overdue_transfers_are_closed_by_the_expiry_sweep_once_and_audited_without_the_code()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var code = await CreateTransferAsync(seller, vehicle);
        factory.Clock.Advance(Transfer.Validity + TimeSpan.FromSeconds(1));
        // The hourly recurring job on the job runner, as in production; a second sweep finds nothing left.
        await LifeTimeCircle.Tests.Infrastructure.Jobs.ScheduleRecurringAsync(factory.Services);
        Assert.Equal(1, await LifeTimeCircle.Tests.Infrastructure.Jobs.DrainAsync(factory.Services, TransferExpiry.Kind));
        int second;
        using (var scope = factory.Services.CreateScope()) second = await scope.ServiceProvider.GetRequiredService<TransferService>().ExpireDueAsync(CancellationToken.None);
        Assert.Equal(0, second);
        await factory.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicle);
            var t = await db.Transfers.SingleAsync(x => x.VehicleId == v.Id);
            Assert.Equal(TransferStatus.Expired, t.Status);
            var expired = await db.AuditEvents.SingleAsync(e => e.Action == AuditActions.HandoverExpired && e.TargetId == t.PublicId);
            Assert.Equal("system", expired.ActorType);
            Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), expired.MetadataJson, StringComparison.Ordinal);
            return true;
        });
        // The seller may start again (signed in anew: two weeks have passed).
        var later = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Flows.SignInAsync(later, sellerEmail)).StatusCode);
        Assert.NotEqual(code, await CreateTransferAsync(later, vehicle));
    }

    [Theory]
    [InlineData("abcd-efgh-jkmnp", "ABCDEFGHJKMNP")]
    [InlineData(" ABCD EFGH JKMNP ", "ABCDEFGHJKMNP")]
    [InlineData("ABCDEFGHJKMNP", "ABCDEFGHJKMNP")]
    [InlineData("ABCD-EFGH-JKMN0", null)]
    [InlineData("ABCD-EFGH-JKMNO", null)]
    [InlineData("ABCD-EFGH-JKMN1", null)]
    [InlineData("ABCD-EFGH-JKMNI", null)]
    [InlineData("ABCD-EFGH-JKMNL", null)]
    [InlineData("ABCD-EFGH-JKMNU", null)]
    [InlineData("ABCD-EFGH-JKMN", null)]
    [InlineData("", null)]
    public void Typed_codes_are_normalised_and_look_alikes_are_not_codes(string typed, string? expected) =>
        Assert.Equal(expected, TransferCode.Normalize(typed));

    [Fact]
    public void New_codes_have_more_than_60_bits_and_are_shown_in_three_groups()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => TransferCode.New()).ToList();
        Assert.All(codes, c => Assert.Equal(c, TransferCode.Normalize(TransferCode.Format(c))));
        Assert.Equal(200, codes.Distinct().Count());
        Assert.True(Math.Log2(TransferCode.Alphabet.Length) * TransferCode.Length >= 60);
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{5}$", TransferCode.Format(codes[0]));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private async Task<(string OldShare, string ExportKey, string ExportJob)> PrepareSellerStateAsync(string vehicleId, string docId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<ExportStorage>();
        var now = factory.Clock.GetUtcNow();
        var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
        vehicle.EnableShare();
        var doc = await db.Documents.SingleAsync(d => d.PublicId == docId);
        doc.ScannedClean(now);
        doc.Approve(now);
        db.TodoNotes.Add(new TodoNote(vehicle.Id, "t2_requires_physical_servicebook_missing", "Heft beim Vorbesitzer suchen", now));
        // Saved only once finished, so the running export worker never picks it up as queued work.
        var job = new ExportJob(ExportType.Wartungsstand, vehicle.Id, vehicle.OwnerId, "https://lifetimecircle.example", 1, now);
        var stored = await storage.SaveAsync(job.PublicId, false, s => s.WriteAsync("%PDF-1.7\n"u8.ToArray()).AsTask(), CancellationToken.None);
        job.Claim(now);
        job.Succeed(stored.FileKey, stored.Size, stored.Sha256, false, now);
        db.ExportJobs.Add(job);
        await db.SaveChangesAsync();
        Assert.True(File.Exists(storage.PathOf(stored.FileKey)));
        return (vehicle.ShareToken!, stored.FileKey, job.PublicId);
    }

    [Fact]
    public async Task On_a_shared_pc_the_next_person_does_not_find_the_previous_buyers_handover()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var code = await CreateTransferAsync(seller, vehicleId);

        // Buyer A types the code and looks at the confirmation, then leaves the PC without signing out.
        var firstEmail = Email("erster");
        var pc = await Flows.SignedInClientAsync(factory, firstEmail);
        await ConfirmationPageAsync(pc, code);

        // Person B signs in on the same browser: the code stays A's.
        var secondEmail = Email("zweiter");
        await factory.CreateUserAsync(secondEmail);
        Html.AssertRedirect(await Flows.SignInAsync(pc, secondEmail), "/");
        Html.AssertRedirect(await pc.GetAsync("/Uebergabe/Bestaetigen"), "/Uebergabe");

        // A code typed before signing in belongs to the first account that uses it, and signing out forgets it.
        var anonymous = factory.CreateBrowserClient();
        Html.AssertRedirect(await TypeCodeAsync(anonymous, code), "/Uebergabe/Bestaetigen");
        Html.AssertRedirect(await Flows.SignInAsync(anonymous, firstEmail), "/");
        var (page, confirmation) = await Html.GetAsync(anonymous, "/Uebergabe/Bestaetigen");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var (_, signOut) = await Html.GetAsync(anonymous, "/Konto/Abmelden");
        Html.AssertRedirect(await Html.SubmitAsync(anonymous, signOut, new Dictionary<string, string>()), "/");
        Html.AssertRedirect(await Flows.SignInAsync(anonymous, secondEmail), "/");
        Html.AssertRedirect(await anonymous.GetAsync("/Uebergabe/Bestaetigen"), "/Uebergabe");
        Assert.Equal(sellerEmail, await OwnerEmailAsync(vehicleId));
        Assert.NotNull(confirmation);
    }

    [Fact]
    public async Task A_cancel_that_races_a_redeem_does_not_overwrite_it()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var code = await CreateTransferAsync(seller, vehicleId);

        // The seller's request has loaded the open transfer when the buyer's redeem commits.
        using var sellerScope = factory.Services.CreateScope();
        var sellerDb = sellerScope.ServiceProvider.GetRequiredService<AppDbContext>();
        var vehicle = await sellerDb.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
        var open = await sellerDb.Transfers.SingleAsync(t => t.VehicleId == vehicle.Id && t.Status == TransferStatus.Open);
        var buyer = await Flows.SignedInClientAsync(factory, Email("buyer"));
        Html.AssertRedirect(await RedeemAsync(buyer, code), "/Fahrzeuge/" + vehicleId);

        var service = sellerScope.ServiceProvider.GetRequiredService<TransferService>();
        var refused = await Assert.ThrowsAsync<DomainException>(() => service.CancelAsync(vehicle, open, CancellationToken.None));
        Assert.Equal(TransferService.NoLongerOpenMessage, refused.Message);
        Assert.Equal(TransferStatus.Redeemed, await factory.WithDbAsync(db => db.Transfers.Where(t => t.Id == open.Id).Select(t => t.Status).SingleAsync()));
    }

    [Fact]
    public async Task An_export_that_finishes_after_the_handover_is_not_the_sellers_anymore()
    {
        var sellerEmail = Email("seller");
        var seller = await Flows.SignedInClientAsync(factory, sellerEmail);
        var (vehicleId, firstEntry) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, sellerEmail, 1);
        var docId = await DocumentSeed.CreateDocumentAsync(factory, vehicleId, firstEntry);
        var (_, _, exportJob) = await PrepareSellerStateAsync(vehicleId, docId);
        var code = await CreateTransferAsync(seller, vehicleId);
        var buyer = await Flows.SignedInClientAsync(factory, Email("buyer"));
        Html.AssertRedirect(await RedeemAsync(buyer, code), "/Fahrzeuge/" + vehicleId);

        // A seller's export still running at the move ends as succeeded, with a file (the race the retirement cannot see).
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var storage = scope.ServiceProvider.GetRequiredService<ExportStorage>();
            var stored = await storage.SaveAsync(exportJob, false, s => s.WriteAsync("%PDF-1.7\n"u8.ToArray()).AsTask(), CancellationToken.None);
            await db.ExportJobs.Where(j => j.PublicId == exportJob).ExecuteUpdateAsync(u => u
                .SetProperty(j => j.Status, ExportStatus.Succeeded).SetProperty(j => j.FileKey, stored.FileKey));
        }
        var download = await seller.GetAsync($"/Exporte/{exportJob}/Datei");
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        var (_, list) = await Html.GetAsync(seller, "/Exporte");
        Assert.DoesNotContain(vehicleId, list.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    /// <summary>„Fahrzeug übergeben“ → „Übergabe-Code erzeugen“ → the sheet; returns the code as shown there.</summary>
    private static async Task<string> CreateTransferAsync(HttpClient seller, string vehicleId)
    {
        var (_, page) = await Html.GetAsync(seller, $"/Fahrzeuge/{vehicleId}/Uebergabe");
        var created = await Html.SubmitAsync(seller, page, new Dictionary<string, string>(), "form[action*=Create]");
        Html.AssertRedirect(created, $"/Fahrzeuge/{vehicleId}/Uebergabe/Blatt");
        var (_, sheet) = await Html.GetAsync(seller, created.Headers.Location!.OriginalString);
        var code = sheet.QuerySelector(".handover-code")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(code), sheet.DocumentElement.OuterHtml);
        return code!;
    }

    private static async Task<HttpResponseMessage> TypeCodeAsync(HttpClient client, string code)
    {
        var (_, page) = await Html.GetAsync(client, "/Uebergabe");
        return await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Input.Code"] = code });
    }

    private static async Task<IHtmlDocument> ConfirmationPageAsync(HttpClient buyer, string code)
    {
        Html.AssertRedirect(await TypeCodeAsync(buyer, code), "/Uebergabe/Bestaetigen");
        var (response, page) = await Html.GetAsync(buyer, "/Uebergabe/Bestaetigen");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Html.DescribeAsync(response));
        return page;
    }

    /// <summary>Types the code, opens the confirmation and confirms (when the page offers it).</summary>
    private static async Task<HttpResponseMessage> RedeemAsync(HttpClient buyer, string code)
    {
        Html.AssertRedirect(await TypeCodeAsync(buyer, code), "/Uebergabe/Bestaetigen");
        var (response, page) = await Html.GetAsync(buyer, "/Uebergabe/Bestaetigen");
        var confirm = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form[method=post]:not([action*='/Uebergabe'])");
        if (confirm is null || page.QuerySelector("#Input_Code") is not null) return response;
        return await Html.SubmitFormAsync(buyer, confirm, new Dictionary<string, string>());
    }

    /// <summary>A POST to the confirmation with a valid antiforgery token, whatever the page offered.</summary>
    private static Task<HttpRequestMessage> ManualPostAsync(HttpClient _, IHtmlDocument anyPageOfTheClient)
    {
        var token = anyPageOfTheClient.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        return Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/Uebergabe/Bestaetigen")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        });
    }

    private Task<string> OwnerEmailAsync(string vehicleId) =>
        factory.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicleId).Join(db.Users, v => v.OwnerId, u => u.Id, (v, u) => u.Email!).SingleAsync());
}
