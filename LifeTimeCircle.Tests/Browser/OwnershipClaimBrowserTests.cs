using System.Text.RegularExpressions;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Fahrzeuge.Dokumente;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// Issue 14 item 6 in a real browser at 320 px, with and without JavaScript: a buyer finds „Übernahme beantragen“ from
/// the handover page, uploads the proof; an admin approves after a step-up; the owner sees the notice and objects.
/// Every page on the way passes axe. (The scan itself is clamd's, covered by OwnershipClaimTests; here it is marked.)
/// </summary>
public sealed class OwnershipClaimBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_buyer_claims_an_admin_approves_and_the_owner_objects(bool javaScript)
    {
        var sellerEmail = $"anspruch-verkauf-{javaScript}@example.de";
        var buyerEmail = $"anspruch-kauf-{javaScript}@example.de";
        var adminEmail = $"anspruch-admin-{javaScript}@example.de";
        await browser.App.CreateUserAsync(sellerEmail);
        await browser.App.CreateUserAsync(buyerEmail);
        await browser.App.CreateUserAsync(adminEmail, Roles.Admin);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, sellerEmail, 2);
        string vin;
        using (var scope = browser.App.Services.CreateScope())
        {
            var cipher = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Vehicles.Where(v => v.PublicId == vehicleId).Select(v => v.VinCipher).SingleAsync();
            vin = scope.ServiceProvider.GetRequiredService<VinProtector>().Decrypt(cipher);
        }

        // Buyer: „Fahrzeug übernehmen“ → „Übernahme beantragen“ → form → „Meine Übernahmeanträge“.
        var buyer = await browser.SignedInPageAsync(buyerEmail, javaScript, width: 320);
        await buyer.GotoAsync("/Uebergabe");
        await buyer.GetByRole(AriaRole.Link, new() { Name = "Übernahme beantragen" }).ClickAsync();
        await Assertions.Expect(buyer.Locator("h1")).ToHaveTextAsync("Übernahme beantragen");
        await PageChecks.AssertAccessibleAsync(buyer, "Übernahme beantragen");
        await PageChecks.AssertNoHorizontalScrollAsync(buyer, "Übernahme beantragen");
        await buyer.GetByLabel("Fahrgestellnummer (FIN)").FillAsync(vin);
        await buyer.GetByLabel("Name des Halters laut Zulassungsbescheinigung Teil II").FillAsync("Erika Mustermann");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Antrag einreichen" }).ClickAsync();
        // Without the proof: the German message, the FIN kept.
        await Assertions.Expect(buyer.Locator(".field-error").First).ToContainTextAsync("Bitte wählen Sie den Nachweis");
        await Assertions.Expect(buyer.GetByLabel("Fahrgestellnummer (FIN)")).ToHaveValueAsync(vin);
        await PageChecks.AssertAccessibleAsync(buyer, "Übernahme beantragen mit Fehlern");
        await buyer.GetByLabel("Zulassungsbescheinigung Teil II (PDF oder Foto)").SetInputFilesAsync(
            new FilePayload { Name = "brief.pdf", MimeType = "application/pdf", Buffer = ClamdFixture.CleanPdf("Zulassungsbescheinigung") });
        await buyer.GetByLabel("Ich habe das Fahrzeug erworben, und der Nachweis ist echt.").CheckAsync();
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Antrag einreichen" }).ClickAsync();
        await Assertions.Expect(buyer.Locator("h1")).ToHaveTextAsync("Meine Übernahmeanträge");
        await Assertions.Expect(buyer.Locator("main")).ToContainTextAsync("in Prüfung");
        await PageChecks.AssertAccessibleAsync(buyer, "Meine Übernahmeanträge");
        await PageChecks.AssertNoHorizontalScrollAsync(buyer, "Meine Übernahmeanträge");

        using (var scope = browser.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var proofId = await db.OwnershipClaims.Where(c => db.Vehicles.Any(v => v.Id == c.VehicleId && v.PublicId == vehicleId)).Select(c => c.ProofDocumentId).SingleAsync();
            var proof = await db.Documents.IgnoreQueryFilters().SingleAsync(d => d.Id == proofId);
            proof.ScannedClean(browser.App.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        // Admin: Administration → „Zu den Übernahmeanträgen“ → approve → step-up → approve.
        var admin = await browser.SignedInPageAsync(adminEmail, javaScript, width: 320, twoFactor: true);
        await admin.GotoAsync("/Admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Zu den Übernahmeanträgen" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Übernahmeanträge prüfen");
        await PageChecks.AssertAccessibleAsync(admin, "Übernahmeanträge prüfen");
        await PageChecks.AssertNoHorizontalScrollAsync(admin, "Übernahmeanträge prüfen");
        await admin.GetByLabel(new Regex("^FIN laut Nachweis")).FillAsync(vin);
        await admin.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Genehmigen") }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Identität bestätigen");
        await admin.GetByLabel("Passwort oder 6-stelliger Code aus der Authenticator-App").FillAsync(TestData.Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Bestätigen" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Übernahmeanträge prüfen");
        await admin.GetByLabel(new Regex("^FIN laut Nachweis")).FillAsync(vin);
        await admin.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Genehmigen") }).ClickAsync();
        await Assertions.Expect(admin.Locator("[role=status]")).ToContainTextAsync("Genehmigt");

        // Owner: the vehicle page says so; „Widersprechen“ leads to the objection, which keeps the vehicle.
        var seller = await browser.SignedInPageAsync(sellerEmail, javaScript, width: 320);
        await seller.GotoAsync($"/Fahrzeuge/{vehicleId}");
        await Assertions.Expect(seller.Locator("main")).ToContainTextAsync("Antrag auf Übernahme");
        await PageChecks.AssertAccessibleAsync(seller, "Fahrzeug mit Übernahmeantrag");
        await seller.GetByRole(AriaRole.Link, new() { Name = "Widersprechen" }).ClickAsync();
        await Assertions.Expect(seller.Locator("h1")).ToHaveTextAsync("Widerspruch gegen eine Übernahme");
        await PageChecks.AssertAccessibleAsync(seller, "Widerspruch");
        await PageChecks.AssertNoHorizontalScrollAsync(seller, "Widerspruch");
        await seller.GetByLabel("Begründung (optional, nur für unser Team)").FillAsync("Nicht verkauft.");
        await seller.GetByRole(AriaRole.Button, new() { Name = "Widersprechen" }).ClickAsync();
        await Assertions.Expect(seller.Locator("h1")).ToHaveTextAsync("Fahrzeug übergeben");
        await Assertions.Expect(seller.Locator("[role=status]")).ToContainTextAsync("Widerspruch eingelegt");
        await PageChecks.AssertAccessibleAsync(seller, "Fahrzeug übergeben nach Widerspruch");

        await buyer.GotoAsync("/Uebergabe/Antraege");
        await Assertions.Expect(buyer.Locator("main")).ToContainTextAsync("Widerspruch des Besitzers");

        await buyer.Context.CloseAsync();
        await admin.Context.CloseAsync();
        await seller.Context.CloseAsync();
    }
}
