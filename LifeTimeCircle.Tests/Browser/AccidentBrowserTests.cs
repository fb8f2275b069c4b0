using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Documents.Thumbnails;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Fahrzeuge.Dokumente;
using LifeTimeCircle.Tests.Fahrzeuge.Unfall;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// Issue 21 „Done when“ in Chromium at 320 px, with and without JavaScript: an owner documents an accident in the
/// Unfall-Ordner with a repair invoice and an after-photo (uploaded through the real form, scanned by a real clamd), an
/// admin approves both in the quarantine queue, the Trust-Ampel goes from Orange to Gelb, and the Galerie shows the
/// photo's preview, also as the „Nachher“ of the damage. axe on every page.
/// </summary>
public sealed class AccidentBrowserTests(EvidenceBrowserFixture browser) : IClassFixture<EvidenceBrowserFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_owner_documents_an_accident_and_after_approval_the_light_and_the_galerie_change(bool javaScript)
    {
        var email = $"unfall-browser-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email, Roles.User);
        // One entry with approved evidence and a service book: only the accident keeps the vehicle from Grün.
        var (vehicleId, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 1, serviceBook: true, accident: AccidentStatus.NichtUnfallfrei);
        await AccidentFolderPageTests.DocumentAsync(browser.App, vehicleId, DocumentKind.Rechnung, image: false, approved: true, "Inspektion.pdf", entry);
        var owner = await browser.SignedInPageAsync(email, javaScript, width: 320);

        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Fahrzeugakte");
        await Assertions.Expect(owner.GetByText("Trust-Ampel: Orange")).ToBeVisibleAsync();

        // The vehicle page leads to the folder; the owner records the damage.
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}");
        await owner.GetByRole(AriaRole.Link, new() { Name = "Schäden und Nachweise" }).ClickAsync();
        await Assertions.Expect(owner.Locator("h1")).ToHaveTextAsync("Unfall-Ordner");
        await CheckAsync(owner, "Unfall-Ordner");
        await owner.GetByLabel("Datum des Schadens").FillAsync("14.03.2024");
        await owner.GetByLabel("Was wurde beschädigt?").FillAsync("Stoßfänger hinten und Heckklappe");
        await owner.GetByLabel("Reparatur durchgeführt von (optional)").FillAsync("Karosserie Schmidt");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Schaden anlegen" }).ClickAsync();
        await Assertions.Expect(owner.Locator("h1")).ToHaveTextAsync("Schaden vom 14.03.2024");
        var damagePage = owner.Url;

        // Upload the repair invoice and the after-photo through the normal form, then link both here.
        await UploadAsync(owner, "Rechnung", "Datei auswählen", new FilePayload { Name = "Reparatur Heck.pdf", MimeType = "application/pdf", Buffer = ClamdFixture.CleanPdf("Reparatur") });
        await owner.GotoAsync(damagePage);
        await UploadAsync(owner, "Foto", "Datei auswählen", new FilePayload { Name = "Heck nachher.jpg", MimeType = "image/jpeg", Buffer = Fahrzeuge.Galerie.TestImages.PlainJpeg(1200, 900) });
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Unfall");
        await owner.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^14\\.03\\.2024") }).ClickAsync();
        await LinkAsync(owner, "Rechnung · Reparatur Heck.pdf", "Reparaturrechnung");
        await LinkAsync(owner, "Foto · Heck nachher.jpg", "Foto nachher");
        await Assertions.Expect(owner.GetByText("zählt erst nach Freigabe")).ToHaveCountAsync(2);
        await CheckAsync(owner, "Schaden mit Nachweisen in Prüfung");

        // clamd scans both; the light does not move before a human approves them.
        Assert.Equal(2, await Jobs.DrainAsync(browser.App.Services, ScanProcessor.Kind));
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Fahrzeugakte");
        await Assertions.Expect(owner.GetByText("Trust-Ampel: Orange")).ToBeVisibleAsync();

        // An admin (with two-factor) approves both in the quarantine queue.
        var adminEmail = $"unfall-pruefer-{javaScript}@example.de";
        await browser.App.CreateUserAsync(adminEmail, Roles.Admin);
        var admin = await browser.SignedInPageAsync(adminEmail, javaScript, width: 320, twoFactor: true);
        await admin.GotoAsync("/Admin/Quarantaene");
        var approve = admin.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Freigeben") });
        await Assertions.Expect(approve).ToHaveCountAsync(2);
        await approve.First.ClickAsync();
        await Assertions.Expect(approve).ToHaveCountAsync(1);
        await approve.First.ClickAsync();
        await Assertions.Expect(approve).ToHaveCountAsync(0);
        await admin.Context.CloseAsync();

        // Repair invoice and after-photo approved: „Unfall behoben und dokumentiert“, Gelb (a Gutachten would make it Grün).
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Fahrzeugakte");
        await Assertions.Expect(owner.GetByText("Trust-Ampel: Gelb")).ToBeVisibleAsync();
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}");
        await Assertions.Expect(owner.GetByText("Nicht unfallfrei (Unfall behoben und dokumentiert)")).ToBeVisibleAsync();

        // The job runner makes the previews; the Galerie shows the photo in the grid and as the damage's „Nachher“.
        Assert.True(await Jobs.DrainAsync(browser.App.Services, ThumbnailJob.Kind) >= 1);
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Galerie");
        foreach (var img in new[] { owner.Locator(".gallery img"), owner.Locator(".pairs figure").Filter(new() { HasText = "Nachher" }).Locator("img") })
        {
            await Assertions.Expect(img).ToHaveCountAsync(1);
            await img.ScrollIntoViewIfNeededAsync();
            await Assertions.Expect(img).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await img.EvaluateAsync<int>("i => i.naturalWidth") > 0, "die Vorschau wurde nicht geladen");
            await Assertions.Expect(img).ToHaveAttributeAsync("alt", "Heck nachher");
        }
        await Assertions.Expect(owner.Locator(".pairs")).ToContainTextAsync("Kein Foto vor der Reparatur");
        await CheckAsync(owner, "Galerie mit Vorher und nachher");

        // The damage page shows the photo as a preview too.
        await owner.GetByRole(AriaRole.Link, new() { Name = "Schaden vom 14.03.2024" }).ClickAsync();
        await Assertions.Expect(owner.Locator("a.folder-photo img")).ToHaveAttributeAsync("alt", "Heck nachher");
        await CheckAsync(owner, "Schaden dokumentiert");
        await owner.Context.CloseAsync();
    }

    private static async Task UploadAsync(IPage owner, string kind, string input, FilePayload file)
    {
        await owner.GetByRole(AriaRole.Link, new() { Name = "Nachweis hochladen" }).ClickAsync();
        await owner.GetByLabel("Art des Dokuments").SelectOptionAsync(new SelectOptionValue { Label = kind });
        await owner.GetByLabel(input).SetInputFilesAsync(file);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Hochladen" }).ClickAsync();
        await Assertions.Expect(owner.Locator(".badge")).ToHaveTextAsync("in Prüfung");
    }

    private static async Task LinkAsync(IPage owner, string document, string role)
    {
        await owner.GetByLabel("Dokument", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = document });
        await owner.GetByLabel("Belegt").SelectOptionAsync(new SelectOptionValue { Label = role });
        await owner.GetByRole(AriaRole.Button, new() { Name = "Verknüpfen" }).ClickAsync();
        await Assertions.Expect(owner.Locator("[role=status]")).ToContainTextAsync($"„{role}“ verknüpft");
    }

    private static async Task CheckAsync(IPage page, string label)
    {
        await PageChecks.AssertAccessibleAsync(page, label);
        await PageChecks.AssertNoHorizontalScrollAsync(page, label);
    }
}
