using System.Text.RegularExpressions;
using LifeTimeCircle.Data;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// Issue 14 „Done when“: at 320 px, with and without JavaScript, by keyboard on the key steps: an owner with a vehicle,
/// two entries and an approved document creates a transfer; a new person registers, redeems the code and sees the
/// vehicle with both entries, the document and the light; the seller gets 404; the old public link is neutral.
/// </summary>
public sealed class TransferBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_vehicle_changes_hands_in_the_browser(bool javaScript)
    {
        var sellerEmail = $"verkauf-{javaScript}@example.de";
        var buyerEmail = $"kauf-{javaScript}@example.de";
        await browser.App.CreateUserAsync(sellerEmail);
        var (vehicleId, firstEntry) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, sellerEmail, 2);
        var docId = await DocumentSeed.CreateDocumentAsync(browser.App, vehicleId, firstEntry);
        string oldShare;
        using (var scope = browser.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var doc = await db.Documents.SingleAsync(d => d.PublicId == docId);
            doc.ScannedClean(browser.App.Clock.GetUtcNow());
            doc.Approve(browser.App.Clock.GetUtcNow());
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
            vehicle.EnableShare();
            await db.SaveChangesAsync();
            oldShare = vehicle.ShareToken!;
        }

        // Seller: vehicle page → „Fahrzeug übergeben“ → „Übergabe-Code erzeugen“ → sheet, by keyboard.
        var seller = await browser.SignedInPageAsync(sellerEmail, javaScript, width: 320);
        await seller.GotoAsync($"/Fahrzeuge/{vehicleId}");
        await PageChecks.TabToAsync(seller, $"a[href='/Fahrzeuge/{vehicleId}/Uebergabe']");
        await seller.Keyboard.PressAsync("Enter");
        await Assertions.Expect(seller.Locator("h1")).ToHaveTextAsync("Fahrzeug übergeben");
        await PageChecks.AssertAccessibleAsync(seller, "Fahrzeug übergeben");
        await PageChecks.TabToAsync(seller, "form[action*=Create] button");
        await seller.Keyboard.PressAsync("Enter");
        await Assertions.Expect(seller.Locator("h1")).ToHaveTextAsync("Übergabeblatt");
        await PageChecks.AssertAccessibleAsync(seller, "Übergabeblatt");
        await PageChecks.AssertNoHorizontalScrollAsync(seller, "Übergabeblatt");
        var code = (await seller.Locator(".handover-code").InnerTextAsync()).Trim();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{5}$", code);

        // Buyer: a new person. With JavaScript the QR link's fragment fills the form; without it the code is typed.
        var buyer = await browser.NewPageAsync(javaScript, width: 320);
        if (javaScript)
        {
            await buyer.GotoAsync("/Uebergabe#code=" + code);
            await Assertions.Expect(buyer.Locator("#Input_Code")).ToHaveValueAsync(code);
            Assert.DoesNotContain("code=", buyer.Url, StringComparison.Ordinal);
        }
        else
        {
            await buyer.GotoAsync("/Uebergabe");
            await PageChecks.TabToAsync(buyer, "#Input_Code");
            await buyer.Keyboard.TypeAsync(code.ToLowerInvariant());
        }
        await PageChecks.AssertAccessibleAsync(buyer, "Fahrzeug übernehmen");
        await PageChecks.AssertNoHorizontalScrollAsync(buyer, "Fahrzeug übernehmen");
        await buyer.Locator("#Input_Code").PressAsync("Enter");
        await Assertions.Expect(buyer).ToHaveURLAsync(new Regex("/Konto/Anmelden"));
        await buyer.GotoAsync("/Konto/Registrieren?art=privat");
        await buyer.GetByLabel("E-Mail-Adresse").FillAsync(buyerEmail);
        await buyer.GetByLabel("Passwort", new() { Exact = true }).FillAsync(TestData.Password);
        await buyer.GetByLabel("Passwort wiederholen").FillAsync(TestData.Password);
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Registrieren" }).ClickAsync();
        await buyer.GetByLabel("Code", new() { Exact = true }).FillAsync(await Outbox.LatestCodeAsync(browser.App, buyerEmail));
        await buyer.GetByLabel("Passwort", new() { Exact = true }).FillAsync(TestData.Password);
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Bestätigen" }).ClickAsync();
        await buyer.GetByLabel("Ich akzeptiere die AGB", new() { Exact = false }).CheckAsync();
        await buyer.GetByLabel("Ich habe die Datenschutzerklärung", new() { Exact = false }).CheckAsync();
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Zustimmen und weiter" }).ClickAsync();

        await Assertions.Expect(buyer.Locator("h1")).ToHaveTextAsync("Übernahme bestätigen");
        await Assertions.Expect(buyer.Locator("main")).ToContainTextAsync("Volkswagen Golf");
        await Assertions.Expect(buyer.Locator("main")).ToContainTextAsync("Trust-Ampel");
        await PageChecks.AssertAccessibleAsync(buyer, "Übernahme bestätigen");
        await PageChecks.AssertNoHorizontalScrollAsync(buyer, "Übernahme bestätigen");
        await PageChecks.TabToAsync(buyer, "main form[method=post] button");
        await buyer.Keyboard.PressAsync("Enter");
        await Assertions.Expect(buyer).ToHaveURLAsync(new Regex(Regex.Escape($"/Fahrzeuge/{vehicleId}") + "$"));
        await Assertions.Expect(buyer.Locator("[role=status]")).ToContainTextAsync("Übernahme abgeschlossen");

        await buyer.GotoAsync($"/Fahrzeuge/{vehicleId}/Eintragung");
        Assert.Equal(2, await buyer.Locator("ol.entry-list li:not(.system-entry)").CountAsync());
        await Assertions.Expect(buyer.Locator("ol.entry-list")).ToContainTextAsync("Halterwechsel am");
        await Assertions.Expect(buyer.Locator("ol.entry-list")).ToContainTextAsync("Vorbesitz");
        await PageChecks.AssertAccessibleAsync(buyer, "Eintragung nach Übergabe");
        await buyer.GotoAsync($"/Fahrzeuge/{vehicleId}/Fahrzeugakte");
        await Assertions.Expect(buyer.Locator("main")).ToContainTextAsync("Trust-Ampel");
        var download = await buyer.APIRequest.GetAsync($"/Fahrzeuge/{vehicleId}/Dokumente/{docId}?handler=Datei");
        Assert.Equal(200, download.Status);

        // Seller: 404 on the vehicle, an entry and the document download; the old public link is the neutral page.
        foreach (var url in new[] { $"/Fahrzeuge/{vehicleId}", $"/Fahrzeuge/{vehicleId}/Eintragung/{firstEntry}", $"/Fahrzeuge/{vehicleId}/Dokumente/{docId}?handler=Datei" })
        {
            var response = await seller.APIRequest.GetAsync(url);
            Assert.True(response.Status == 404, $"{url}: {response.Status}");
        }
        var publicPage = await browser.NewPageAsync(javaScript, width: 320);
        var old = await publicPage.GotoAsync("/q/" + oldShare);
        Assert.Equal(404, old!.Status);
        await PageChecks.AssertAccessibleAsync(publicPage, "alter Mini-Check-Link");

        await seller.Context.CloseAsync();
        await buyer.Context.CloseAsync();
        await publicPage.Context.CloseAsync();
    }
}
