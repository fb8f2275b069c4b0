using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Security;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Betrieb;

/// <summary>Issue 16: business profile, per-vehicle grants, proposals into the owner's Modul-Postfach — through the real forms.</summary>
public sealed class WorkshopTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task<(HttpClient Owner, string VehicleId)> OwnerAsync(string email)
    {
        var owner = await Flows.SignedInClientAsync(factory, email, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 2);
        return (owner, vehicleId);
    }

    private static async Task<string> GrantIdAsync(HttpClient business)
    {
        var ids = await WorkshopSeed.CustomerGrantIdsAsync(business);
        return Assert.Single(ids);
    }

    [Fact]
    public async Task A_business_profile_keeps_what_was_typed_on_errors_and_then_shows_the_counter_code()
    {
        await factory.CreateUserAsync("profil@werkstatt.example", Roles.Dealer, kind: AccountKind.Gewerblich);
        var client = factory.CreateBrowserClient();
        await Flows.SignInAsync(client, "profil@werkstatt.example");
        var (_, page) = await Html.GetAsync(client, "/Betrieb");
        Assert.Contains("Legen Sie Ihr Betriebsprofil an", Html.Text(page));
        var bad = await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Name"] = "Kfz Profil", ["Input.Type"] = "Fachwerkstatt", ["Input.Street"] = "Ring 5", ["Input.PostalCode"] = "1011",
            ["Input.City"] = "Köln", ["Input.PublicContact"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badPage = await Html.ParseAsync(bad);
        Assert.Contains("Bitte geben Sie eine öffentliche Telefonnummer oder E-Mail-Adresse an.", Html.Text(badPage));
        Assert.Equal("Ring 5", badPage.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Street")!.Value);
        var stillBad = await Html.SubmitAsync(client, badPage, new Dictionary<string, string> { ["Input.PublicContact"] = "0221 99" });
        Assert.Contains("Postleitzahl mit fünf Ziffern", Html.Text(await Html.ParseAsync(stillBad)));
        var saved = await Html.SubmitAsync(client, await Html.ParseAsync(stillBad), new Dictionary<string, string> { ["Input.PostalCode"] = "50667" });
        Html.AssertRedirect(saved, "/Betrieb");
        var code = await factory.WithDbAsync(db => db.Businesses.Where(b => b.Name == "Kfz Profil").Select(b => b.Code).SingleAsync());
        var (_, done) = await Html.GetAsync(client, "/Betrieb");
        Assert.Contains(BusinessCodes.Format(code), Html.Text(done));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.BusinessProfileSaved)));
    }

    [Fact]
    public async Task Only_an_approved_business_reaches_the_workshop_pages()
    {
        var vip = await Flows.SignedInClientAsync(factory, "vip-kein-betrieb@example.de", Roles.Vip);
        Assert.Equal(HttpStatusCode.Forbidden, (await vip.GetAsync("/Betrieb")).StatusCode);
        // A pending business registration has the limits of a private account.
        await factory.CreateUserAsync("wartend@werkstatt.example", Roles.User, kind: AccountKind.Gewerblich);
        var pending = factory.CreateBrowserClient();
        await Flows.SignInAsync(pending, "wartend@werkstatt.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await pending.GetAsync("/Betrieb/Kundenfahrzeuge")).StatusCode);
    }

    [Fact]
    public async Task The_owner_grants_by_code_and_the_workshop_sees_make_model_masked_vin_and_the_chosen_name_only()
    {
        var (owner, vehicleId) = await OwnerAsync("kunde-code@example.de");
        var (business, code) = await WorkshopSeed.BusinessClientAsync(factory, "code@werkstatt.example", "Autohaus Codeprüfung");
        // Typed as at the counter: lower case, with a space instead of the dash.
        await WorkshopSeed.GrantAsync(owner, vehicleId, code[..4].ToLowerInvariant() + " " + code[4..], "Frau Gründlich");
        var (_, grants) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt");
        Assert.Contains("Autohaus Codeprüfung", Html.Text(grants));
        Assert.Contains("aktiv bis", Html.Text(grants));

        var (_, list) = await Html.GetAsync(business, "/Betrieb/Kundenfahrzeuge");
        var text = Html.Text(list);
        Assert.Contains("Frau Gründlich", text);
        Assert.Contains("Volkswagen Golf", text);
        var masked = await factory.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicleId).Select(v => v.VinMasked).SingleAsync());
        Assert.Contains(masked, text);
        Assert.DoesNotContain("kunde-code@example.de", text);
        Assert.DoesNotContain(vehicleId, list.DocumentElement.OuterHtml);
        var grantId = await GrantIdAsync(business);
        var (detail, detailPage) = await Html.GetAsync(business, $"/Betrieb/Kundenfahrzeuge/{grantId}");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.DoesNotContain("kunde-code@example.de", detailPage.DocumentElement.OuterHtml);
        Assert.DoesNotContain(vehicleId, detailPage.DocumentElement.OuterHtml);
        Assert.Equal(Display.Date(Display.BerlinDate(factory.Clock.GetUtcNow())),
            detailPage.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Date")!.Value);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.WorkshopAccessGranted && a.TargetId == vehicleId)));
    }

    [Fact]
    public async Task The_search_finds_the_exact_name_in_any_case_but_not_a_part_of_it()
    {
        var (owner, vehicleId) = await OwnerAsync("kunde-name@example.de");
        await WorkshopSeed.BusinessClientAsync(factory, "name@werkstatt.example", "Reifen Namenstreu");
        var (_, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt");
        var partial = await Html.SubmitAsync(owner, page, new Dictionary<string, string> { ["Suche"] = "Reifen" }, "main form[action*='handler=Suchen']");
        var partialPage = await Html.ParseAsync(partial);
        Assert.Contains("Kein Betrieb mit diesem Code oder genau diesem Namen gefunden", Html.Text(partialPage));
        Assert.Equal("Reifen", partialPage.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Suche")!.Value);
        await WorkshopSeed.GrantAsync(owner, vehicleId, "  reifen   NAMENSTREU ", "Herr Name");
        var missingName = await Html.SubmitAsync(owner, partialPage, new Dictionary<string, string> { ["Suche"] = "Reifen Namenstreu" }, "main form[action*='handler=Suchen']");
        var form = await Html.ParseAsync(missingName);
        var refused = await Html.SubmitAsync(owner, form, new Dictionary<string, string> { ["Grant.CustomerName"] = "" }, "main form[action*='handler=Berechtigen']");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedText = Html.Text(await Html.ParseAsync(refused));
        Assert.Contains("Bitte geben Sie an, unter welchem Namen die Werkstatt Sie sieht.", refusedText);
        Assert.Contains("Bitte wählen Sie, wie lange die Werkstatt Zugriff hat.", refusedText);
    }

    [Fact]
    public async Task A_proposal_lands_in_the_owners_inbox_and_is_taken_over_as_an_entry_marked_with_the_workshop()
    {
        var (owner, vehicleId) = await OwnerAsync("kunde-vorschlag@example.de");
        var (business, code) = await WorkshopSeed.BusinessClientAsync(factory, "vorschlag@werkstatt.example", "Meisterbetrieb Vorschlag");
        await WorkshopSeed.GrantAsync(owner, vehicleId, code);
        var grantId = await GrantIdAsync(business);

        var noWork = await WorkshopSeed.ProposeAsync(business, grantId, work: "", km: "12.000");
        Assert.Equal(HttpStatusCode.OK, noWork.StatusCode);
        var noWorkPage = await Html.ParseAsync(noWork);
        Assert.Contains("Bitte beschreiben Sie die ausgeführten Arbeiten.", Html.Text(noWorkPage));
        Assert.Equal("12.000", noWorkPage.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Odometer")!.Value);
        var future = await WorkshopSeed.ProposeAsync(business, grantId, date: "01.01.2030");
        Assert.Contains("Das Datum darf nicht in der Zukunft liegen.", Html.Text(await Html.ParseAsync(future)));

        Html.AssertRedirect(await WorkshopSeed.ProposeAsync(business, grantId), $"/Betrieb/Kundenfahrzeuge/{grantId}");
        var (_, state) = await Html.GetAsync(business, $"/Betrieb/Kundenfahrzeuge/{grantId}");
        Assert.Contains("Beim Besitzer zur Prüfung", Html.Text(state));

        var (_, inbox) = await Html.GetAsync(owner, "/Postfach");
        Assert.Contains("Vorschlag einer Werkstatt", Html.Text(inbox));
        // … and by e-mail (issue 15's notification mail, category „Vorschläge von Werkstätten“, on by default).
        var mails = await Outbox.MessagesToAsync(factory, "kunde-vorschlag@example.de");
        Assert.Contains(mails, m => m.Subject == "LifeTimeCircle: Vorschlag einer Werkstatt" && m.Headers.Contains("List-Unsubscribe"));
        var (_, module) = await Html.GetAsync(owner, "/Module");
        Assert.Contains("Meisterbetrieb Vorschlag", Html.Text(module));
        Assert.Contains("Inspektion nach Herstellervorgabe", Html.Text(module));
        var accepted = await Html.SubmitAsync(owner, module, new Dictionary<string, string>(), "main form[action*='handler=Uebernehmen']");
        Html.AssertRedirect(accepted, $"/Fahrzeuge/{vehicleId}/Eintragung/");
        var (_, entry) = await Html.GetAsync(owner, accepted.Headers.Location!.OriginalString);
        var entryText = Html.Text(entry);
        Assert.Contains("von Werkstatt „Meisterbetrieb Vorschlag“ vorgeschlagen", entryText);
        Assert.Contains("249,90 €", entryText);
        Assert.Contains("Meisterbetrieb Vorschlag", entry.QuerySelectorAll("dd").Select(d => d.TextContent).Single(t => t.StartsWith("Fachwerkstatt", StringComparison.Ordinal)));
        var (_, timeline) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Eintragung");
        Assert.Contains("von Werkstatt „Meisterbetrieb Vorschlag“ vorgeschlagen", Html.Text(timeline));
        var (_, emptyInbox) = await Html.GetAsync(owner, "/Module");
        Assert.Contains("Keine offenen Vorschläge.", Html.Text(emptyInbox));
        var (_, stateAfter) = await Html.GetAsync(business, $"/Betrieb/Kundenfahrzeuge/{grantId}");
        Assert.Contains("Übernommen", Html.Text(stateAfter));
        var (_, events) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        Assert.Contains("Vorschlag von Meisterbetrieb Vorschlag", Html.Text(events));
        Assert.Contains("Übernommen am", Html.Text(events));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.WorkshopProposalAccepted && a.TargetId == vehicleId)));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.WorkshopProposalSubmitted && a.TargetId == vehicleId)));
    }

    [Fact]
    public async Task Rejecting_needs_a_comment_which_the_workshop_then_sees_and_later_keeps_it_in_the_inbox()
    {
        var (owner, vehicleId) = await OwnerAsync("kunde-ablehnung@example.de");
        var (business, code) = await WorkshopSeed.BusinessClientAsync(factory, "ablehnung@werkstatt.example", "Werkstatt Ablehnung");
        await WorkshopSeed.GrantAsync(owner, vehicleId, code);
        var grantId = await GrantIdAsync(business);
        Html.AssertRedirect(await WorkshopSeed.ProposeAsync(business, grantId, category: "Reparatur", work: "Bremsbeläge vorne erneuert."), "/Betrieb/");

        var (_, module) = await Html.GetAsync(owner, "/Module");
        var later = await Html.SubmitAsync(owner, module, new Dictionary<string, string>(), "main form[action*='handler=Spaeter']");
        Html.AssertRedirect(later, "/Module");
        var (_, deferred) = await Html.GetAsync(owner, "/Module");
        Assert.Contains("Später prüfen", Html.Text(deferred));
        Assert.Empty(deferred.QuerySelectorAll("main form[action*='handler=Spaeter']"));

        var empty = await Html.SubmitAsync(owner, deferred, new Dictionary<string, string> { ["comment"] = "  " }, "main form[action*='handler=Ablehnen']");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var emptyPage = await Html.ParseAsync(empty);
        Assert.Contains("Bitte begründen Sie die Ablehnung; die Werkstatt sieht Ihren Kommentar.", Html.Text(emptyPage));
        Assert.NotNull(emptyPage.QuerySelector("textarea[aria-invalid=true]"));
        var rejected = await Html.SubmitAsync(owner, emptyPage, new Dictionary<string, string> { ["comment"] = "Die Arbeit wurde nicht bei Ihnen gemacht." },
            "main form[action*='handler=Ablehnen']");
        Html.AssertRedirect(rejected, "/Module");
        var (_, state) = await Html.GetAsync(business, $"/Betrieb/Kundenfahrzeuge/{grantId}");
        Assert.Contains("Abgelehnt", Html.Text(state));
        Assert.Contains("Die Arbeit wurde nicht bei Ihnen gemacht.", Html.Text(state));
        Assert.Equal(2, await factory.WithDbAsync(db => db.Entries.CountAsync(e => db.Vehicles.Any(v => v.Id == e.VehicleId && v.PublicId == vehicleId))));
    }

    [Fact]
    public async Task Non_essential_proposals_are_limited_per_business_and_vehicle_but_maintenance_is_not()
    {
        var (owner, vehicleId) = await OwnerAsync("kunde-limit@example.de");
        var (business, code) = await WorkshopSeed.BusinessClientAsync(factory, "limit@werkstatt.example", "Pflegecenter Limit");
        await WorkshopSeed.GrantAsync(owner, vehicleId, code);
        var grantId = await GrantIdAsync(business);
        for (var i = 0; i < WorkshopProposal.MaxNonEssentialPerWindow; i++)
        {
            Html.AssertRedirect(await WorkshopSeed.ProposeAsync(business, grantId, category: "Pflege", work: $"Aufbereitung {i}"), "/Betrieb/");
        }
        var refused = await WorkshopSeed.ProposeAsync(business, grantId, category: "Pflege", work: "Noch eine Wäsche");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        Assert.Contains("höchstens 3 Vorschläge", Html.Text(page));
        Assert.Equal("Noch eine Wäsche", page.QuerySelector<AngleSharp.Html.Dom.IHtmlTextAreaElement>("#Input_WorkDone")!.Value);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.WorkshopProposalLimited && a.Result == AuditResult.Denied)));
        Html.AssertRedirect(await WorkshopSeed.ProposeAsync(business, grantId, category: "HuAu", work: "HU/AU ohne Mängel."), "/Betrieb/");
        // A week later the window has passed.
        factory.Clock.Advance(WorkshopProposal.NonEssentialWindow + TimeSpan.FromMinutes(1));
        var again = factory.CreateBrowserClient(); // the business session ended after 30 idle minutes
        await Flows.SignInAsync(again, "limit@werkstatt.example");
        Html.AssertRedirect(await WorkshopSeed.ProposeAsync(again, grantId, category: "Pflege", work: "Noch eine Wäsche"), "/Betrieb/");
    }

    [Fact]
    public async Task Another_business_a_revoked_and_an_expired_grant_get_404_on_every_workshop_page_and_handler()
    {
        var (owner, vehicleId) = await OwnerAsync("kunde-404@example.de");
        var (first, code) = await WorkshopSeed.BusinessClientAsync(factory, "erste@werkstatt.example", "Erste Werkstatt 404");
        var (second, _) = await WorkshopSeed.BusinessClientAsync(factory, "zweite@werkstatt.example", "Zweite Werkstatt 404");
        await WorkshopSeed.GrantAsync(owner, vehicleId, code);
        var grantId = await GrantIdAsync(first);
        var pages = EndpointCatalog.All(factory.Services, new Dictionary<string, string> { ["grantId"] = grantId })
            .Where(r => r.ViewPath.StartsWith("/Betrieb/", StringComparison.Ordinal) && r.Url.Contains(grantId, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pages);

        async Task<List<string>> ProbeAsync(HttpClient client, HttpStatusCode expected, string who)
        {
            var failures = new List<string>();
            foreach (var r in pages)
            {
                var request = new HttpRequestMessage(new HttpMethod(r.Method), r.Url);
                request.Headers.Accept.ParseAdd("text/html");
                if (r.Method == "POST")
                {
                    var (_, any) = await Html.GetAsync(client, "/Konto/Sicherheit");
                    var token = any.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
                    request.Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Input.Category", "Inspektion"),
                        new("Input.Date", "01.11.2026"), new("Input.Odometer", "5000"), new("Input.WorkDone", "Versuch")]);
                }
                var response = await client.SendAsync(request);
                var ok = r.Method == "POST" ? response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK : response.StatusCode == HttpStatusCode.OK;
                if (expected == HttpStatusCode.OK ? !ok : response.StatusCode != expected) failures.Add($"{who} {r}: {(int)response.StatusCode}");
            }
            return failures;
        }

        var failures = await ProbeAsync(second, HttpStatusCode.NotFound, "andere Werkstatt");
        failures.AddRange(await ProbeAsync(first, HttpStatusCode.OK, "berechtigte Werkstatt"));
        Assert.Empty(await WorkshopSeed.CustomerGrantIdsAsync(second));

        // Revoked: the owner ends the access.
        var (_, grants) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt");
        Html.AssertRedirect(await Html.SubmitAsync(owner, grants, new Dictionary<string, string>(), "main form[action*='handler=Entziehen']"), $"/Fahrzeuge/{vehicleId}/Werkstatt");
        failures.AddRange(await ProbeAsync(first, HttpStatusCode.NotFound, "entzogen"));
        Assert.Empty(await WorkshopSeed.CustomerGrantIdsAsync(first));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.WorkshopAccessRevoked && a.TargetId == vehicleId)));
        var (_, after) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt");
        Assert.Contains("entzogen am", Html.Text(after));

        // Expired: a visit ends after 30 days by itself.
        await WorkshopSeed.GrantAsync(owner, vehicleId, code, duration: "Besuch");
        var visit = await GrantIdAsync(first);
        Assert.NotEqual(grantId, visit);
        factory.Clock.Advance(TimeSpan.FromDays(WorkshopGrant.VisitDays) + TimeSpan.FromMinutes(1));
        // Sessions of business accounts end after 30 idle minutes: sign in again.
        var again = factory.CreateBrowserClient();
        await Flows.SignInAsync(again, "erste@werkstatt.example");
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync($"/Betrieb/Kundenfahrzeuge/{visit}")).StatusCode);
        Assert.Empty(await WorkshopSeed.CustomerGrantIdsAsync(again));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Another_owner_can_not_decide_a_proposal_for_a_vehicle_that_is_not_theirs()
    {
        var (owner, vehicleId) = await OwnerAsync("kunde-fremd@example.de");
        var (business, code) = await WorkshopSeed.BusinessClientAsync(factory, "fremd@werkstatt.example", "Werkstatt Fremdzugriff");
        await WorkshopSeed.GrantAsync(owner, vehicleId, code);
        Html.AssertRedirect(await WorkshopSeed.ProposeAsync(business, await GrantIdAsync(business)), "/Betrieb/");
        var proposalId = await factory.WithDbAsync(db => db.WorkshopProposals.Where(p => db.Businesses.Any(b => b.Id == p.BusinessId && b.Name == "Werkstatt Fremdzugriff")).Select(p => p.PublicId).SingleAsync());
        var stranger = await Flows.SignedInClientAsync(factory, "fremder-besitzer@example.de", Roles.Vip);
        var (_, page) = await Html.GetAsync(stranger, "/Module");
        Assert.Contains("Keine offenen Vorschläge.", Html.Text(page));
        var token = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        foreach (var handler in new[] { "Uebernehmen", "Spaeter", "Ablehnen" })
        {
            var response = await stranger.PostAsync($"/Module?handler={handler}", new FormUrlEncodedContent(
                [new("__RequestVerificationToken", token), new("proposalId", proposalId), new("comment", "nein")]));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Equal(ProposalState.Offen, await factory.WithDbAsync(db => db.WorkshopProposals.Where(p => p.PublicId == proposalId).Select(p => p.State).SingleAsync()));
    }

    [Fact]
    public async Task A_grant_and_its_proposals_end_with_the_ownership_and_the_next_owner_sees_none_of_them()
    {
        var (owner, vehicleId) = await OwnerAsync("vorbesitzerin@example.de");
        var (business, code) = await WorkshopSeed.BusinessClientAsync(factory, "uebergabe@werkstatt.example", "Werkstatt Übergabe");
        await WorkshopSeed.GrantAsync(owner, vehicleId, code, "Vorbesitzerin Privatname", duration: "Dauerhaft");
        var grantId = await GrantIdAsync(business);
        Html.AssertRedirect(await WorkshopSeed.ProposeAsync(business, grantId), "/Betrieb/");
        var proposalId = await factory.WithDbAsync(db => db.WorkshopProposals
            .Where(p => db.Businesses.Any(b => b.Id == p.BusinessId && b.Name == "Werkstatt Übergabe")).Select(p => p.PublicId).SingleAsync());

        var buyer = await Flows.SignedInClientAsync(factory, "kaeufer-werkstatt@example.de", Roles.Vip);
        await factory.WithDbAsync(async db =>
        {
            var buyerId = await db.Users.Where(u => u.Email == "kaeufer-werkstatt@example.de").Select(u => u.Id).SingleAsync();
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
            vehicle.TransferTo(buyerId, factory.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.NotFound, (await business.GetAsync($"/Betrieb/Kundenfahrzeuge/{grantId}")).StatusCode);
        Assert.Empty(await WorkshopSeed.CustomerGrantIdsAsync(business));
        var (_, module) = await Html.GetAsync(buyer, "/Module");
        Assert.Contains("Keine offenen Vorschläge.", Html.Text(module));
        var (_, grants) = await Html.GetAsync(buyer, $"/Fahrzeuge/{vehicleId}/Werkstatt");
        Assert.DoesNotContain("Vorbesitzerin Privatname", Html.Text(grants));
        Assert.Contains("Noch keine Werkstatt hat Zugriff", Html.Text(grants));
        var (_, events) = await Html.GetAsync(buyer, $"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        Assert.Contains("Noch keine Ereignisse.", Html.Text(events));
        var token = module.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var accept = await buyer.PostAsync("/Module?handler=Uebernehmen", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("proposalId", proposalId)]));
        Assert.Equal(HttpStatusCode.NotFound, accept.StatusCode);
    }
}
