using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Betrieb;

/// <summary>Issue 17 item 1: walk-in vehicles by VIN — started without a grant, no enumeration, linked only by the code the owner types on the vehicle.</summary>
public sealed partial class IntakeTests
{
    /// <summary>The full VIN of a seeded vehicle (the test reads it as its owner would).</summary>
    private async Task<string> VinOfAsync(string vehiclePublicId)
    {
        using var scope = factory.Services.CreateScope();
        var cipher = await factory.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehiclePublicId).Select(v => v.VinCipher).SingleAsync());
        return scope.ServiceProvider.GetRequiredService<VinProtector>().Decrypt(cipher);
    }

    private static async Task<HttpResponseMessage> StartWalkInAsync(HttpClient business, string vin, string makeModel = "VW Golf", string job = "") =>
        await Html.SubmitAsync(business, (await Html.GetAsync(business, "/Betrieb/Annahme/Laufkunde")).Document,
            new Dictionary<string, string> { ["Input.Vin"] = vin, ["Input.MakeModel"] = makeModel, ["Input.JobNumber"] = job });

    private static string SessionOf(HttpResponseMessage started)
    {
        Html.AssertRedirect(started, "/Betrieb/Annahme/");
        return started.Headers.Location!.OriginalString.Split('/').Last();
    }

    [Fact]
    public async Task A_walk_in_is_started_by_VIN_with_German_errors_and_the_same_answer_whether_the_vehicle_is_on_the_platform()
    {
        var ownerEmail = "laufkunde-besitzer@example.de";
        await Flows.SignedInClientAsync(factory, ownerEmail, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, ownerEmail, 1);
        var knownVin = await VinOfAsync(vehicleId);
        var unknownVin = VehicleSeed.NewVin();
        var (business, _) = await WorkshopSeed.BusinessClientAsync(factory, "laufkunde@werkstatt.example", "Laufkunde Werkstatt");

        // Bad input: a German message, and what was typed stays.
        var withO = await StartWalkInAsync(business, "WVWZZZ1JZOW000001", makeModel: "Opel Astra");
        Assert.Equal(HttpStatusCode.OK, withO.StatusCode);
        var withOPage = await Html.ParseAsync(withO);
        Assert.Contains("nie die Buchstaben I, O oder Q", Html.Text(withOPage));
        Assert.Equal("WVWZZZ1JZOW000001", withOPage.QuerySelector<IHtmlInputElement>("#Input_Vin")!.Value);
        Assert.Equal("Opel Astra", withOPage.QuerySelector<IHtmlInputElement>("#Input_MakeModel")!.Value);
        var shortVin = await Html.ParseAsync(await StartWalkInAsync(business, "WVWZZZ1JZ12"));
        Assert.Contains("Bitte geben Sie die FIN mit allen 17 Zeichen ein.", Html.Text(shortVin));
        var longName = await Html.ParseAsync(await StartWalkInAsync(business, unknownVin, makeModel: new string('x', 81)));
        Assert.Contains("Höchstens 80 Zeichen.", Html.Text(longName));
        Assert.Equal(0, await factory.WithDbAsync(db => db.IntakeSessions.CountAsync(s => s.WalkInVinHmac != null && db.Businesses.Any(b => b.Id == s.BusinessId && b.Name == "Laufkunde Werkstatt"))));

        // A VIN of a vehicle on the platform and one that is not: the same answer, the same page (VINs typed in lower case with spaces are normalised).
        var known = await StartWalkInAsync(business, " " + knownVin.ToLowerInvariant().Insert(3, " "));
        var knownId = SessionOf(known);
        var (_, knownPage) = await Html.GetAsync(business, known.Headers.Location!.OriginalString);
        var unknown = await StartWalkInAsync(business, unknownVin);
        var unknownId = SessionOf(unknown);
        var (_, unknownPage) = await Html.GetAsync(business, unknown.Headers.Location!.OriginalString);
        string Neutral(IHtmlDocument page, string sessionId, string vin) =>
            Regex.Replace(page.QuerySelector("main")!.OuterHtml.Replace(sessionId, "ID", StringComparison.Ordinal).Replace(Vin(vin), "FIN", StringComparison.Ordinal),
                "name=\"Item.Key\" value=\"[^\"]+\"|name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"|Kunden: <strong>[A-Z0-9-]{9}</strong>", "");
        Assert.Equal(Neutral(unknownPage, unknownId, unknownVin), Neutral(knownPage, knownId, knownVin));
        Assert.Contains("Annahme gestartet.", Html.Text(knownPage));
        Assert.Contains("Ohne Freigabe", Html.Text(knownPage));
        Assert.DoesNotContain(knownVin, knownPage.DocumentElement.OuterHtml);
        // Nothing about the platform's vehicle reached the session: no grant, no vehicle.
        Assert.True(await factory.WithDbAsync(db => db.IntakeSessions.AnyAsync(s => s.PublicId == knownId && s.GrantId == null && s.VehicleId == null)));

        // A second start with that VIN continues the open walk-in.
        var again = await StartWalkInAsync(business, knownVin, makeModel: "anders");
        Assert.Equal(knownId, SessionOf(again));
        var (_, againPage) = await Html.GetAsync(business, again.Headers.Location!.OriginalString);
        Assert.Contains("läuft bereits eine Annahme", Html.Text(againPage));

        // Items work; system logs are not offered (no vehicle record): no link, and the page does not exist for it.
        Html.AssertRedirect(await AddItemAsync(business, knownPage, "Auspuff undicht", severity: "Hoch"), $"/Betrieb/Annahme/{knownId}");
        Assert.DoesNotContain(knownPage.QuerySelectorAll<IHtmlAnchorElement>("main a"), a => a.TextContent.Contains("OBD", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await business.GetAsync($"/Betrieb/Annahme/{knownId}/Protokoll")).StatusCode);

        // The board: make/model and the masked VIN.
        var (_, board) = await Html.GetAsync(business, "/Betrieb/Annahme/Tafel");
        Assert.Contains("VW Golf", Html.Text(board));
        Assert.Contains(Vin(knownVin), Html.Text(board));
        Assert.DoesNotContain(knownVin, board.DocumentElement.OuterHtml);
        var (_, list) = await Html.GetAsync(business, "/Betrieb/Annahme");
        Assert.Equal(2, list.QuerySelectorAll("main table tbody tr").Count(r => r.TextContent.Contains("Ohne Freigabe", StringComparison.Ordinal)));

        // Audit: the session is the target (no vehicle), the same for both; ids only.
        var audit = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(a => a.Action == AuditActions.IntakeStarted && (a.TargetId == knownId || a.TargetId == unknownId)).ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal("INTAKE_SESSION", a.TargetType));
        Assert.All(audit, a => Assert.Contains("\"walk_in\":true", a.MetadataJson));
        Assert.Equal(audit[0].MetadataJson.Length, audit[1].MetadataJson.Length);
        Assert.DoesNotContain(await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(a => a.TargetId == vehicleId).Select(a => a.Action).ToListAsync()),
            a => a.StartsWith("WORKSHOP_INTAKE", StringComparison.Ordinal));
    }

    private static string Vin(string vin) => LifeTimeCircle.Domain.Vehicles.Vin.Mask(vin);

    [Fact]
    public async Task A_grant_never_links_a_walk_in_and_nothing_of_it_reaches_the_owner()
    {
        var ownerEmail = "laufkunde-link@example.de";
        var owner = await Flows.SignedInClientAsync(factory, ownerEmail, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, ownerEmail, 1);
        var vin = await VinOfAsync(vehicleId);
        var (business, code) = await WorkshopSeed.BusinessClientAsync(factory, "link@werkstatt.example", "Verknüpfung Werkstatt");
        var (other, _) = await WorkshopSeed.BusinessClientAsync(factory, "link-fremd@werkstatt.example", "Andere Werkstatt");

        // A first walk-in is closed while unlinked: no proposal, said so on the page.
        var firstId = SessionOf(await StartWalkInAsync(business, vin, job: "W-1"));
        var (_, firstPage) = await Html.GetAsync(business, $"/Betrieb/Annahme/{firstId}");
        Html.AssertRedirect(await AddItemAsync(business, firstPage, "Bremsen prüfen"), $"/Betrieb/Annahme/{firstId}");
        await SetStatusAsync(business, firstId, "Bremsen prüfen", "Erledigt");
        var (_, closeUnlinked) = await Html.GetAsync(business, $"/Betrieb/Annahme/{firstId}/Abschliessen");
        Assert.Contains("ohne Vorschlag abgeschlossen", Html.Text(closeUnlinked));
        Assert.Contains("starten Sie eine Annahme über das Kundenfahrzeug", Html.Text(closeUnlinked));
        Assert.Null(closeUnlinked.QuerySelector("#Input_Odometer"));
        Html.AssertRedirect(await Html.SubmitAsync(business, closeUnlinked, new Dictionary<string, string>()), $"/Betrieb/Annahme/{firstId}");
        Assert.Equal(0, await factory.WithDbAsync(db => db.WorkshopProposals.CountAsync(p => db.Vehicles.Any(v => v.Id == p.VehicleId && v.PublicId == vehicleId))));
        Assert.True(await factory.WithDbAsync(db => db.IntakeSessions.AnyAsync(s => s.PublicId == firstId && s.State == IntakeState.Abgeschlossen && s.ProposalId == null)));

        // The open walk-in of this business, and one of another business with the same VIN.
        var openId = SessionOf(await StartWalkInAsync(business, vin, job: "W-2"));
        Assert.NotEqual(firstId, openId);
        var otherId = SessionOf(await StartWalkInAsync(other, vin));
        var (_, openPage) = await Html.GetAsync(business, $"/Betrieb/Annahme/{openId}");
        Html.AssertRedirect(await AddItemAsync(business, openPage, "Zahnriemen gewechselt", kind: "Aufgabe"), $"/Betrieb/Annahme/{openId}");
        await SetStatusAsync(business, openId, "Zahnriemen gewechselt", "Erledigt");

        // Another business gets 404 on every handler of the walk-in (and the first business on the other's).
        foreach (var (client, id) in new[] { (other, openId), (business, otherId) })
        {
            foreach (var url in new[] { $"/Betrieb/Annahme/{id}", $"/Betrieb/Annahme/{id}/Abschliessen", $"/Betrieb/Annahme/{id}/Protokoll" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
            }
            var (_, any) = await Html.GetAsync(client, "/Konto/Sicherheit");
            var token = any.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
            foreach (var url in new[] { $"/Betrieb/Annahme/{id}?handler=Punkt", $"/Betrieb/Annahme/{id}?handler=Status", $"/Betrieb/Annahme/{id}?handler=Notizen", $"/Betrieb/Annahme/{id}/Abschliessen" })
            {
                var response = await client.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Item.Title", "Fremd"), new("Item.Kind", "Mangel"),
                    new("Item.Severity", "Hoch"), new("Item.Key", "AAAAAAAAAAAAAAAAAAAAAD")]));
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }

        // The owner grants the business: no walk-in is linked — a grant proves nothing about who stands at the counter (anyone can
        // register a VIN read through a windscreen and grant the workshops of a town; security review 2026-12-03, ADR 0019).
        await WorkshopSeed.GrantAsync(owner, vehicleId, code, "Familie Laufkunde");
        var sessions = await factory.WithDbAsync(db => db.IntakeSessions.AsNoTracking().Where(s => s.PublicId == firstId || s.PublicId == openId || s.PublicId == otherId)
            .ToListAsync());
        Assert.Equal(3, sessions.Count);
        Assert.All(sessions, s => Assert.Equal((null, null), (s.GrantId, s.VehicleId)));
        var (_, stillOwn) = await Html.GetAsync(business, $"/Betrieb/Annahme/{openId}");
        Assert.DoesNotContain("Familie Laufkunde", Html.Text(stillOwn));
        Assert.Contains("erreicht keinen Besitzer", Html.Text(stillOwn));
        Assert.DoesNotContain(stillOwn.QuerySelectorAll<IHtmlAnchorElement>("main a"), a => a.TextContent.Contains("OBD", StringComparison.Ordinal));
        // Its close sends nothing to the owner either; nothing of the walk-in reaches the owner's audit trail.
        var (_, closeOpen) = await Html.GetAsync(business, $"/Betrieb/Annahme/{openId}/Abschliessen");
        Html.AssertRedirect(await Html.SubmitAsync(business, closeOpen, new Dictionary<string, string>()), $"/Betrieb/Annahme/{openId}");
        Assert.Equal(0, await factory.WithDbAsync(db => db.WorkshopProposals.CountAsync(p => db.Vehicles.Any(v => v.Id == p.VehicleId && v.PublicId == vehicleId))));
        var (_, module) = await Html.GetAsync(owner, "/Module");
        Assert.DoesNotContain("Zahnriemen gewechselt", Html.Text(module));
        var ownerActions = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(a => a.TargetId == vehicleId).Select(a => a.Action).ToListAsync());
        Assert.DoesNotContain(ownerActions, a => a.StartsWith("WORKSHOP_INTAKE", StringComparison.Ordinal));
        // The other business's walk-in still belongs to it alone.
        var (_, otherClose) = await Html.GetAsync(other, $"/Betrieb/Annahme/{otherId}/Abschliessen");
        Assert.Contains("ohne Vorschlag abgeschlossen", Html.Text(otherClose));
    }

    private static async Task<HttpResponseMessage> TypeLinkCodeAsync(HttpClient owner, string vehicleId, string code, string name = "Familie Code") =>
        await Html.SubmitAsync(owner, (await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt/Annahme")).Document,
            new Dictionary<string, string> { ["Code"] = code, ["Grant.CustomerName"] = name, ["Grant.Duration"] = "Besuch", ["Grant.Invoices"] = "true" });

    private async Task<string?> LinkCodeOfAsync(string sessionId) =>
        await factory.WithDbAsync(db => db.IntakeSessions.Where(s => s.PublicId == sessionId).Select(s => s.LinkCode).SingleAsync());

    [Fact]
    public async Task The_owner_links_a_walk_in_only_with_its_code_on_the_vehicle_with_its_VIN_and_then_gets_the_proposal()
    {
        var ownerEmail = "laufkunde-code@example.de";
        var owner = await Flows.SignedInClientAsync(factory, ownerEmail, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, ownerEmail, 1);
        var (otherVehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, ownerEmail, 1);
        var vin = await VinOfAsync(vehicleId);
        var (business, _) = await WorkshopSeed.BusinessClientAsync(factory, "code@werkstatt.example", "Code Werkstatt");
        var strangerEmail = "laufkunde-fremd@example.de";
        var stranger = await Flows.SignedInClientAsync(factory, strangerEmail, Roles.Vip);
        var (strangerVehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, strangerEmail, 1);

        var sessionId = SessionOf(await StartWalkInAsync(business, vin, job: "C-1"));
        var code = await LinkCodeOfAsync(sessionId);
        Assert.NotNull(code);
        var formatted = IntakeLinkCode.Format(code!);
        // Staff read the code on the session (never on the board).
        var (_, sessionPage) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}");
        Assert.Contains(formatted, Html.Text(sessionPage));
        var (_, board) = await Html.GetAsync(business, "/Betrieb/Annahme/Tafel");
        Assert.DoesNotContain(formatted, board.DocumentElement.OuterHtml);
        Assert.DoesNotContain(code!, board.DocumentElement.OuterHtml);
        Html.AssertRedirect(await AddItemAsync(business, sessionPage, "Ölwechsel gemacht", kind: "Aufgabe"), $"/Betrieb/Annahme/{sessionId}");
        await SetStatusAsync(business, sessionId, "Ölwechsel gemacht", "Erledigt");

        // The way there: vehicle › Werkstatt berechtigen › „Annahme-Code eingeben“.
        var (_, grantsPage) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt");
        Assert.Contains(grantsPage.QuerySelectorAll<IHtmlAnchorElement>("main a"), a => a.TextContent == "Annahme-Code eingeben");

        // The same answer for a wrong code, a malformed one, the right code on another vehicle and on a stranger's vehicle (a
        // VIN read through the windscreen is not enough: the stranger has no vehicle with that VIN, and the code is not theirs).
        var refusals = new List<HttpResponseMessage>
        {
            await TypeLinkCodeAsync(owner, vehicleId, "ABCD-EFGH"),
            await TypeLinkCodeAsync(owner, vehicleId, "nicht-ein-code"),
            await TypeLinkCodeAsync(owner, otherVehicleId, formatted),
            await TypeLinkCodeAsync(stranger, strangerVehicleId, formatted),
        };
        foreach (var refused in refusals)
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var page = await Html.ParseAsync(refused);
            Assert.Contains(LifeTimeCircle.Infrastructure.Workshops.WalkInLinks.RefusedMessage, Html.Text(page));
            Assert.Equal("Familie Code", page.QuerySelector<IHtmlInputElement>("#Grant_CustomerName")!.Value);
        }
        Assert.Equal(0, await factory.WithDbAsync(db => db.WorkshopGrants.CountAsync(g => db.Businesses.Any(b => b.Id == g.BusinessId && b.Name == "Code Werkstatt"))));
        // Another owner's vehicle: 404, like every vehicle page.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Fahrzeuge/{vehicleId}/Werkstatt/Annahme")).StatusCode);
        // A missing name keeps the code typed.
        var noName = await Html.ParseAsync(await TypeLinkCodeAsync(owner, vehicleId, formatted.ToLowerInvariant(), name: ""));
        Assert.Contains("Bitte geben Sie an, unter welchem Namen die Werkstatt Sie sieht.", Html.Text(noName));
        Assert.Equal(formatted.ToLowerInvariant(), noName.QuerySelector<IHtmlInputElement>("#Code")!.Value);

        // The right code on the right vehicle (typed in lower case), sent twice at once (a double click): granted and linked once,
        // to the grant that stays active (security review 2026-12-03).
        var (_, form1) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt/Annahme");
        var (_, form2) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt/Annahme");
        var values = new Dictionary<string, string> { ["Code"] = formatted.ToLowerInvariant(), ["Grant.CustomerName"] = "Familie Code", ["Grant.Duration"] = "Besuch" };
        var both = await Task.WhenAll(Html.SubmitAsync(owner, form1, values), Html.SubmitAsync(owner, form2, values));
        var linked = both[0];
        Html.AssertRedirect(linked, $"/Fahrzeuge/{vehicleId}/Werkstatt");
        Assert.True(both[1].StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, await Html.DescribeAsync(both[1]));
        Assert.True(await factory.WithDbAsync(db => db.IntakeSessions.AnyAsync(s => s.PublicId == sessionId
            && db.WorkshopGrants.Any(g => g.Id == s.GrantId && g.RevokedAt == null))));
        Assert.Equal(1, await factory.WithDbAsync(db => db.WorkshopGrants.CountAsync(g => g.RevokedAt == null && db.Businesses.Any(b => b.Id == g.BusinessId && b.Name == "Code Werkstatt"))));
        var (_, after) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt");
        Assert.Contains("ist jetzt mit diesem Fahrzeug verknüpft", Html.Text(after));
        Assert.Contains("Code Werkstatt", Html.Text(after));
        var session = await factory.WithDbAsync(db => db.IntakeSessions.AsNoTracking().SingleAsync(s => s.PublicId == sessionId));
        Assert.NotNull(session.GrantId);
        Assert.Equal((null, null, null), (session.LinkCode, session.WalkInVinHmac, session.WalkInVinCipher));
        Assert.Equal(Vin(vin), session.WalkInVinMasked);
        // The code is spent.
        Assert.Contains(LifeTimeCircle.Infrastructure.Workshops.WalkInLinks.RefusedMessage, Html.Text(await Html.ParseAsync(await TypeLinkCodeAsync(owner, vehicleId, formatted))));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(a => a.TargetId == vehicleId && a.Action.StartsWith("WORKSHOP_INTAKE_LINK")).ToListAsync());
        Assert.Single(audit, a => a.Action == AuditActions.IntakeLinked && a.MetadataJson.Contains(sessionId, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.Action == AuditActions.IntakeLinked && !a.MetadataJson.Contains(sessionId, StringComparison.Ordinal));
        Assert.InRange(audit.Count(a => a.Action == AuditActions.IntakeLinkRefused), 3, 4); // 4 when the second of the double click came after the first
        Assert.All(audit, a => Assert.DoesNotContain(code!, a.MetadataJson, StringComparison.Ordinal));

        // Staff now see the customer's chosen name; the close sends the done items to the owner.
        var (_, linkedPage) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}");
        Assert.Contains("Familie Code", Html.Text(linkedPage));
        Assert.DoesNotContain(formatted, Html.Text(linkedPage));
        var (_, closePage) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Abschliessen");
        Html.AssertRedirect(await Html.SubmitAsync(business, closePage, new Dictionary<string, string> { ["Input.Category"] = "Oelwechsel", ["Input.Odometer"] = "40.000" }),
            $"/Betrieb/Annahme/{sessionId}");
        var (_, module) = await Html.GetAsync(owner, "/Module");
        Assert.Contains("Ölwechsel gemacht", Html.Text(module));
    }

    [Fact]
    public async Task A_closed_walk_in_keeps_neither_its_VIN_hash_nor_its_code()
    {
        var (business, _) = await WorkshopSeed.BusinessClientAsync(factory, "schluss@werkstatt.example", "Schluss Werkstatt");
        var sessionId = SessionOf(await StartWalkInAsync(business, VehicleSeed.NewVin()));
        var open = await factory.WithDbAsync(db => db.IntakeSessions.AsNoTracking().SingleAsync(s => s.PublicId == sessionId));
        Assert.NotNull(open.WalkInVinHmac);
        Assert.NotNull(open.WalkInVinCipher);
        Assert.NotNull(open.LinkCode);
        // After a rotation of LTC_SECRET_KEY, rehash-vins recomputes the open walk-in's hash from its encrypted VIN.
        await factory.WithDbAsync(async db =>
        {
            var s = await db.IntakeSessions.SingleAsync(x => x.PublicId == sessionId);
            Assert.True(s.Rehash("veraltet"));
            await db.SaveChangesAsync();
            return 0;
        });
        var (_, changed) = await LifeTimeCircle.Cli.AdminCommands.RehashVinsAsync(factory.Services, CancellationToken.None);
        Assert.Equal(1, changed);
        Assert.Equal(open.WalkInVinHmac, await factory.WithDbAsync(db => db.IntakeSessions.Where(s => s.PublicId == sessionId).Select(s => s.WalkInVinHmac).SingleAsync()));
        var (_, closePage) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Abschliessen");
        Html.AssertRedirect(await Html.SubmitAsync(business, closePage, new Dictionary<string, string>()), $"/Betrieb/Annahme/{sessionId}");
        var closed = await factory.WithDbAsync(db => db.IntakeSessions.AsNoTracking().SingleAsync(s => s.PublicId == sessionId));
        Assert.Equal((null, null, null), (closed.WalkInVinHmac, closed.WalkInVinCipher, closed.LinkCode));
        Assert.True(closed.IsWalkIn);
        var (_, page) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}");
        Assert.Contains("Ohne Freigabe", Html.Text(page));
    }

    [Fact]
    public async Task A_business_has_at_most_50_open_walk_ins()
    {
        var (business, _) = await WorkshopSeed.BusinessClientAsync(factory, "grenze@werkstatt.example", "Grenze Werkstatt");
        using var scope = factory.Services.CreateScope();
        var vins = scope.ServiceProvider.GetRequiredService<VinProtector>();
        await factory.WithDbAsync(async db =>
        {
            var b = await db.Businesses.SingleAsync(x => x.Name == "Grenze Werkstatt");
            for (var i = 0; i < IntakeSession.MaxOpenWalkIns; i++)
            {
                var vin = LifeTimeCircle.Domain.Vehicles.Vin.Parse(VehicleSeed.NewVin());
                db.IntakeSessions.Add(IntakeSession.WalkIn(b.Id, vin, vins.Hmac(vin), vins.Encrypt(vin), null, null, b.OwnerUserId, factory.Clock.GetUtcNow()));
            }
            await db.SaveChangesAsync();
            return 0;
        });
        var refused = await StartWalkInAsync(business, VehicleSeed.NewVin(), makeModel: "Fiat Panda");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        Assert.Contains("bereits 50 offene Annahmen ohne Freigabe", Html.Text(page));
        Assert.Equal("Fiat Panda", page.QuerySelector<IHtmlInputElement>("#Input_MakeModel")!.Value);
        Assert.Equal(IntakeSession.MaxOpenWalkIns, await factory.WithDbAsync(db => db.IntakeSessions.CountAsync(s => s.GrantId == null && db.Businesses.Any(b => b.Id == s.BusinessId && b.Name == "Grenze Werkstatt"))));
    }
}
