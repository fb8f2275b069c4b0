using System.Text.RegularExpressions;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>Issue 19 „Done when“: a user deletes the account and cancels from the mail link (signed out, other browser), JS on and off, 320 px, axe.</summary>
public sealed partial class AccountDeletionBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [GeneratedRegex(@"https?://\S+/konto-loeschung/[A-Za-z0-9_-]{22}")]
    private static partial Regex CancelLink();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_user_asks_for_deletion_and_cancels_it_from_the_mail_link(bool javaScript)
    {
        var email = $"loeschen-browser-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email, Roles.User);
        await LifeTimeCircle.Tests.Fahrzeuge.VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 1);
        var page = await browser.SignedInPageAsync(email, javaScript, width: 320);

        await page.GotoAsync("/Profil");
        await page.GetByRole(AriaRole.Link, new() { Name = "Konto löschen" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Konto löschen");
        await Assertions.Expect(page.Locator("main a[href$='/Uebergabe']")).ToContainTextAsync("Vorher übergeben");
        await PageChecks.AssertAccessibleAsync(page, "Konto löschen");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Konto löschen");

        // Without the tick: the error is shown and accessible.
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Konto löschen" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Bitte bestätigen Sie");
        await PageChecks.AssertAccessibleAsync(page, "Konto löschen mit Fehler");

        await page.GetByLabel("Ja, mein Konto soll", new() { Exact = false }).CheckAsync();
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Konto löschen" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("Die Löschung ist beantragt");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Löschung abbrechen" })).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "Löschung beantragt");
        await page.GotoAsync("/Profil");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Die Löschung Ihres Kontos ist beantragt");

        var mail = (await Outbox.MessagesToAsync(browser.App, email)).Last(m => m.Subject!.StartsWith("Ihr Konto wird gelöscht", StringComparison.Ordinal));
        var link = new Uri(CancelLink().Match(mail.TextBody!).Value).PathAndQuery;
        var signedOut = await browser.NewPageAsync(javaScript, width: 320);
        await signedOut.GotoAsync(link);
        await Assertions.Expect(signedOut.Locator("h1")).ToHaveTextAsync("Kontolöschung abbrechen");
        await PageChecks.AssertAccessibleAsync(signedOut, "Kontolöschung abbrechen");
        await PageChecks.AssertNoHorizontalScrollAsync(signedOut, "Kontolöschung abbrechen");
        await signedOut.GetByRole(AriaRole.Button, new() { Name = "Löschung abbrechen" }).ClickAsync();
        await Assertions.Expect(signedOut.Locator("main")).ToContainTextAsync("Die Löschung ist abgebrochen");
        await PageChecks.AssertAccessibleAsync(signedOut, "Kontolöschung abgebrochen");
        var used = await signedOut.GotoAsync(link);
        Assert.Equal(404, used!.Status);
        await Assertions.Expect(signedOut.Locator("main")).ToContainTextAsync("ungültig, schon benutzt oder abgelaufen");

        await page.GotoAsync("/Profil/KontoLoeschen");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Konto löschen" })).ToBeVisibleAsync();
        await signedOut.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
