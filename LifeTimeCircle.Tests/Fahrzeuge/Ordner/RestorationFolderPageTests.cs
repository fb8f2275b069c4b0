using System.Net;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Addons;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Tests.Exporte;
using LifeTimeCircle.Tests.Fahrzeuge.Unfall;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace LifeTimeCircle.Tests.Fahrzeuge.Ordner;

/// <summary>
/// The Oldtimer- and Restauration-Trust folders through their real forms (ADR 0023 §3): the add-on gate on every handler,
/// grandfathering, stage validation, „belegt“ only with valid evidence, owner checks, audit rows and the certificate summary.
/// </summary>
public sealed class RestorationFolderPageTests(ExportFactory factory) : IClassFixture<ExportFactory>
{
    private const string Key = AddonKeys.Restauration;

    private Task SwitchesAsync(string key, bool allowNew, bool paid, bool adminOnly) => factory.WithDbAsync(async db =>
    {
        var config = await db.AddonConfigs.SingleOrDefaultAsync(c => c.Key == key);
        if (config is null) db.AddonConfigs.Add(config = new AddonConfig(key, factory.Clock.GetUtcNow()));
        config.Set(allowNew, paid, adminOnly, "test-admin", factory.Clock.GetUtcNow());
        return await db.SaveChangesAsync();
    });

