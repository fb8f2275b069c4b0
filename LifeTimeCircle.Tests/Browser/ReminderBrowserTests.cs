using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Web;
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
}
