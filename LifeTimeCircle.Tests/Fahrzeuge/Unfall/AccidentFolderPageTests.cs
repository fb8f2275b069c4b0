using System.Net;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Web;
using Document = LifeTimeCircle.Domain.Documents.Document;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge.Unfall;

/// <summary>The Unfall-Trust folder through its real forms (ADR 0023): the light follows the folder after approval, the old checkbox migration, owner checks.</summary>
public sealed class AccidentFolderPageTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private const string LinkForm = "form[action*='handler=Verknuepfen']";

    /// <summary>A document of the vehicle stored through the real storage: a PDF or a PNG photo, optionally scanned clean and approved.</summary>
    internal static async Task<string> DocumentAsync(LtcFactory factory, string vehicleId, DocumentKind kind, bool image, bool approved, string name,
        string? entryGroupId = null)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Documents.DocumentStorage>();
        var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
        await using var content = new MemoryStream(image ? TestImages.Png(16, 16) : "%PDF-1.4\n% Nachweis\n%%EOF\n"u8.ToArray());
        var stored = await storage.SaveAsync(content, CancellationToken.None);
        var now = factory.Clock.GetUtcNow();
        var doc = new Document(vehicle.Id, entryGroupId, kind, stored.ContentType, stored.StorageKey, stored.Sha256, stored.Size, name, vehicle.OwnerId, now);
        if (approved)
        {
            doc.ScannedClean(now);
            doc.Approve(now);
        }
        db.Documents.Add(doc);
        await db.SaveChangesAsync();
        return doc.PublicId;
    }

    private async Task ApproveAsync(string docId) => await factory.WithDbAsync(async db =>
    {
        var d = await db.Documents.SingleAsync(x => x.PublicId == docId);
        d.ScannedClean(factory.Clock.GetUtcNow());
        d.Approve(factory.Clock.GetUtcNow());
        return await db.SaveChangesAsync();
    });

    private async Task<TrustSummary> LightAsync(string vehicleId)
    {
        await TrustSummaryCheck.AssertConsistentAsync(factory.Services);
        return await factory.WithDbAsync(db => db.TrustSummaries.AsNoTracking()
            .SingleAsync(s => db.Vehicles.Any(v => v.Id == s.VehicleId && v.PublicId == vehicleId)));
    }

    private async Task<(HttpClient Client, string VehicleId)> OwnerAsync(string email)
    {
        var client = await Flows.SignedInClientAsync(factory, email);
        // One entry with approved evidence and a service book: only the accident can keep the vehicle from Grün.
        var (vehicleId, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1, serviceBook: true, accident: AccidentStatus.NichtUnfallfrei);
        await DocumentAsync(factory, vehicleId, DocumentKind.Rechnung, image: false, approved: true, "Inspektion.pdf", entry);
        return (client, vehicleId);
    }

    private static async Task<string> AddDamageAsync(HttpClient client, string vehicleId, string date = "14.03.2024")
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Unfall");
        var response = await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = date, ["Input.Damage"] = "Stoßfänger hinten und Heckklappe", ["Input.PerformedBy"] = "Karosserie Schmidt",
        });
        Html.AssertRedirect(response, $"/Fahrzeuge/{vehicleId}/Unfall/");
        return response.Headers.Location!.OriginalString.Split('/').Last();
    }

    private static async Task<HttpResponseMessage> LinkAsync(HttpClient client, string vehicleId, string damageId, string docId, string role)
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}");
        return await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["DocId"] = docId, ["Role"] = role }, LinkForm);
    }

    [Fact]
    public async Task An_accident_documented_with_a_repair_invoice_and_after_photo_changes_the_light_once_they_are_approved()
    {
        var (client, vehicleId) = await OwnerAsync("unfall-ordner@example.de");
        Assert.Equal(TrustLight.Orange, (await LightAsync(vehicleId)).Light);
        var invoice = await DocumentAsync(factory, vehicleId, DocumentKind.Rechnung, image: false, approved: false, "Reparatur.pdf");
        var photo = await DocumentAsync(factory, vehicleId, DocumentKind.Foto, image: true, approved: false, "Heck nachher.png");
        var damageId = await AddDamageAsync(client, vehicleId);
        Html.AssertRedirect(await LinkAsync(client, vehicleId, damageId, invoice, "Reparaturrechnung"), $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}");
        Html.AssertRedirect(await LinkAsync(client, vehicleId, damageId, photo, "FotoNachher"), $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}");

        // Linked but in quarantine: nothing counts yet.
        var pending = await LightAsync(vehicleId);
        Assert.Equal(TrustLight.Orange, pending.Light);
        Assert.Contains(TrustEngine.AccidentNotFree.Code, pending.Reasons.Split(' '));
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}");
        Assert.Contains("zählt erst nach Freigabe", Html.Text(page));
        Assert.Single(page.QuerySelectorAll("a.folder-photo"));

        await ApproveAsync(invoice);
        Assert.Equal(TrustLight.Orange, (await LightAsync(vehicleId)).Light); // the after-photo is still missing
        await ApproveAsync(photo);
        var documented = await LightAsync(vehicleId);
        Assert.Equal(TrustLight.Gelb, documented.Light);
        Assert.Equal(TrustEngine.AccidentMissingEvidence.Code, documented.Reasons);
        var (_, vehicle) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}");
        Assert.Contains("Nicht unfallfrei (Unfall behoben und dokumentiert)", Html.Text(vehicle));

        // An approved Gutachten completes the evidence: Grün. Unlinking it goes back.
        var report = await DocumentAsync(factory, vehicleId, DocumentKind.Gutachten, image: false, approved: true, "Gutachten.pdf");
        Html.AssertRedirect(await LinkAsync(client, vehicleId, damageId, report, "Gutachten"), $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}");
        Assert.Equal(TrustLight.Gruen, (await LightAsync(vehicleId)).Light);
        var (_, withReport) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}");
        var unlink = withReport.QuerySelectorAll<IHtmlFormElement>("form[action*='handler=Loesen']")
            .Single(f => f.QuerySelector<IHtmlInputElement>("input[name=DocId]")!.Value == report);
        Html.AssertRedirect(await Html.SubmitFormAsync(client, unlink, new Dictionary<string, string>()), $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}");
        Assert.Equal(TrustLight.Gelb, (await LightAsync(vehicleId)).Light);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Documents.CountAsync(d => d.PublicId == report && d.DeletedAt == null)));

        // A second, undocumented damage event takes the completion away; deleting it brings it back.
        var second = await AddDamageAsync(client, vehicleId, "02.05.2025");
        Assert.Equal(TrustLight.Orange, (await LightAsync(vehicleId)).Light);
        var (_, confirm) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Unfall/{second}/Loeschen");
        Html.AssertRedirect(await Html.SubmitAsync(client, confirm, new Dictionary<string, string>()), $"/Fahrzeuge/{vehicleId}/Unfall");
        Assert.Equal(TrustLight.Gelb, (await LightAsync(vehicleId)).Light);
        Assert.Equal(3, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.DamageEvidenceLinked && a.TargetId == damageId)));
    }

    [Fact]
    public async Task The_checkbox_of_before_counts_until_the_first_damage_event_opens_the_folder()
    {
        var (client, vehicleId) = await OwnerAsync("unfall-alt@example.de");
        await DocumentAsync(factory, vehicleId, DocumentKind.Gutachten, image: false, approved: true, "Altes Gutachten.pdf");
        // A vehicle of before the folder: the owner had ticked „Unfall vollständig behoben und dokumentiert“.
        await factory.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicleId);
            db.Entry(v).Property(x => x.LegacyAccidentTrustCompleted).CurrentValue = true;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(TrustLight.Gruen, (await LightAsync(vehicleId)).Light);

        // The edit form has no checkbox any more, and saving it keeps the old state; looking at the folder changes nothing.
        var (_, edit) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Bearbeiten");
        Assert.Null(edit.QuerySelector("input[name='Input.AccidentTrustCompleted'], input[name='AccidentTrustCompleted']"));
        Html.AssertRedirect(await Html.SubmitAsync(client, edit, new Dictionary<string, string>()), $"/Fahrzeuge/{vehicleId}");
        var (_, folder) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Unfall");
        Assert.Contains("zählt weiter, bis Sie hier den ersten Schaden anlegen", Html.Text(folder));
        Assert.Equal(TrustLight.Gruen, (await LightAsync(vehicleId)).Light);

        // The first damage event opens the folder: from now on only its evidence counts.
        await AddDamageAsync(client, vehicleId);
        var opened = await LightAsync(vehicleId);
        Assert.Equal(TrustLight.Orange, opened.Light);
        Assert.Contains(TrustEngine.AccidentNotFree.Code, opened.Reasons.Split(' '));
        var vehicle = await factory.WithDbAsync(db => db.Vehicles.AsNoTracking().SingleAsync(v => v.PublicId == vehicleId));
        Assert.NotNull(vehicle.AccidentFolderOpenedAt);
        Assert.False(vehicle.LegacyAccidentTrustCompleted);
    }

    [Fact]
    public async Task Leaving_nicht_unfallfrei_clears_the_old_checkbox()
    {
        var (client, vehicleId) = await OwnerAsync("unfall-status@example.de");
        await factory.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicleId);
            db.Entry(v).Property(x => x.LegacyAccidentTrustCompleted).CurrentValue = true;
            return await db.SaveChangesAsync();
        });
        var (_, edit) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Bearbeiten");
        Html.AssertRedirect(await Html.SubmitAsync(client, edit, new Dictionary<string, string> { ["Input.AccidentStatus"] = "Unbekannt" }), $"/Fahrzeuge/{vehicleId}");
        Assert.False(await factory.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicleId).Select(v => v.LegacyAccidentTrustCompleted).SingleAsync()));
    }

    [Fact]
    public async Task Bad_input_gets_a_german_message_and_keeps_what_was_typed()
    {
        var (client, vehicleId) = await OwnerAsync("unfall-eingabe@example.de");
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Unfall");
        var response = await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Input.OccurredOn"] = "31.02.2024", ["Input.Damage"] = "Tür links" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await Html.ParseAsync(response);
        Assert.Contains("Bitte geben Sie das Datum als TT.MM.JJJJ an", Html.Text(again));
        Assert.Equal("31.02.2024", again.QuerySelector<IHtmlInputElement>("input[name='Input.OccurredOn']")!.Value);
        Assert.Equal("Tür links", again.QuerySelector<IHtmlTextAreaElement>("textarea[name='Input.Damage']")!.Value);
        var future = Display.Date(Display.BerlinDate(factory.Clock.GetUtcNow()).AddDays(2));
        var later = await Html.ParseAsync(await Html.SubmitAsync(client, again, new Dictionary<string, string> { ["Input.OccurredOn"] = future }));
        Assert.Contains("Das Datum darf nicht in der Zukunft liegen.", Html.Text(later));
        Assert.Equal(0, await factory.WithDbAsync(db => db.DamageEvents.CountAsync(e => db.Vehicles.Any(v => v.Id == e.VehicleId && v.PublicId == vehicleId))));

        // A PDF is no photo; an unknown role or another vehicle's document is refused with a message, not a 500.
        var damageId = await AddDamageAsync(client, vehicleId);
        var pdf = await DocumentAsync(factory, vehicleId, DocumentKind.Rechnung, image: false, approved: true, "Rechnung.pdf");
        var asPhoto = await LinkAsync(client, vehicleId, damageId, pdf, "FotoNachher");
        Assert.Equal(HttpStatusCode.OK, asPhoto.StatusCode);
        Assert.Contains("passt nur ein Bild", Html.Text(await Html.ParseAsync(asPhoto)));
        var badRole = await LinkAsync(client, vehicleId, damageId, pdf, "3");
        Assert.Contains("Bitte wählen Sie aus der Liste, was das Dokument belegt.", Html.Text(await Html.ParseAsync(badRole)));
        var (otherClient, otherVehicle) = await OwnerAsync("unfall-eingabe-fremd@example.de");
        var foreign = await DocumentAsync(factory, otherVehicle, DocumentKind.Gutachten, image: false, approved: true, "Fremd.pdf");
        var stolen = await LinkAsync(client, vehicleId, damageId, foreign, "Gutachten");
        Assert.Contains("Bitte wählen Sie ein Dokument aus der Liste.", Html.Text(await Html.ParseAsync(stolen)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.DamageEvidence.CountAsync(x => db.Vehicles.Any(v => v.Id == x.VehicleId && v.PublicId == vehicleId))));
        otherClient.Dispose();
    }

    /// <summary>Security review 2026-12-03: an approved photo linked as the Gutachten lifted an accident vehicle to Grün.</summary>
    [Fact]
    public async Task A_role_takes_only_the_kind_it_needs_and_an_old_misfit_link_never_counts()
    {
        var (client, vehicleId) = await OwnerAsync("unfall-art@example.de");
        var damageId = await AddDamageAsync(client, vehicleId);
        var photo = await DocumentAsync(factory, vehicleId, DocumentKind.Foto, image: true, approved: true, "Heck.png");
        var otherPhoto = await DocumentAsync(factory, vehicleId, DocumentKind.Foto, image: true, approved: true, "Heck nachher.png");
        var invoiceImage = await DocumentAsync(factory, vehicleId, DocumentKind.Rechnung, image: true, approved: true, "Rechnung fotografiert.png");
        foreach (var (doc, role, message) in new[]
        {
            (photo, "Gutachten", "Als Gutachten passt nur ein Dokument, das als „Gutachten“ hochgeladen und so geprüft wurde."),
            (photo, "Reparaturrechnung", "Als Reparaturrechnung passt nur ein Dokument, das als „Rechnung“ hochgeladen und so geprüft wurde."),
            (invoiceImage, "FotoNachher", "Als Foto vorher oder nachher passt nur ein Bild, das als „Foto“ hochgeladen wurde"),
        })
        {
            var refused = await LinkAsync(client, vehicleId, damageId, doc, role);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains(message, Html.Text(await Html.ParseAsync(refused)));
        }
        Assert.Equal(0, await factory.WithDbAsync(db => db.DamageEvidence.CountAsync(x => db.Vehicles.Any(v => v.Id == x.VehicleId && v.PublicId == vehicleId))));

        // Links made before this rule (straight into the table): the photo as Gutachten never counts, the photographed Rechnung
        // as repair invoice does.
        await factory.WithDbAsync(async db =>
        {
            var damage = await db.DamageEvents.SingleAsync(e => e.PublicId == damageId);
            long Id(string publicId) => db.Documents.Where(d => d.PublicId == publicId).Select(d => d.Id).Single();
            db.DamageEvidence.AddRange(
                new DamageEvidence(damage.VehicleId, damage.Id, Id(photo), DamageEvidenceRole.Gutachten, factory.Clock.GetUtcNow()),
                new DamageEvidence(damage.VehicleId, damage.Id, Id(invoiceImage), DamageEvidenceRole.Reparaturrechnung, factory.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        Html.AssertRedirect(await LinkAsync(client, vehicleId, damageId, otherPhoto, "FotoNachher"), $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}");
        // Repair invoice (a Rechnung) and after-photo count: Gelb; the photo posing as Gutachten does not make it Grün.
        var state = await LightAsync(vehicleId);
        Assert.Equal(TrustLight.Gelb, state.Light);
        Assert.Equal(TrustEngine.AccidentMissingEvidence.Code, state.Reasons);
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}");
        Assert.Contains("Für Grün fehlt noch ein freigegebenes Gutachten.", Html.Text(page));
    }

    [Fact]
    public async Task Another_owners_folder_damage_event_and_delete_page_are_not_found()
    {
        var (owner, vehicleId) = await OwnerAsync("unfall-besitzer@example.de");
        var damageId = await AddDamageAsync(owner, vehicleId);
        var other = await Flows.SignedInClientAsync(factory, "unfall-fremder@example.de");
        foreach (var url in new[] { $"/Fahrzeuge/{vehicleId}/Unfall", $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}", $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}/Loeschen" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        }
        // The other owner's own antiforgery token, posted at the owner's objects: still 404, nothing changes.
        var (otherVehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "unfall-fremder@example.de", 0);
        var (_, own) = await Html.GetAsync(other, $"/Fahrzeuge/{otherVehicle}/Unfall");
        var token = own.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        foreach (var url in new[] { $"/Fahrzeuge/{vehicleId}/Unfall", $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}/Loeschen",
                     $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}?handler=Verknuepfen", $"/Fahrzeuge/{vehicleId}/Unfall/{damageId}?handler=Loesen" })
        {
            var post = await other.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Input.OccurredOn"] = "01.01.2024", ["Input.Damage"] = "x", ["DocId"] = "x", ["Role"] = "Gutachten",
            }));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
        Assert.Equal(1, await factory.WithDbAsync(db => db.DamageEvents.CountAsync(e => e.PublicId == damageId)));
    }
}
