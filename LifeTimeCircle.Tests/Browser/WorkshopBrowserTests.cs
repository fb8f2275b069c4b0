using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// Issue 16 in a real browser: a workshop on a desktop window saves its profile; the owner on a 320 px phone with
/// JavaScript off grants it access with the counter code; the workshop proposes an entry with the keyboard; the owner
/// takes it over from the Modul-Postfach and sees the entry with the workshop's name; a second workshop gets 404 on the
/// vehicle. Every page on the way passes axe (and, for the phone, has no horizontal scrolling).
/// </summary>
public sealed class WorkshopBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_owner_grants_by_code_a_workshop_proposes_and_the_owner_takes_it_over_on_a_phone_without_javascript()
    {
        const string ownerEmail = "kundin-browser@example.de";
        await browser.App.CreateUserAsync(ownerEmail, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, ownerEmail, 2);
        await browser.App.CreateUserAsync("werkstatt-browser@example.de", Roles.Dealer, kind: AccountKind.Gewerblich);
        await browser.App.CreateUserAsync("andere-werkstatt-browser@example.de", Roles.Dealer, kind: AccountKind.Gewerblich);

        // The workshop, desktop window: the profile.
        var shop = await browser.SignedInPageAsync("werkstatt-browser@example.de", javaScript: true, width: 1280);
        await shop.GetByRole(AriaRole.Link, new() { Name = "Betrieb", Exact = true }).ClickAsync();
        await Assertions.Expect(shop.Locator("h1")).ToHaveTextAsync("Betriebsprofil");
        await PageChecks.AssertAccessibleAsync(shop, "Betriebsprofil (neu)");
        await shop.GetByLabel("Name des Betriebs").FillAsync("Kfz-Meister Browser");
        await shop.GetByLabel("Art des Betriebs").SelectOptionAsync("Fachwerkstatt");
        await shop.GetByLabel("Straße und Hausnummer").FillAsync("Werkstattstraße 7");
        await shop.GetByLabel("Postleitzahl").FillAsync("8033");
        await shop.GetByLabel("Ort").FillAsync("München");
        await shop.GetByLabel("Öffentlicher Kontakt").FillAsync("089 123456");
        await shop.GetByRole(AriaRole.Button, new() { Name = "Profil speichern" }).ClickAsync();
        await Assertions.Expect(shop.Locator(".error-summary")).ToContainTextAsync("Postleitzahl mit fünf Ziffern");
        await PageChecks.AssertAccessibleAsync(shop, "Betriebsprofil mit Fehler");
        await shop.GetByLabel("Postleitzahl").FillAsync("80331");
        await shop.GetByRole(AriaRole.Button, new() { Name = "Profil speichern" }).ClickAsync();
        await Assertions.Expect(shop.Locator("[role=status]")).ToContainTextAsync("Betriebsprofil gespeichert.");
        var code = await browser.App.WithDbAsync(db => db.Businesses.Where(b => b.Name == "Kfz-Meister Browser").Select(b => b.Code).SingleAsync());
        await Assertions.Expect(shop.Locator("main")).ToContainTextAsync(BusinessCodes.Format(code));
        await PageChecks.AssertAccessibleAsync(shop, "Betriebsprofil mit Code");

        // The owner, 320 px, no JavaScript: Modul-Ereignisse → Werkstatt berechtigen → code → grant.
        var owner = await browser.SignedInPageAsync(ownerEmail, javaScript: false, width: 320);
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        await PageChecks.AssertAccessibleAsync(owner, "Modul-Ereignisse (leer)");
        await PageChecks.AssertNoHorizontalScrollAsync(owner, "Modul-Ereignisse (leer)");
        await owner.GetByRole(AriaRole.Link, new() { Name = "Werkstatt berechtigen" }).ClickAsync();
        await Assertions.Expect(owner.Locator("h1")).ToHaveTextAsync("Werkstatt berechtigen");
        await PageChecks.AssertAccessibleAsync(owner, "Werkstatt berechtigen");
        await PageChecks.AssertNoHorizontalScrollAsync(owner, "Werkstatt berechtigen");
        await owner.GetByLabel("Betriebscode oder genauer Name des Betriebs").FillAsync(BusinessCodes.Format(code).ToLowerInvariant());
        await owner.GetByRole(AriaRole.Button, new() { Name = "Betrieb suchen" }).ClickAsync();
        await Assertions.Expect(owner.Locator("#chosen-title")).ToHaveTextAsync("Kfz-Meister Browser");
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("Werkstattstraße 7");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Zugriff geben für Kfz-Meister Browser" }).ClickAsync();
        await Assertions.Expect(owner.Locator(".error-summary")).ToContainTextAsync("Bitte wählen Sie, wie lange die Werkstatt Zugriff hat.");
        await PageChecks.AssertAccessibleAsync(owner, "Werkstatt berechtigen mit Fehlern");
        await PageChecks.AssertNoHorizontalScrollAsync(owner, "Werkstatt berechtigen mit Fehlern");
        await owner.GetByLabel("Unter diesem Namen sieht die Werkstatt Sie").FillAsync("Frau Browser");
        await owner.GetByLabel("Für einen Besuch (30 Tage)").CheckAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "Zugriff geben für Kfz-Meister Browser" }).ClickAsync();
        await Assertions.Expect(owner.Locator("[role=status]")).ToContainTextAsync("30 Tage lang");
        await PageChecks.AssertAccessibleAsync(owner, "Werkstatt berechtigt");

        // The workshop: Kundenfahrzeuge → the vehicle → the proposal, keyboard only.
        await shop.GetByRole(AriaRole.Link, new() { Name = "Kundenfahrzeuge", Exact = true }).First.ClickAsync();
        await PageChecks.AssertAccessibleAsync(shop, "Kundenfahrzeuge");
        await shop.GetByRole(AriaRole.Link, new() { Name = "Frau Browser" }).ClickAsync();
        await Assertions.Expect(shop.Locator("h1")).ToHaveTextAsync("Eintrag vorschlagen");
        var grantUrl = new Uri(shop.Url).AbsolutePath;
        await PageChecks.AssertAccessibleAsync(shop, "Eintrag vorschlagen");
        // The category has the focus; the date is prefilled with today.
        await Assertions.Expect(shop.Locator("#Input_Category")).ToBeFocusedAsync();
        // The owner allowed invoices (the grant form's default): the invoice PDF goes with the proposal.
        await shop.GetByLabel("Rechnung (optional, PDF oder Foto)").SetInputFilesAsync(new FilePayload
        {
            Name = "Rechnung-Browser.pdf", MimeType = "application/pdf", Buffer = LifeTimeCircle.Tests.Fahrzeuge.Dokumente.ClamdFixture.CleanPdf("browser"),
        });
        await shop.Locator("#Input_Category").FocusAsync();
        for (var i = 0; i < 3 && await shop.Locator("#Input_Category").InputValueAsync() != "Reparatur"; i++) await shop.Keyboard.PressAsync("ArrowDown");
        Assert.Equal("Reparatur", await shop.Locator("#Input_Category").InputValueAsync());
        await shop.Keyboard.PressAsync("Tab");
        await shop.Keyboard.TypeAsync("12.345");
        await shop.Keyboard.PressAsync("Tab");
        await shop.Keyboard.TypeAsync("Bremsscheiben und Beläge vorne erneuert.");
        await shop.Keyboard.PressAsync("Tab");
        await shop.Keyboard.TypeAsync("389,50");
        await shop.Keyboard.PressAsync("Enter");
        await Assertions.Expect(shop.Locator("[role=status]")).ToContainTextAsync("Vorschlag gesendet.");
        await Assertions.Expect(shop.Locator("main .entry-list")).ToContainTextAsync("Beim Besitzer zur Prüfung");
        await Assertions.Expect(shop.Locator("main .entry-list")).ToContainTextAsync("Rechnung „Rechnung-Browser.pdf“");
        await PageChecks.AssertAccessibleAsync(shop, "Vorschlag gesendet");

        // The owner, phone without JavaScript: the Modul-Postfach → Übernehmen.
        await owner.GetByRole(AriaRole.Link, new() { Name = "Module", Exact = true }).ClickAsync();
        await Assertions.Expect(owner.Locator("h1")).ToHaveTextAsync("Modul-Postfach");
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("Bremsscheiben und Beläge vorne erneuert.");
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("Rechnung der Werkstatt: „Rechnung-Browser.pdf“");
        await PageChecks.AssertAccessibleAsync(owner, "Modul-Postfach");
        await PageChecks.AssertNoHorizontalScrollAsync(owner, "Modul-Postfach");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Übernehmen" }).ClickAsync();
        await Assertions.Expect(owner.Locator("[role=status]")).ToContainTextAsync("Vorschlag übernommen");
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("von Werkstatt „Kfz-Meister Browser“ vorgeschlagen");
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("389,50 €");
        await PageChecks.AssertAccessibleAsync(owner, "Übernommener Eintrag");
        await PageChecks.AssertNoHorizontalScrollAsync(owner, "Übernommener Eintrag");
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        await Assertions.Expect(owner.Locator("main .entry-list")).ToContainTextAsync("Übernommen");
        await PageChecks.AssertAccessibleAsync(owner, "Modul-Ereignisse mit Entscheidung");
        await PageChecks.AssertNoHorizontalScrollAsync(owner, "Modul-Ereignisse mit Entscheidung");

        // A second workshop: the same address is not found.
        var other = await browser.SignedInPageAsync("andere-werkstatt-browser@example.de", javaScript: true, width: 1280);
        var response = await other.GotoAsync(grantUrl);
        Assert.Equal(404, response!.Status);
        await PageChecks.AssertAccessibleAsync(other, "404 für eine andere Werkstatt");
        await shop.Context.CloseAsync();
        await owner.Context.CloseAsync();
        await other.Context.CloseAsync();
    }
}
