using System.Net;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Betrieb;

/// <summary>Issue 17: Fahrzeugannahme (intake, triage list, close into a proposal, Tafelansicht) and append-only system logs — through the real forms.</summary>
public sealed partial class IntakeTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private const string Observation = "Kratzer hinten links, Reifen vorne abgefahren";

    /// <summary>Owner with a vehicle, a business with a profile and a grant by the real forms; returns the clients and ids.</summary>
    private async Task<(HttpClient Owner, string VehicleId, HttpClient Business, string GrantId)> GrantedAsync(string prefix)
    {
        var ownerEmail = $"kunde-{prefix}@example.de";
        var owner = await Flows.SignedInClientAsync(factory, ownerEmail, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, ownerEmail, 2);
        var (business, code) = await WorkshopSeed.BusinessClientAsync(factory, $"{prefix}@werkstatt.example", $"Annahme {prefix}");
        await WorkshopSeed.GrantAsync(owner, vehicleId, code, "Familie Annahme");
        var grantId = Assert.Single(await WorkshopSeed.CustomerGrantIdsAsync(business));
        return (owner, vehicleId, business, grantId);
    }

    private static async Task<string> StartAsync(HttpClient business, string grantId, string job = "A-1042")
    {
        var (_, page) = await Html.GetAsync(business, "/Betrieb/Annahme");
        var started = await Html.SubmitAsync(business, page, new Dictionary<string, string> { ["Input.GrantId"] = grantId, ["Input.JobNumber"] = job });
        Html.AssertRedirect(started, "/Betrieb/Annahme/");
        return started.Headers.Location!.OriginalString.Split('/').Last();
    }

    private static async Task<HttpResponseMessage> AddItemAsync(HttpClient business, IHtmlDocument page, string title, string kind = "Mangel", string severity = "Mittel") =>
        await Html.SubmitAsync(business, page, new Dictionary<string, string> { ["Item.Title"] = title, ["Item.Kind"] = kind, ["Item.Severity"] = severity },
            "main form[action*='handler=Punkt']");

    private static async Task SetStatusAsync(HttpClient business, string sessionId, string title, string status)
    {
        var (_, page) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}");
        var form = page.QuerySelectorAll<IHtmlFormElement>("main form[action*='handler=Status']")
            .Single(f => f.QuerySelector("label")!.TextContent.Contains(title, StringComparison.Ordinal));
        Html.AssertRedirect(await Html.SubmitFormAsync(business, form, new Dictionary<string, string> { ["status"] = status }), $"/Betrieb/Annahme/{sessionId}");
    }

    [Fact]
    public async Task An_intake_adds_items_once_per_form_and_closes_into_one_proposal_in_the_owners_inbox()
    {
        var (owner, vehicleId, business, grantId) = await GrantedAsync("ablauf");
        var sessionId = await StartAsync(business, grantId);
        // „Annahme starten“ again for the same vehicle continues the open one.
        Assert.Equal(sessionId, await StartAsync(business, grantId, job: "A-9999"));

        var (_, page) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}");
        Assert.Contains("Familie Annahme", Html.Text(page));
        // A double submit of the same form (same idempotency key) adds one item.
        Html.AssertRedirect(await AddItemAsync(business, page, "Bremsbeläge vorne verschlissen", severity: "Hoch"), $"/Betrieb/Annahme/{sessionId}");
        var again = await AddItemAsync(business, page, "Bremsbeläge vorne verschlissen", severity: "Hoch");
        Html.AssertRedirect(again, $"/Betrieb/Annahme/{sessionId}");
        var (_, afterDouble) = await Html.GetAsync(business, again.Headers.Location!.OriginalString);
        Assert.Contains("nicht doppelt angelegt", Html.Text(afterDouble));
        Assert.Equal(1, await factory.WithDbAsync(db => db.IntakeItems.CountAsync(i => db.IntakeSessions.Any(s => s.Id == i.SessionId && s.PublicId == sessionId))));
        // A fresh form has a new key.
        Html.AssertRedirect(await AddItemAsync(business, afterDouble, "Ölwechsel fällig", kind: "Aufgabe"), $"/Betrieb/Annahme/{sessionId}");
        var (_, third) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}");
        Html.AssertRedirect(await AddItemAsync(business, third, "Scheibenwischer erneuern", kind: "Empfehlung", severity: "Niedrig"), $"/Betrieb/Annahme/{sessionId}");

        // Errors keep what was typed.
        var (_, form) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}");
        var bad = await Html.SubmitAsync(business, form, new Dictionary<string, string> { ["Item.Title"] = "", ["Item.Details"] = "nur Details" }, "main form[action*='handler=Punkt']");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badPage = await Html.ParseAsync(bad);
        Assert.Contains("Bitte geben Sie einen Titel an.", Html.Text(badPage));
        Assert.Equal("nur Details", badPage.QuerySelector<IHtmlTextAreaElement>("#Item_Details")!.Value);

        // Observations are saved, but never reach the audit trail.
        var notes = await Html.SubmitAsync(business, form, new Dictionary<string, string> { ["Notes.Observations"] = Observation }, "main form[action*='handler=Notizen']");
        Html.AssertRedirect(notes, $"/Betrieb/Annahme/{sessionId}");

        await SetStatusAsync(business, sessionId, "Bremsbeläge vorne verschlissen", "Erledigt");
        await SetStatusAsync(business, sessionId, "Ölwechsel fällig", "Erledigt");
        await SetStatusAsync(business, sessionId, "Scheibenwischer erneuern", "InArbeit");

        // The board: job number, make/model and the masked VIN, never the customer's name; refreshes itself without JavaScript.
        var (_, board) = await Html.GetAsync(business, "/Betrieb/Annahme/Tafel");
        var boardText = Html.Text(board);
        Assert.Contains("A-1042", boardText);
        Assert.Contains("Volkswagen Golf", boardText);
        Assert.DoesNotContain("Familie Annahme", board.DocumentElement.OuterHtml);
        Assert.Contains("http-equiv=\"refresh\"", board.Head!.InnerHtml);
        var (_, paused) = await Html.GetAsync(business, "/Betrieb/Annahme/Tafel?anhalten=1");
        Assert.DoesNotContain("refresh", paused.Head!.InnerHtml);

        // Close: the form keeps what was typed on errors; then one proposal with the done items.
        var (_, closePage) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Abschliessen");
        Assert.Contains("Bremsbeläge vorne verschlissen", Html.Text(closePage));
        var noKm = await Html.SubmitAsync(business, closePage, new Dictionary<string, string> { ["Input.Category"] = "Reparatur", ["Input.Odometer"] = "", ["Input.Cost"] = "310,00" });
        Assert.Equal(HttpStatusCode.OK, noKm.StatusCode);
        var noKmPage = await Html.ParseAsync(noKm);
        Assert.Contains("Bitte geben Sie den Kilometerstand an.", Html.Text(noKmPage));
        Assert.Equal("310,00", noKmPage.QuerySelector<IHtmlInputElement>("#Input_Cost")!.Value);
        var closed = await Html.SubmitAsync(business, noKmPage, new Dictionary<string, string> { ["Input.Odometer"] = "12.500" });
        Html.AssertRedirect(closed, $"/Betrieb/Annahme/{sessionId}");
        // The same form once more: nothing is sent twice.
        Html.AssertRedirect(await Html.SubmitAsync(business, noKmPage, new Dictionary<string, string> { ["Input.Odometer"] = "12.500" }), $"/Betrieb/Annahme/{sessionId}");
        Assert.Equal(1, await factory.WithDbAsync(db => db.WorkshopProposals.CountAsync(p => db.Vehicles.Any(v => v.Id == p.VehicleId && v.PublicId == vehicleId))));
        var (_, closedPage) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}");
        Assert.Contains("Abgeschlossen", Html.Text(closedPage));
        Assert.Empty(closedPage.QuerySelectorAll("main form"));
        var (_, boardAfter) = await Html.GetAsync(business, "/Betrieb/Annahme/Tafel");
        Assert.Contains("Keine offene Annahme.", Html.Text(boardAfter));

        var (_, module) = await Html.GetAsync(owner, "/Module");
        var moduleText = Html.Text(module);
        Assert.Contains("Annahme ablauf", moduleText);
        Assert.Contains("Bremsbeläge vorne verschlissen", moduleText);
        Assert.Contains("Ölwechsel fällig", moduleText);
        Assert.DoesNotContain(Observation, moduleText);
        // The open recommendation came along as „Empfehlung der Werkstatt“; the owner makes a reminder of it.
        Assert.Contains("Empfehlungen der Werkstatt", moduleText);
        var link = module.QuerySelectorAll<IHtmlAnchorElement>("main a").Single(a => a.TextContent.StartsWith("Als Erinnerung anlegen", StringComparison.Ordinal));
        var recommendationUrl = link.GetAttribute("href")!;
        Assert.Contains("Scheibenwischer erneuern", link.TextContent);
        var stranger = await Flows.SignedInClientAsync(factory, "fremder-besitzer@example.de", Roles.Vip);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(recommendationUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await business.GetAsync(recommendationUrl)).StatusCode);
        var (_, recommendation) = await Html.GetAsync(owner, recommendationUrl);
        var noDue = await Html.SubmitAsync(owner, recommendation, new Dictionary<string, string> { ["Input.Date"] = "", ["Input.Odometer"] = "" });
        Assert.Equal(HttpStatusCode.OK, noDue.StatusCode);
        var noDuePage = await Html.ParseAsync(noDue);
        Assert.Contains("Bitte geben Sie ein Fälligkeitsdatum, einen Kilometerstand oder ein Intervall an.", Html.Text(noDuePage));
        var reminded = await Html.SubmitAsync(owner, noDuePage, new Dictionary<string, string> { ["Input.Odometer"] = "20.000" });
        Html.AssertRedirect(reminded, $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        var (_, reminders) = await Html.GetAsync(owner, reminded.Headers.Location!.OriginalString);
        Assert.Contains("Scheibenwischer erneuern", Html.Text(reminders));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(recommendationUrl)).StatusCode);
        var (_, moduleAfter) = await Html.GetAsync(owner, "/Module");
        Assert.Contains("Keine offenen Empfehlungen.", Html.Text(moduleAfter));

        var actions = new[] { AuditActions.IntakeStarted, AuditActions.IntakeItemAdded, AuditActions.IntakeItemUpdated, AuditActions.IntakeObservationsSaved, AuditActions.IntakeClosed, AuditActions.RecommendationToReminder };
        var audit = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(a => a.TargetId == vehicleId && actions.Contains(a.Action)).ToListAsync());
        Assert.Equal(actions.Order(), audit.Select(a => a.Action).Distinct().Order());
        Assert.Equal(3, audit.Count(a => a.Action == AuditActions.IntakeItemAdded));
        Assert.All(audit, a => Assert.DoesNotContain("Bremsbel", a.MetadataJson));
        Assert.All(audit, a => Assert.DoesNotContain("Kratzer", a.MetadataJson));
        Assert.Contains(audit, a => a.Action == AuditActions.IntakeClosed && a.MetadataJson.Contains("\"done_items\":2") && a.MetadataJson.Contains("\"recommendations\":1"));
    }

    [Fact]
    public async Task Another_business_and_an_ended_grant_get_404_on_the_session_and_its_forms()
    {
        var (owner, vehicleId, business, grantId) = await GrantedAsync("zaun");
        var sessionId = await StartAsync(business, grantId);
        var (other, _) = await WorkshopSeed.BusinessClientAsync(factory, "fremd@werkstatt.example", "Fremde Werkstatt");
        var urls = new[] { $"/Betrieb/Annahme/{sessionId}", $"/Betrieb/Annahme/{sessionId}/Abschliessen", $"/Betrieb/Annahme/{sessionId}/Protokoll" };
        var posts = new[] { $"/Betrieb/Annahme/{sessionId}?handler=Punkt", $"/Betrieb/Annahme/{sessionId}?handler=Status", $"/Betrieb/Annahme/{sessionId}?handler=Notizen",
            $"/Betrieb/Annahme/{sessionId}/Abschliessen", $"/Betrieb/Annahme/{sessionId}/Protokoll" };

        async Task<List<string>> ProbeAsync(HttpClient client, string who)
        {
            var failures = new List<string>();
            foreach (var url in urls)
            {
                var response = await client.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.NotFound) failures.Add($"{who} GET {url}: {(int)response.StatusCode}");
            }
            var (_, any) = await Html.GetAsync(client, "/Konto/Sicherheit");
            var token = any.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
            foreach (var url in posts)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Item.Title", "Fremd"), new("Item.Kind", "Mangel"),
                        new("Item.Severity", "Hoch"), new("Item.Key", "AAAAAAAAAAAAAAAAAAAAAB"), new("Input.Kind", "ObdAuslesung"), new("Input.Key", "AAAAAAAAAAAAAAAAAAAAAC")]),
                };
                var response = await client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.NotFound) failures.Add($"{who} POST {url}: {(int)response.StatusCode}");
            }
            return failures;
        }

        var failures = await ProbeAsync(other, "andere Werkstatt");
        var (_, otherBoard) = await Html.GetAsync(other, "/Betrieb/Annahme/Tafel");
        Assert.Contains("Keine offene Annahme.", Html.Text(otherBoard));
        // The owner ends the access: the session is gone for the business too.
        var (_, grants) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt");
        Html.AssertRedirect(await Html.SubmitAsync(owner, grants, new Dictionary<string, string>(), "main form[action*='handler=Entziehen']"), $"/Fahrzeuge/{vehicleId}/Werkstatt");
        failures.AddRange(await ProbeAsync(business, "entzogen"));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(0, await factory.WithDbAsync(db => db.IntakeItems.CountAsync(i => db.IntakeSessions.Any(s => s.Id == i.SessionId && s.PublicId == sessionId))));
        Assert.Equal(0, await factory.WithDbAsync(db => db.SystemLogEvents.CountAsync(e => db.Vehicles.Any(v => v.Id == e.VehicleId && v.PublicId == vehicleId))));
    }

    [Fact]
    public async Task A_system_log_is_recorded_once_corrected_only_by_a_new_log_and_refused_by_the_database_when_changed()
    {
        var (owner, vehicleId, business, grantId) = await GrantedAsync("protokoll");
        var sessionId = await StartAsync(business, grantId);
        var (_, page) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Protokoll");
        var badCodes = await Html.SubmitAsync(business, page, new Dictionary<string, string> { ["Input.Kind"] = "ObdAuslesung", ["Input.FaultCodes"] = "P0301, X12" });
        Assert.Equal(HttpStatusCode.OK, badCodes.StatusCode);
        var badPage = await Html.ParseAsync(badCodes);
        Assert.Contains("Fehlercodes bestehen aus P, C, B oder U", Html.Text(badPage));
        Assert.Equal("P0301, X12", badPage.QuerySelector<IHtmlInputElement>("#Input_FaultCodes")!.Value);
        var values = new Dictionary<string, string> { ["Input.Kind"] = "ObdAuslesung", ["Input.FaultCodes"] = "p0301 P0420", ["Input.Odometer"] = "12.400" };
        Html.AssertRedirect(await Html.SubmitAsync(business, badPage, values), $"/Betrieb/Annahme/{sessionId}/Protokoll");
        // The same form twice: one log.
        Html.AssertRedirect(await Html.SubmitAsync(business, badPage, values), $"/Betrieb/Annahme/{sessionId}/Protokoll");
        var (_, list) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Protokoll");
        Assert.Contains("P0301 P0420", Html.Text(list));
        var correct = list.QuerySelectorAll<IHtmlAnchorElement>("main a").Single(a => a.TextContent.StartsWith("Korrektur anhängen", StringComparison.Ordinal));
        var (_, correction) = await Html.GetAsync(business, correct.GetAttribute("href")!);
        var noReason = await Html.SubmitAsync(business, correction, new Dictionary<string, string> { ["Input.FaultCodes"] = "P0301" });
        var noReasonPage = await Html.ParseAsync(noReason);
        Assert.Contains("Bitte begründen Sie die Korrektur.", Html.Text(noReasonPage));
        Html.AssertRedirect(await Html.SubmitAsync(business, noReasonPage, new Dictionary<string, string> { ["Input.FaultCodes"] = "P0301", ["Input.Note"] = "P0420 war ein Lesefehler." }),
            $"/Betrieb/Annahme/{sessionId}/Protokoll");
        var (_, gpsPage) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Protokoll");
        Html.AssertRedirect(await Html.SubmitAsync(business, gpsPage, new Dictionary<string, string> { ["Input.Kind"] = "GpsProbefahrt", ["Input.Distance"] = "14", ["Input.Duration"] = "25" }),
            $"/Betrieb/Annahme/{sessionId}/Protokoll");

        var logs = await factory.WithDbAsync(db => db.SystemLogEvents.AsNoTracking().Where(e => db.Vehicles.Any(v => v.Id == e.VehicleId && v.PublicId == vehicleId)).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(3, logs.Count);
        Assert.Equal(logs[0].Id, logs[1].CorrectsEventId);
        Assert.Equal("P0301 P0420", logs[0].FaultCodes);

        var (_, events) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        var text = Html.Text(events);
        Assert.Contains("Protokoll 1 · OBD-Auslesung", text);
        Assert.Contains("Korrektur zu Protokoll 1", text);
        Assert.Contains("14 km in 25 Minuten", text);
        Assert.Contains("Erfasst von Annahme protokoll", text);
        Assert.Equal(3, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.SystemLogRecorded && a.TargetId == vehicleId)));

        var id = logs[0].Id;
        await factory.WithDbAsync(async db =>
        {
            var q = db.SystemLogEvents.Where(e => e.Id == id);
            var update = await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteUpdateAsync(s => s.SetProperty(e => e.FaultCodes, "P0000")));
            Assert.Contains(SystemLogTriggers.Message, update.Message);
            await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteUpdateAsync(s => s.SetProperty(e => e.Note, "geändert")));
            await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteDeleteAsync());
            await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"SystemLogEvents\""));
            Assert.Equal("P0301 P0420", (await q.AsNoTracking().SingleAsync()).FaultCodes);
            // The business cannot go while its logs stand on a customer's vehicle …
            await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync(
                "DELETE FROM \"Businesses\" WHERE \"Id\" = {0}", logs[0].BusinessId));
            // … the logs go only with their vehicle (the owner's account deletion).
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"Vehicles\" WHERE \"Id\" = {0}", logs[0].VehicleId);
            Assert.Equal(0, await db.SystemLogEvents.CountAsync(e => e.VehicleId == logs[0].VehicleId));
            return 0;
        });
    }

    [Fact]
    public async Task The_owner_hides_a_workshops_note_on_a_system_log_and_shows_it_again_while_the_log_stays_unchanged()
    {
        var (owner, vehicleId, business, grantId) = await GrantedAsync("bemerkung");
        var sessionId = await StartAsync(business, grantId);
        const string Abusive = "Der Kunde ist ein Idiot.";
        var (_, page) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Protokoll");
        Html.AssertRedirect(await Html.SubmitAsync(business, page, new Dictionary<string, string> { ["Input.Kind"] = "ObdAuslesung", ["Input.FaultCodes"] = "P0301", ["Input.Note"] = Abusive }),
            $"/Betrieb/Annahme/{sessionId}/Protokoll");
        var (_, page2) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Protokoll");
        Html.AssertRedirect(await Html.SubmitAsync(business, page2, new Dictionary<string, string> { ["Input.Kind"] = "GpsProbefahrt", ["Input.Distance"] = "5", ["Input.Duration"] = "10" }),
            $"/Betrieb/Annahme/{sessionId}/Protokoll");
        var logs = await factory.WithDbAsync(db => db.SystemLogEvents.AsNoTracking().Where(e => db.Vehicles.Any(v => v.Id == e.VehicleId && v.PublicId == vehicleId)).OrderBy(e => e.Id).ToListAsync());

        var (_, events) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        Assert.Contains(Abusive, Html.Text(events));
        var hideLink = events.QuerySelectorAll<IHtmlAnchorElement>("main a").Single(a => a.TextContent.StartsWith("Bemerkung ausblenden", StringComparison.Ordinal));
        var (_, confirm) = await Html.GetAsync(owner, hideLink.GetAttribute("href")!);
        Assert.Contains(Abusive, Html.Text(confirm));
        // Another owner, and a log without a note: 404.
        var stranger = await Flows.SignedInClientAsync(factory, "bemerkung-fremd@example.de");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(hideLink.GetAttribute("href")!)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Fahrzeuge/{vehicleId}/Systemprotokolle/{logs[1].PublicId}/Bemerkung")).StatusCode);

        var hidden = await Html.SubmitAsync(owner, confirm, new Dictionary<string, string>());
        Html.AssertRedirect(hidden, $"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        // A second submit of the same form (another tab) changes nothing and is no error.
        Html.AssertRedirect(await Html.SubmitAsync(owner, confirm, new Dictionary<string, string>()), $"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        var (_, after) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        Assert.DoesNotContain(Abusive, Html.Text(after));
        Assert.Contains("Bemerkung der Werkstatt: von Ihnen ausgeblendet.", Html.Text(after));
        Assert.Contains("Fehlercodes: P0301", Html.Text(after));
        // The workshop still sees its own note; the log row is unchanged.
        var (_, workshopList) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Protokoll");
        Assert.Contains(Abusive, Html.Text(workshopList));
        Assert.Equal(Abusive, await factory.WithDbAsync(db => db.SystemLogEvents.Where(e => e.Id == logs[0].Id).Select(e => e.Note).SingleAsync()));
        Assert.Equal(1, await factory.WithDbAsync(db => db.SystemLogNoteHides.CountAsync(h => h.EventId == logs[0].Id)));

        // Shown again.
        var showLink = after.QuerySelectorAll<IHtmlAnchorElement>("main a").Single(a => a.TextContent.StartsWith("Bemerkung wieder einblenden", StringComparison.Ordinal));
        var (_, showPage) = await Html.GetAsync(owner, showLink.GetAttribute("href")!);
        Html.AssertRedirect(await Html.SubmitAsync(owner, showPage, new Dictionary<string, string>()), $"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        var (_, again) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        Assert.Contains(Abusive, Html.Text(again));
        var actions = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(a => a.TargetId == vehicleId && a.Action.StartsWith("SYSTEM_LOG_NOTE")).Select(a => a.Action).ToListAsync());
        Assert.Equal([AuditActions.SystemLogNoteHidden, AuditActions.SystemLogNoteShown], actions);

        // A note hidden by a previous owner (security review 2026-12-03): the current owner neither reads it nor shows it again.
        await factory.WithDbAsync(async db =>
        {
            db.SystemLogNoteHides.Add(new SystemLogNoteHide(logs[0].Id, "frueherer-besitzer", factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
            return 0;
        });
        var (_, byPrevious) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        Assert.DoesNotContain(Abusive, Html.Text(byPrevious));
        Assert.Contains("von einem früheren Besitzer ausgeblendet", Html.Text(byPrevious));
        Assert.DoesNotContain(byPrevious.QuerySelectorAll<IHtmlAnchorElement>("main a"), a => a.TextContent.StartsWith("Bemerkung", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(hideLink.GetAttribute("href")!)).StatusCode);
        var token = showPage.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var forced = await owner.PostAsync(hideLink.GetAttribute("href")! + "?handler=Einblenden", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, forced.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.SystemLogNoteHides.CountAsync(h => h.EventId == logs[0].Id)));
    }

    [Fact]
    public async Task A_missing_system_log_trigger_is_created_again_at_start()
    {
        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(0, await SystemLogTriggers.EnsureAsync(db)); // the migration created both
            await db.Database.ExecuteSqlRawAsync($"DROP TRIGGER \"{SystemLogTriggers.NoUpdate}\"");
            await db.Database.ExecuteSqlRawAsync($"DROP TRIGGER \"{SystemLogTriggers.NoDelete}\"");
            Assert.Equal(2, await SystemLogTriggers.EnsureAsync(db));
            Assert.Equal(0, await SystemLogTriggers.EnsureAsync(db));
            return 0;
        });
    }

    [Fact]
    public void The_triage_summary_fits_a_proposal_and_counts_what_did_not_fit()
    {
        var items = Enumerable.Range(1, 40).Select(n => new IntakeItem(1, IntakeItemKind.Aufgabe, $"Punkt {n} " + new string('x', 100), null, IntakeSeverity.Mittel,
            "AAAAAAAAAAAAAAAAAAAAAA", "u", DateTimeOffset.UnixEpoch)).ToList();
        var summary = IntakeSession.Summary("A-1", items);
        Assert.True(summary.Length <= WorkshopProposal.MaxWorkDoneLength, summary.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("Fahrzeugannahme (Auftrag A-1) – erledigte Punkte:", summary);
        var shown = summary.Split('\n').Count(l => l.StartsWith("- Aufgabe:", StringComparison.Ordinal));
        Assert.EndsWith($"- … und {40 - shown} weitere Punkte", summary);
        Assert.Equal("Fahrzeugannahme – erledigte Punkte:\n- Aufgabe: Punkt 1 " + new string('x', 100), IntakeSession.Summary(null, items.Take(1).ToList()));
    }
}
