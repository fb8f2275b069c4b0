using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Tests.Browser;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Fahrzeuge.Dokumente;

/// <summary>The owner's PII form and its refusal, in Chromium at 320 px without JavaScript: keyboard only, axe-clean.</summary>
public sealed class OwnerPiiBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_owner_whose_document_was_decided_meanwhile_gets_an_accessible_refusal()
    {
        const string email = "pii-browser@example.de";
        await browser.App.CreateUserAsync(email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 1);
        var doc = await DocumentSeed.CreateDocumentAsync(browser.App, vehicle);
        var page = await browser.SignedInPageAsync(email, javaScript: false, width: 320);
        await page.GotoAsync($"/Fahrzeuge/{vehicle}/Dokumente/{doc}");
        await page.GetByLabel("Notiz (optional)").FillAsync("Anschrift sichtbar");

        // Meanwhile the admin confirms a finding; the owner's form from before must not change it.
        await browser.App.WithDbAsync(async db =>
        {
            (await db.Documents.SingleAsync(d => d.PublicId == doc)).MarkPii(PiiState.Confirmed, null, browser.App.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });
        await PageChecks.TabToAsync(page, "form[action*='handler=Pii'] button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("bereits gemeldet");
        Assert.Equal(PiiState.Confirmed, await browser.App.WithDbAsync(db => db.Documents.Where(d => d.PublicId == doc).Select(d => d.Pii).SingleAsync()));
        await PageChecks.AssertAccessibleAsync(page, "Dokument mit abgelehnter Datenschutz-Änderung");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Dokument mit abgelehnter Datenschutz-Änderung");
        await page.Context.CloseAsync();
    }
}
