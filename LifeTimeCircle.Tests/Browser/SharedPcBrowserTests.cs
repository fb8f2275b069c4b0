using LifeTimeCircle.Domain;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// Issue 16, shared desktop PCs in a real browser: the idle timeout is announced and, with JavaScript, warned about two
/// minutes before it ends (the page's clock is fast-forwarded, nothing waits); after „Platz freigeben“ the back button
/// shows no page of the business — it asks for the sign-in.
/// </summary>
public sealed class SharedPcBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_idle_timeout_is_warned_about_and_after_freeing_the_place_back_shows_nothing_of_the_business()
    {
        const string email = "tresen-browser@example.de";
        await browser.App.CreateUserAsync(email, Roles.Dealer, kind: AccountKind.Gewerblich);
        var page = await browser.SignedInPageAsync(email, javaScript: true, width: 1280);
        await page.Clock.InstallAsync();
        await page.GotoAsync("/Betrieb/Kundenfahrzeuge");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Kundenfahrzeuge");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Diese Anmeldung endet nach 30 Minuten ohne Aktivität.");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        await page.Clock.FastForwardAsync("28:01");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Ihre Anmeldung endet in 2 Minuten ohne Aktivität.");
        await PageChecks.AssertAccessibleAsync(page, "Kundenfahrzeuge mit Warnung");
        await page.Clock.FastForwardAsync("02:00");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Ihre Anmeldung ist wegen Inaktivität beendet.");

        await page.GotoAsync("/Betrieb/Kundenfahrzeuge");
        await page.GetByRole(AriaRole.Button, new() { Name = "Platz freigeben" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Platz freigegeben.");
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("h1")).Not.ToHaveTextAsync("Kundenfahrzeuge");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Kundenfahrzeuge");
        Assert.Contains("/Konto/Anmelden", page.Url, StringComparison.Ordinal);
    }
}