    private async Task<(HttpClient Client, string VehicleId)> OwnerAsync(string email, string role = Roles.Vip)
    {
        var client = await Flows.SignedInClientAsync(factory, email, role);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 0);
        return (client, vehicleId);
    }

    private static string Folder(string vehicleId, string key = Key) => $"/Fahrzeuge/{vehicleId}/Ordner/{key}";

    private static async Task ActivateAsync(HttpClient client, string vehicleId, string key = Key)
    {
        var (_, page) = await Html.GetAsync(client, Folder(vehicleId, key));
        Html.AssertRedirect(await Html.SubmitAsync(client, page, new Dictionary<string, string>(), "form[action*='handler=Aktivieren']"), Folder(vehicleId, key));
    }

    private static Dictionary<string, string> Stage(string kind = "Karosserie", string started = "01.03.2023", string ended = "30.06.2023") => new()
    {
        ["Input.Kind"] = kind, ["Input.StartedOn"] = started, ["Input.EndedOn"] = ended, ["Input.PerformedBy"] = "Karosseriebau Weber",
        ["Input.Description"] = "Schweller und Radläufe neu aufgebaut.", ["Input.Cost"] = "4.250,50",
    };

    private static async Task<string> AddStageAsync(HttpClient client, string vehicleId, Dictionary<string, string> values, string key = Key)
    {
        var (_, page) = await Html.GetAsync(client, Folder(vehicleId, key));
        var response = await Html.SubmitAsync(client, page, values, "main form[method=post]:not([action*='handler='])");
        Html.AssertRedirect(response, Folder(vehicleId, key) + "/");
        return response.Headers.Location!.OriginalString.Split('/').Last();
    }

    private static async Task<HttpResponseMessage> LinkAsync(HttpClient client, string vehicleId, string stageId, string docId, string role)
    {
        var (_, page) = await Html.GetAsync(client, $"{Folder(vehicleId)}/{stageId}");
        return await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["DocId"] = docId, ["Role"] = role }, "form[action*='handler=Verknuepfen']");
    }

    private static async Task<string> TokenAsync(HttpClient client, string url)
    {
        var (_, page) = await Html.GetAsync(client, url);
        return page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
    }

    private Task<int> StagesAsync(string vehicleId) =>
        factory.WithDbAsync(db => db.RestorationStages.CountAsync(s => db.Vehicles.Any(v => v.Id == s.VehicleId && v.PublicId == vehicleId)));

    [Fact]
    public async Task A_folder_that_is_not_activated_takes_no_stage_and_says_why()
    {
        await SwitchesAsync(Key, allowNew: false, paid: true, adminOnly: false);
        var (client, vehicleId) = await OwnerAsync("ordner-zu@example.de", Roles.User);
        var (_, closed) = await Html.GetAsync(client, Folder(vehicleId));
        Assert.Contains("kann derzeit nicht neu aktiviert werden", Html.Text(closed));
        Assert.Null(closed.QuerySelector("form[action*='handler=Aktivieren']"));

        await SwitchesAsync(Key, allowNew: true, paid: true, adminOnly: false);
        var (_, paywall) = await Html.GetAsync(client, Folder(vehicleId));
        Assert.Contains("im VIP-Tarif enthalten", Html.Text(paywall));
        Assert.Contains(paywall.QuerySelectorAll<IHtmlAnchorElement>("main a"), a => a.TextContent == "Tarife und Upgrade" && a.PathName == "/Tarife");

        await SwitchesAsync(Key, allowNew: true, paid: false, adminOnly: true);
        var (_, adminOnly) = await Html.GetAsync(client, Folder(vehicleId));
        Assert.Contains("nur die Administration", Html.Text(adminOnly));

        // Posting anyway (activation, a new stage): refused with the reason, nothing stored.
        var token = await TokenAsync(client, $"/Fahrzeuge/{vehicleId}/Unfall");
        var activate = await client.PostAsync(Folder(vehicleId) + "?handler=Aktivieren", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
        Assert.Contains("nur die Administration", Html.Text(await Html.ParseAsync(activate)));
        var values = Stage();
        values["__RequestVerificationToken"] = token;
        var create = await client.PostAsync(Folder(vehicleId), new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        Assert.Contains("Bitte aktivieren Sie zuerst den Ordner.", Html.Text(await Html.ParseAsync(create)));
        Assert.Equal(0, await StagesAsync(vehicleId));
        Assert.Equal(0, await factory.WithDbAsync(db => db.VehicleAddons.CountAsync(a => db.Vehicles.Any(v => v.Id == a.VehicleId && v.PublicId == vehicleId))));

        // A stage row without an activation (only possible by hand in the database) is not reachable: every stage handler checks the gate.
        var stageId = await factory.WithDbAsync(async db =>
        {
            var stage = new RestorationStage(await db.Vehicles.Where(v => v.PublicId == vehicleId).Select(v => v.Id).SingleAsync(), Key, factory.Clock.GetUtcNow());
            stage.Update(StageKind.Lack, null, new DateOnly(2023, 1, 1), null, null, null, null, new DateOnly(2026, 1, 1), factory.Clock.GetUtcNow());
            db.RestorationStages.Add(stage);
            await db.SaveChangesAsync();
            return stage.PublicId;
        });
        foreach (var page in new[] { "", "/Bearbeiten", "/Meilensteine", "/Loeschen" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Folder(vehicleId)}/{stageId}{page}")).StatusCode);
        }
        foreach (var url in new[] { $"{Folder(vehicleId)}/{stageId}/Bearbeiten", $"{Folder(vehicleId)}/{stageId}/Loeschen", $"{Folder(vehicleId)}/{stageId}/Meilensteine",
                     $"{Folder(vehicleId)}/{stageId}?handler=Verknuepfen", $"{Folder(vehicleId)}/{stageId}?handler=Loesen" })
        {
            var post = await client.PostAsync(url, new FormUrlEncodedContent(values));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
        Assert.Equal(1, await StagesAsync(vehicleId));
        Assert.Equal($"{Folder(vehicleId)}", (await client.GetAsync($"{Folder(vehicleId)}/Geschichte")).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_vip_activates_the_folder_once_and_keeps_using_it_after_the_switches_close()
    {
        await SwitchesAsync(AddonKeys.Oldtimer, allowNew: true, paid: true, adminOnly: false);
        var (client, vehicleId) = await OwnerAsync("ordner-vip@example.de");
        var (_, vehiclePage) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}");
        Assert.Contains(vehiclePage.QuerySelectorAll<IHtmlAnchorElement>("a"), a => a.PathName == Folder(vehicleId, AddonKeys.Oldtimer));
        Assert.Contains(vehiclePage.QuerySelectorAll<IHtmlAnchorElement>("a"), a => a.PathName == Folder(vehicleId, AddonKeys.Restauration));
        var (_, before) = await Html.GetAsync(client, Folder(vehicleId, AddonKeys.Oldtimer));
        Assert.Contains("Ordner aktivieren", Html.Text(before));
        Assert.Equal(0, await factory.WithDbAsync(db => db.VehicleAddons.CountAsync(a => a.Key == AddonKeys.Oldtimer))); // looking activates nothing

        await ActivateAsync(client, vehicleId, AddonKeys.Oldtimer);
        var audit = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == AuditActions.AddonEnabled && a.MetadataJson.Contains(vehicleId)));
        Assert.Contains(AddonKeys.Oldtimer, audit.MetadataJson, StringComparison.Ordinal);
        await AddStageAsync(client, vehicleId, Stage(), AddonKeys.Oldtimer);

        // The switches close completely: the vehicle activated before keeps its folder (grandfathered).
        await SwitchesAsync(AddonKeys.Oldtimer, allowNew: false, paid: true, adminOnly: true);
        var stageId = await AddStageAsync(client, vehicleId, Stage("Motor", "01.07.2023", ""), AddonKeys.Oldtimer);
        var (_, edit) = await Html.GetAsync(client, $"{Folder(vehicleId, AddonKeys.Oldtimer)}/{stageId}/Bearbeiten");
        Html.AssertRedirect(await Html.SubmitAsync(client, edit, new Dictionary<string, string> { ["Input.EndedOn"] = "31.12.2023" }),
            $"{Folder(vehicleId, AddonKeys.Oldtimer)}/{stageId}");
        Assert.Equal(new DateOnly(2023, 12, 31), await factory.WithDbAsync(db => db.RestorationStages.Where(s => s.PublicId == stageId).Select(s => s.EndedOn).SingleAsync()));
        // The other add-on is still closed for this vehicle: the folders are separate.
        await SwitchesAsync(Key, allowNew: false, paid: true, adminOnly: false);
        var (_, other) = await Html.GetAsync(client, Folder(vehicleId, Key));
        Assert.Contains("kann derzeit nicht neu aktiviert werden", Html.Text(other));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Fahrzeuge/{vehicleId}/Ordner/premium_docs")).StatusCode);
    }

    [Fact]
    public async Task Bad_stage_input_gets_german_messages_and_keeps_what_was_typed()
    {
        await SwitchesAsync(Key, allowNew: true, paid: true, adminOnly: false);
        var (client, vehicleId) = await OwnerAsync("ordner-eingabe@example.de");
        await ActivateAsync(client, vehicleId);
        var (_, page) = await Html.GetAsync(client, Folder(vehicleId));
        const string form = "main form[method=post]:not([action*='handler='])";

        async Task<AngleSharp.Html.Dom.IHtmlDocument> PostAsync(Dictionary<string, string> values)
        {
            var response = await Html.SubmitAsync(client, page, values, form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await Html.ParseAsync(response);
        }

        var reversed = await PostAsync(Stage(ended: "28.02.2023"));
        Assert.Contains("Das Ende darf nicht vor dem Beginn liegen.", Html.Text(reversed));
        Assert.Equal("28.02.2023", reversed.QuerySelector<IHtmlInputElement>("input[name='Input.EndedOn']")!.Value);
        Assert.Equal("Schweller und Radläufe neu aufgebaut.", reversed.QuerySelector<IHtmlTextAreaElement>("textarea[name='Input.Description']")!.Value);
        Assert.Equal("4.250,50", reversed.QuerySelector<IHtmlInputElement>("input[name='Input.Cost']")!.Value);

        var values = Stage();
        values["Input.Cost"] = "-5";
        values["Input.StartedOn"] = "31.02.2023";
        var bad = await PostAsync(values);
        Assert.Contains("Bitte geben Sie einen Betrag wie 1.234,56", Html.Text(bad));
        Assert.Contains("Bitte geben Sie das Datum als TT.MM.JJJJ an", Html.Text(bad));
        Assert.Equal("-5", bad.QuerySelector<IHtmlInputElement>("input[name='Input.Cost']")!.Value);

        var free = await PostAsync(Stage(kind: "Frei"));
        Assert.Contains("Bitte geben Sie der eigenen Etappe einen Titel.", Html.Text(free));
        var longTitle = Stage(kind: "Frei");
        longTitle["Input.Title"] = new string('V', 81);
        Assert.Contains("Höchstens 80 Zeichen.", Html.Text(await PostAsync(longTitle)));
        var longBy = Stage();
        longBy["Input.PerformedBy"] = new string('W', 121);
        Assert.Contains("Höchstens 120 Zeichen.", Html.Text(await PostAsync(longBy)));
        var longText = Stage();
        longText["Input.Description"] = new string('x', 2001);
        Assert.Contains("Höchstens 2000 Zeichen.", Html.Text(await PostAsync(longText)));
        var future = Stage(started: LifeTimeCircle.Web.Display.Date(LifeTimeCircle.Web.Display.BerlinDate(factory.Clock.GetUtcNow()).AddDays(2)), ended: "");
        Assert.Contains("Der Beginn darf nicht in der Zukunft liegen.", Html.Text(await PostAsync(future)));
        var kind = Stage(kind: "99");
        Assert.Contains("Bitte wählen Sie eine Etappe aus der Liste.", Html.Text(await PostAsync(kind)));
        Assert.Equal(0, await StagesAsync(vehicleId));

        // A free stage with its own title and a German comma cost is stored in cents; the owner sees the cost.
        var ok = Stage(kind: "Frei", ended: "");
        ok["Input.Title"] = "Verdeck";
        ok["Input.Cost"] = "1234,5";
        var stageId = await AddStageAsync(client, vehicleId, ok);
        var stored = await factory.WithDbAsync(db => db.RestorationStages.AsNoTracking().SingleAsync(s => s.PublicId == stageId));
        Assert.Equal((StageKind.Frei, "Verdeck", 123450L, (DateOnly?)null), (stored.Kind, stored.Title, stored.CostCents!.Value, stored.EndedOn));
        var (_, stagePage) = await Html.GetAsync(client, $"{Folder(vehicleId)}/{stageId}");
        Assert.Contains("1.234,50 €", Html.Text(stagePage));
        Assert.Contains("seit 01.03.2023", Html.Text(stagePage));

        // Milestones: date and text, German messages, several per stage.
        var (_, milestones) = await Html.GetAsync(client, $"{Folder(vehicleId)}/{stageId}/Meilensteine");
        var empty = await Html.SubmitAsync(client, milestones, new Dictionary<string, string> { ["On"] = "", ["Text"] = new string('m', 201) }, "main form[method=post]:not([action*='handler='])");
        var emptyText = Html.Text(await Html.ParseAsync(empty));
        Assert.Contains("Bitte geben Sie das Datum an", emptyText);
        Assert.Contains("Höchstens 200 Zeichen.", emptyText);
        foreach (var (on, text) in new[] { ("15.04.2023", "Verdeckgestänge gerichtet"), ("01.04.2023", "Altes Verdeck entfernt") })
        {
            Html.AssertRedirect(await Html.SubmitAsync(client, milestones, new Dictionary<string, string> { ["On"] = on, ["Text"] = text },
                "main form[method=post]:not([action*='handler='])"), $"{Folder(vehicleId)}/{stageId}/Meilensteine");
        }
        var (_, story) = await Html.GetAsync(client, $"{Folder(vehicleId)}/Geschichte");
        var storyText = Html.Text(story);
        Assert.True(storyText.IndexOf("Altes Verdeck entfernt", StringComparison.Ordinal) < storyText.IndexOf("Verdeckgestänge gerichtet", StringComparison.Ordinal), storyText);
        Assert.DoesNotContain("1.234,50", storyText); // costs only on the folder's working pages
    }

    [Fact]
    public async Task A_stage_is_belegt_only_with_valid_evidence_and_the_certificate_says_so_without_numbers()
    {
        await SwitchesAsync(Key, allowNew: true, paid: true, adminOnly: false);
        const string email = "ordner-beleg@example.de";
        var (client, vehicleId) = await OwnerAsync(email);
        await ActivateAsync(client, vehicleId);
        var body = await AddStageAsync(client, vehicleId, Stage("Karosserie", "01.03.2023", "30.06.2023"));
        var paint = await AddStageAsync(client, vehicleId, Stage("Lack", "01.07.2023", "30.09.2023"));
        var pending = await AccidentFolderPageTests.DocumentAsync(factory, vehicleId, DocumentKind.Rechnung, image: false, approved: false, "Karosserie.pdf");
        var refused = await AccidentFolderPageTests.DocumentAsync(factory, vehicleId, DocumentKind.Rechnung, image: false, approved: false, "Lack.pdf");
        var before = await AccidentFolderPageTests.DocumentAsync(factory, vehicleId, DocumentKind.Foto, image: true, approved: true, "vorher.png");
        var after = await AccidentFolderPageTests.DocumentAsync(factory, vehicleId, DocumentKind.Foto, image: true, approved: false, "nachher.png");

        // A PDF is no photo; the role must come from the list.
        var asPhoto = await LinkAsync(client, vehicleId, body, pending, "FotoVorher");
        Assert.Contains("passt nur ein Bild", Html.Text(await Html.ParseAsync(asPhoto)));
        Assert.Contains("Bitte wählen Sie aus der Liste", Html.Text(await Html.ParseAsync(await LinkAsync(client, vehicleId, body, pending, "7"))));
        Html.AssertRedirect(await LinkAsync(client, vehicleId, body, pending, "Nachweis"), $"{Folder(vehicleId)}/{body}");
        Html.AssertRedirect(await LinkAsync(client, vehicleId, body, after, "FotoNachher"), $"{Folder(vehicleId)}/{body}");
        Html.AssertRedirect(await LinkAsync(client, vehicleId, paint, refused, "Nachweis"), $"{Folder(vehicleId)}/{paint}");
        var (_, pendingPage) = await Html.GetAsync(client, $"{Folder(vehicleId)}/{body}");
        Assert.Contains("noch nicht belegt", Html.Text(pendingPage));
        Assert.Contains("zählt erst nach Freigabe", Html.Text(pendingPage));

        await factory.WithDbAsync(async db =>
        {
            var now = factory.Clock.GetUtcNow();
            var doc = await db.Documents.SingleAsync(d => d.PublicId == pending);
            doc.ScannedClean(now);
            doc.Approve(now);
            var no = await db.Documents.SingleAsync(d => d.PublicId == refused);
            no.ScannedClean(now);
            no.Reject("Unleserlich", now);
            return await db.SaveChangesAsync();
        });
        var (_, folder) = await Html.GetAsync(client, Folder(vehicleId));
        var items = folder.QuerySelectorAll("main li").Select(li => li.TextContent).ToList();
        Assert.Contains(items, t => t.Contains("Karosserie", StringComparison.Ordinal) && t.Contains("belegt", StringComparison.Ordinal) && !t.Contains("noch nicht", StringComparison.Ordinal));
        Assert.Contains(items, t => t.Contains("Lack", StringComparison.Ordinal) && t.Contains("noch nicht belegt", StringComparison.Ordinal));

        // Before and after photos side by side in the story, through the one photo partial.
        Html.AssertRedirect(await LinkAsync(client, vehicleId, body, before, "FotoVorher"), $"{Folder(vehicleId)}/{body}");
        // Security review 2026-12-03: an approved photo is no Nachweis, and a before-photo never makes a stage „belegt“
        // (the certificate below still says „Lack noch nicht belegt“).
        Assert.Contains("Als Nachweis passt eine Rechnung", Html.Text(await Html.ParseAsync(await LinkAsync(client, vehicleId, paint, before, "Nachweis"))));
        Html.AssertRedirect(await LinkAsync(client, vehicleId, paint, before, "FotoVorher"), $"{Folder(vehicleId)}/{paint}");
        var (_, paintPage) = await Html.GetAsync(client, $"{Folder(vehicleId)}/{paint}");
        Assert.Contains("noch nicht belegt", Html.Text(paintPage));
        var (_, story) = await Html.GetAsync(client, $"{Folder(vehicleId)}/Geschichte");
        var columns = story.QuerySelector(".before-after")!.Children.Where(c => c.LocalName == "div").ToArray(); // the Karosserie stage's pair
        Assert.Equal(2, columns.Length);
        Assert.Contains(before, columns[0].InnerHtml, StringComparison.Ordinal);
        Assert.Contains(after, columns[1].InnerHtml, StringComparison.Ordinal);
        Assert.True(Html.Text(story).IndexOf("Karosserie", StringComparison.Ordinal) < Html.Text(story).IndexOf("Lack", StringComparison.Ordinal));

        // The certificate: which stages are belegt, no costs and no numbers of the folder.
        var (_, exports) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Exporte");
        var exportForm = exports.QuerySelectorAll<IHtmlFormElement>("form")
            .First(f => f.QuerySelector($"input[name=Type][value={ExportType.TrustZertifikat}]") is not null && f.QuerySelector("input[name=Bestaetigt]") is null);
        Html.AssertRedirect(await Html.SubmitFormAsync(client, exportForm, new Dictionary<string, string>()), "/Exporte");
        await Jobs.DrainAsync(factory.Services, ExportProcessor.Kind);
        var job = await factory.WithDbAsync(db => db.ExportJobs.AsNoTracking().SingleAsync(j => j.Type == ExportType.TrustZertifikat && db.Vehicles.Any(v => v.Id == j.VehicleId && v.PublicId == vehicleId)));
        Assert.Equal(ExportStatus.Succeeded, job.Status);
        var pdf = await client.GetByteArrayAsync($"/Exporte/{job.PublicId}/Datei");
        using var parsed = PdfDocument.Open(pdf);
        var text = NoSpace(string.Concat(parsed.GetPages().Select(p => p.Text)));
        Assert.Contains(NoSpace("Restauration-Trust: Karosserie belegt; Lack noch nicht belegt."), text, StringComparison.Ordinal);
        Assert.DoesNotContain("Oldtimer-Trust:", text, StringComparison.Ordinal); // not activated on this vehicle
        Assert.DoesNotContain("4.250", text, StringComparison.Ordinal);
        Assert.DoesNotContain("KarosseriebauWeber", text, StringComparison.Ordinal); // free text stays out
        Assert.DoesNotContain("Schweller", text, StringComparison.Ordinal);
    }

    private static string NoSpace(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [Fact]
    public async Task Changes_are_audited_with_ids_only_and_deleting_a_stage_keeps_its_documents()
    {
        await SwitchesAsync(Key, allowNew: true, paid: true, adminOnly: false);
        var (client, vehicleId) = await OwnerAsync("ordner-audit@example.de");
        await ActivateAsync(client, vehicleId);
        var stageId = await AddStageAsync(client, vehicleId, Stage("Innenraum"));
        var doc = await AccidentFolderPageTests.DocumentAsync(factory, vehicleId, DocumentKind.Rechnung, image: false, approved: true, "Sattler.pdf");
        Html.AssertRedirect(await LinkAsync(client, vehicleId, stageId, doc, "Nachweis"), $"{Folder(vehicleId)}/{stageId}");
        var (_, stagePage) = await Html.GetAsync(client, $"{Folder(vehicleId)}/{stageId}");
        Html.AssertRedirect(await Html.SubmitAsync(client, stagePage, new Dictionary<string, string>(), "form[action*='handler=Loesen']"), $"{Folder(vehicleId)}/{stageId}");
        var (_, edit) = await Html.GetAsync(client, $"{Folder(vehicleId)}/{stageId}/Bearbeiten");
        Html.AssertRedirect(await Html.SubmitAsync(client, edit, new Dictionary<string, string> { ["Input.Description"] = "Sitze neu bezogen" }), $"{Folder(vehicleId)}/{stageId}");
        Html.AssertRedirect(await LinkAsync(client, vehicleId, stageId, doc, "Nachweis"), $"{Folder(vehicleId)}/{stageId}");
        var (_, confirm) = await Html.GetAsync(client, $"{Folder(vehicleId)}/{stageId}/Loeschen");
        Html.AssertRedirect(await Html.SubmitAsync(client, confirm, new Dictionary<string, string>()), Folder(vehicleId));

        Assert.Equal(0, await StagesAsync(vehicleId));
        Assert.Equal(0, await factory.WithDbAsync(db => db.StageEvidence.CountAsync(x => db.Documents.Any(d => d.Id == x.DocumentId && d.PublicId == doc))));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Documents.CountAsync(d => d.PublicId == doc && d.DeletedAt == null)));
        var rows = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(a => a.TargetId == stageId).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([AuditActions.RestorationStageCreated, AuditActions.RestorationEvidenceLinked, AuditActions.RestorationEvidenceUnlinked,
            AuditActions.RestorationStageUpdated, AuditActions.RestorationEvidenceLinked, AuditActions.RestorationStageDeleted], rows.Select(r => r.Action));
        Assert.All(rows, r =>
        {
            Assert.Contains("Innenraum", r.MetadataJson, StringComparison.Ordinal);
            Assert.DoesNotContain("Sitze", r.MetadataJson, StringComparison.Ordinal);
            Assert.DoesNotContain("Weber", r.MetadataJson, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Another_owners_folder_stage_and_pages_are_not_found()
    {
        await SwitchesAsync(Key, allowNew: true, paid: true, adminOnly: false);
        var (owner, vehicleId) = await OwnerAsync("ordner-besitzer@example.de");
        await ActivateAsync(owner, vehicleId);
        var stageId = await AddStageAsync(owner, vehicleId, Stage());
        var other = await Flows.SignedInClientAsync(factory, "ordner-fremder@example.de", Roles.Vip);
        var stage = $"{Folder(vehicleId)}/{stageId}";
        foreach (var url in new[] { Folder(vehicleId), $"{Folder(vehicleId)}/Geschichte", stage, $"{stage}/Bearbeiten", $"{stage}/Meilensteine", $"{stage}/Loeschen" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        }
        var (otherVehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "ordner-fremder@example.de", 0);
        var token = await TokenAsync(other, $"/Fahrzeuge/{otherVehicle}/Unfall");
        foreach (var url in new[] { Folder(vehicleId), Folder(vehicleId) + "?handler=Aktivieren", $"{stage}/Bearbeiten", $"{stage}/Loeschen", $"{stage}/Meilensteine",
                     $"{stage}/Meilensteine?handler=Loeschen", $"{stage}?handler=Verknuepfen", $"{stage}?handler=Loesen" })
        {
            var values = Stage();
            values["__RequestVerificationToken"] = token;
            values["DocId"] = "x";
            values["Role"] = "Nachweis";
            Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(url, new FormUrlEncodedContent(values))).StatusCode);
        }
        Assert.Equal(1, await StagesAsync(vehicleId));
        // A stage of one folder is not found under the other folder of the same vehicle.
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"{Folder(vehicleId, AddonKeys.Oldtimer)}/{stageId}")).StatusCode);
    }
}
