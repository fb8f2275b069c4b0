using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// An owner on a 320 px phone with JavaScript off finds „Erinnerungen“ in the vehicle's tabs, adds an HU reminder dated in
/// the past and sees it „Überfällig“ on the dashboard; every page on the way passes axe without horizontal scrolling.
/// </summary>
public sealed class ReminderBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task CheckAsync(IPage page, string label)
    {
        await PageChecks.AssertAccessibleAsync(page, label);
        await PageChecks.AssertNoHorizontalScrollAsync(page, label);
    }

    [Fact]
    public async Task An_owner_adds_an_hu_reminder_dated_in_the_past_and_sees_it_overdue_on_the_dashboard()
    {
        const string email = "hu-erinnerung@example.de";
        await browser.App.CreateUserAsync(email, Roles.User);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 2);
        var page = await browser.SignedInPageAsync(email, javaScript: false, width: 320);

        await page.GotoAsync("/Dashboard");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Noch keine Erinnerungen");
        await CheckAsync(page, "Dashboard ohne Erinnerungen");

        await page.GotoAsync($"/Fahrzeuge/{vehicleId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Erinnerungen", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Erinnerungen");
        await CheckAsync(page, "Erinnerungen (leer, mit Vorschlägen)");

        await page.GetByRole(AriaRole.Link, new() { Name = "Erinnerung hinzufügen" }).ClickAsync();
        await CheckAsync(page, "Neue Erinnerung");
        // Keyboard: choose with the arrow keys in the closed select, type the date, Enter on the button.
        await page.GetByLabel("Woran erinnern?").FocusAsync();
        for (var i = 0; i < 3 && await page.Locator("#Input_Item").InputValueAsync() != "HuAu"; i++) await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal("HuAu", await page.Locator("#Input_Item").InputValueAsync());
        var past = Display.BerlinDate(browser.App.Clock.GetUtcNow()).AddDays(-14);
        await page.GetByLabel("Fällig am (optional)").FocusAsync();
        await page.Keyboard.TypeAsync(Display.Date(past));
        await page.GetByRole(AriaRole.Button, new() { Name = "Erinnerung anlegen" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("Erinnerung „HU/AU“ angelegt.");
        await Assertions.Expect(page.Locator(".reminder-list")).ToContainTextAsync("überfällig seit 2 Wochen");
        await CheckAsync(page, "Erinnerungen mit überfälliger HU");

        await page.GotoAsync("/Dashboard");
        var card = page.Locator("ul.cards > li").Filter(new() { HasText = "HU/AU" });
        await Assertions.Expect(card.Locator(".reminder-list")).ToContainTextAsync("Überfällig");
        await Assertions.Expect(card.Locator(".reminder-list")).ToContainTextAsync("überfällig seit 2 Wochen");
        await CheckAsync(page, "Dashboard mit überfälliger HU");

        await page.GotoAsync($"/Fahrzeuge/{vehicleId}/Erinnerungen");
        await page.GetByRole(AriaRole.Link, new() { Name = "Löschen (HU/AU)" }).ClickAsync();
        await CheckAsync(page, "Erinnerung löschen");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_inbox_shows_document_approved_after_an_admin_approves_a_document()
    {
        const string email = "postfach-browser@example.de";
        await browser.App.CreateUserAsync(email, Roles.User);
        var (vehicleId, entryId) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 1);
        var docId = await DocumentSeed.CreateDocumentAsync(browser.App, vehicleId, entryId);
        var page = await browser.SignedInPageAsync(email, javaScript: false, width: 320);
        await page.GotoAsync("/Postfach");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Keine Nachrichten");
        await CheckAsync(page, "Postfach leer");

        // The admin's decision through the same review rule the quarantine page calls (scan clean first).
        using (var scope = browser.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Data.AppDbContext>();
            (await db.Documents.SingleAsync(d => d.PublicId == docId)).ScannedClean(browser.App.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            var review = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Documents.DocumentReview>();
            var result = await review.DecideAsync(docId, LifeTimeCircle.Infrastructure.Documents.ReviewDecision.Approve, null,
                LifeTimeCircle.Domain.Documents.PiiState.Ok, CancellationToken.None);
            Assert.Null(result.Error);
        }

        await page.GotoAsync("/Dashboard");
        var unread = page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Postfach \\(1\\) ungelesen$") });
        await Assertions.Expect(unread).ToBeVisibleAsync();
        await unread.ClickAsync();
        await Assertions.Expect(page.Locator(".reminder-list")).ToContainTextAsync("Dokument freigegeben");
        await CheckAsync(page, "Postfach mit Nachricht");
        await page.GetByRole(AriaRole.Button, new() { Name = "Als gelesen markieren (Dokument freigegeben", Exact = false }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("Als gelesen markiert.");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Postfach", Exact = true })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
