using System.Text.RegularExpressions;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// Issue 19 „Done when“: a user at the free plan's limit asks for an upgrade from the paywall, an admin with TOTP grants
/// VIP from the support inbox (with the step-up), and the user adds a second vehicle — by visible German links and
/// buttons, JS on and off, 320 px, axe on each page.
/// </summary>
public sealed class PlanBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task CheckAsync(IPage page, string label)
    {
        await PageChecks.AssertAccessibleAsync(page, label);
        await PageChecks.AssertNoHorizontalScrollAsync(page, label);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_user_asks_for_vip_an_admin_grants_it_and_the_user_adds_a_second_vehicle(bool javaScript)
    {
        var email = $"tarif-browser-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email, Roles.User);
        await LifeTimeCircle.Tests.Fahrzeuge.VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 1);

        // The paywall on „Fahrzeug hinzufügen“ leads to the plans and the upgrade request.
        var user = await browser.SignedInPageAsync(email, javaScript, width: 320);
        await user.GotoAsync("/Fahrzeuge");
        await user.GetByRole(AriaRole.Link, new() { Name = "Fahrzeug hinzufügen" }).ClickAsync();
        await Assertions.Expect(user.Locator("main")).ToContainTextAsync("Im kostenlosen Tarif ist ein Fahrzeug enthalten.");
        await user.GetByRole(AriaRole.Link, new() { Name = "Tarife und Upgrade" }).ClickAsync();
        await Assertions.Expect(user.Locator("h1")).ToHaveTextAsync("Tarife");
        await CheckAsync(user, "Tarife");
        await user.GetByRole(AriaRole.Link, new() { Name = "VIP oder ein weiteres Fahrzeug anfragen" }).ClickAsync();
        await Assertions.Expect(user.Locator("h1")).ToHaveTextAsync("Upgrade anfragen");
        await CheckAsync(user, "Upgrade anfragen");
        await user.GetByLabel(new Regex("^Upgrade auf VIP")).CheckAsync();
        var message = $"Ich habe ein zweites Auto gekauft ({javaScript}).";
        await user.GetByLabel("Nachricht (freiwillig)").FillAsync(message);
        await user.GetByRole(AriaRole.Button, new() { Name = "Anfrage senden" }).ClickAsync();
        await Assertions.Expect(user.Locator("[role=status]")).ToBeVisibleAsync();
        await CheckAsync(user, "Upgrade angefragt");

        // The admin (with TOTP) finds it in the support inbox and grants VIP after confirming again.
        var adminEmail = $"tarif-browser-admin-{javaScript}@example.de";
        await browser.App.CreateUserAsync(adminEmail, Roles.Admin);
        var admin = await browser.SignedInPageAsync(adminEmail, javaScript, width: 320, twoFactor: true);
        await admin.GotoAsync("/Admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Zu den Anfragen" }).ClickAsync();
        var row = admin.Locator("tbody tr", new() { HasText = message });
        await row.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Freischalten") }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Freischaltungen");
        await CheckAsync(admin, "Freischaltungen eines Kontos");
        await admin.GetByLabel("VIP-Tarif (beliebig viele Fahrzeuge)").CheckAsync();
        await admin.GetByLabel("Grund", new() { Exact = true }).FillAsync("Zahlung erhalten, Rechnung 2026-041");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Freischalten" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Identität bestätigen");
        await admin.GetByLabel("Passwort oder 6-stelliger Code aus der Authenticator-App").FillAsync(TestData.Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Bestätigen" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Freischaltungen");
        await admin.GetByLabel("VIP-Tarif (beliebig viele Fahrzeuge)").CheckAsync();
        await admin.GetByLabel("Grund", new() { Exact = true }).FillAsync("Zahlung erhalten, Rechnung 2026-041");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Freischalten" }).ClickAsync();
        await Assertions.Expect(admin.Locator("[role=status]")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("main table")).ToContainTextAsync("Zahlung erhalten, Rechnung 2026-041");
        await CheckAsync(admin, "Freischaltung erteilt");
        await admin.Context.CloseAsync();

        // The user (signed in again if the role change ended the session) adds the second vehicle.
        await user.GotoAsync("/Fahrzeuge/Neu");
        if (new Uri(user.Url).AbsolutePath.StartsWith("/Konto/Anmelden", StringComparison.Ordinal))
        {
            await user.GetByLabel("E-Mail-Adresse").FillAsync(email);
            await user.GetByLabel("Passwort", new() { Exact = true }).FillAsync(TestData.Password);
            await user.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
            await user.GotoAsync("/Fahrzeuge/Neu");
        }
        await Assertions.Expect(user.Locator("h1")).ToHaveTextAsync("Fahrzeug hinzufügen");
        await Assertions.Expect(user.Locator("main")).Not.ToContainTextAsync("Im kostenlosen Tarif ist ein Fahrzeug enthalten.");
        await user.GetByLabel("Fahrgestellnummer (FIN)").FillAsync(javaScript ? "WBA3A5C50DF123456" : "WBA3A5C50DF654321");
        await user.GetByLabel("Marke").FillAsync("BMW");
        await user.GetByLabel("Modell").FillAsync("320d");
        await user.GetByLabel("Unfallfrei", new() { Exact = true }).CheckAsync();
        await user.GetByRole(AriaRole.Button, new() { Name = "Fahrzeug anlegen" }).ClickAsync();
        await Assertions.Expect(user.Locator("h1")).Not.ToHaveTextAsync("Fahrzeug hinzufügen");
        await user.GotoAsync("/Fahrzeuge");
        await Assertions.Expect(user.Locator("main")).ToContainTextAsync("BMW 320d");
        await CheckAsync(user, "Zwei Fahrzeuge");
        await user.Context.CloseAsync();
    }
}
