using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Infrastructure.Notifications;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// On a 320 px phone with JavaScript off: a VIP sets e-mail per category, the digest and quiet hours on the profile;
/// the unsubscribe link of a mail works without signing in; the vehicle's „Statistik“ tab shows charts and tables.
/// Every page passes axe without horizontal scrolling.
/// </summary>
public sealed class NotificationBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task CheckAsync(IPage page, string label)
    {
        await PageChecks.AssertAccessibleAsync(page, label);
        await PageChecks.AssertNoHorizontalScrollAsync(page, label);
    }

    [Fact]
    public async Task A_VIP_sets_notifications_on_the_profile_unsubscribes_by_link_and_sees_the_statistics_tab()
    {
        const string email = "benachrichtigung-browser@example.de";
        var user = await browser.App.CreateUserAsync(email, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 9);
        var page = await browser.SignedInPageAsync(email, javaScript: false, width: 320);

        await page.GotoAsync("/Profil");
        await page.GetByRole(AriaRole.Link, new() { Name = "Benachrichtigungen: E-Mail, Tagesüberblick" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Benachrichtigungen");
        await CheckAsync(page, "Benachrichtigungen");
        var reminders = page.GetByRole(AriaRole.Group, new() { Name = "Fällige Erinnerungen (HU, Service …)" });
        await reminders.GetByLabel("Nicht sofort, sondern im Tagesüberblick").CheckAsync();
        await page.GetByLabel("Ruhezeit einschalten").CheckAsync();
        await page.GetByLabel("Von (Uhr)").SelectOptionAsync("22");
        await page.GetByLabel("Bis (Uhr)").SelectOptionAsync("22");
        await page.GetByRole(AriaRole.Button, new() { Name = "Speichern" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Beginn und Ende der Ruhezeit müssen verschieden sein.");
        await CheckAsync(page, "Benachrichtigungen mit Fehler");
        await page.GetByLabel("Bis (Uhr)").SelectOptionAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Speichern" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("Einstellungen für Benachrichtigungen gespeichert.");
        await Assertions.Expect(reminders.GetByLabel("Nicht sofort, sondern im Tagesüberblick")).ToBeCheckedAsync();

        await page.GotoAsync($"/Fahrzeuge/{vehicleId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Statistik", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Statistik");
        await Assertions.Expect(page.Locator("table").First).ToContainTextAsync("1.800 km");
        await CheckAsync(page, "Statistik");
        await page.Context.CloseAsync();

        // The link of a mail, opened by somebody who is not signed in.
        string url;
        using (var scope = browser.App.Services.CreateScope())
        {
            url = scope.ServiceProvider.GetRequiredService<NotificationMailer>().UnsubscribeUrl(user.Id, [NotificationCategory.Export]);
        }
        var anonymous = await browser.NewPageAsync(javaScript: false, width: 320);
        await anonymous.GotoAsync(new Uri(url).PathAndQuery);
        await Assertions.Expect(anonymous.Locator("main")).ToContainTextAsync("Exporte (fertig, fehlgeschlagen)");
        await CheckAsync(anonymous, "Abbestellen");
        await anonymous.GetByRole(AriaRole.Button, new() { Name = "E-Mails abbestellen" }).ClickAsync();
        await Assertions.Expect(anonymous.Locator("main")).ToContainTextAsync("Erledigt");
        await CheckAsync(anonymous, "Abbestellt");
        await anonymous.Context.CloseAsync();
        Assert.False(await browser.App.WithDbAsync(db => db.NotificationSettings
            .Where(s => s.UserId == user.Id && s.Category == NotificationCategory.Export).Select(s => s.Email).SingleAsync()));
    }
}
