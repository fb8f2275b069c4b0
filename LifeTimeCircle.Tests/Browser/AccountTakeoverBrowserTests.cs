using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// The pre-registration takeover, tried in a real browser with two independent browser contexts: somebody registers
/// the owner's address first with a password of his own; the real owner registers, confirms and uses the account;
/// the first registrant's password is refused afterwards.
/// </summary>
public sealed class AccountTakeoverBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string AttackerPassword = "angreifer-kennt-dieses-passwort";
    private const string OwnerPassword = "nur-die-besitzerin-kennt-dieses";

    private static async Task RegisterAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Eintritt");
        await page.GetByRole(AriaRole.Link, new() { Name = "Privat registrieren" }).ClickAsync();
        await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Passwort wiederholen").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrieren" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Wenn die E-Mail-Adresse gültig ist, wurde ein Code gesendet.");
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Konto/Anmelden");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_password_set_by_somebody_who_registered_first_never_opens_the_owners_account(bool javaScript)
    {
        var email = $"besitzerin-{(javaScript ? "js" : "nojs")}@example.de";
        var attacker = await browser.NewPageAsync(javaScript, width: 320);
        var owner = await browser.NewPageAsync(javaScript, width: 320);

        await RegisterAsync(attacker, email, AttackerPassword);
        // Before the address is proven, the attacker's password opens nothing (and sends no new code).
        await SignInAsync(attacker, email, AttackerPassword);
        await Assertions.Expect(attacker.Locator(".error-summary")).ToContainTextAsync("E-Mail-Adresse oder Passwort ist falsch.");
        await PageChecks.AssertAccessibleAsync(attacker, "Anmelden mit Fehler");

        await RegisterAsync(owner, email, OwnerPassword);
        await PageChecks.AssertAccessibleAsync(owner, "Bestätigen");
        await PageChecks.AssertNoHorizontalScrollAsync(owner, "Bestätigen");
        await owner.GetByLabel("Code", new() { Exact = true }).FillAsync(await Outbox.LatestCodeAsync(browser.App, email));
        await owner.GetByLabel("Passwort", new() { Exact = true }).FillAsync(OwnerPassword);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Bestätigen" }).ClickAsync();
        await Assertions.Expect(owner.Locator("h1")).ToHaveTextAsync("AGB und Datenschutz");
        await owner.GetByLabel("Ich akzeptiere die AGB", new() { Exact = false }).CheckAsync();
        await owner.GetByLabel("Ich habe die Datenschutzerklärung", new() { Exact = false }).CheckAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "Zustimmen und weiter" }).ClickAsync();
        await Assertions.Expect(owner.Locator("h1")).ToHaveTextAsync("Ihr erstes Fahrzeug");
        await owner.GetByRole(AriaRole.Link, new() { Name = "Profil" }).ClickAsync();
        await Assertions.Expect(owner).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Profil$"));

        // The first registrant's password is refused; he stays on the sign-in page.
        await SignInAsync(attacker, email, AttackerPassword);
        await Assertions.Expect(attacker.Locator(".error-summary")).ToContainTextAsync("E-Mail-Adresse oder Passwort ist falsch.");
        await Assertions.Expect(attacker).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Konto/Anmelden"));

        // The owner signs out and back in with her own password.
        await owner.GetByRole(AriaRole.Button, new() { Name = "Abmelden" }).ClickAsync();
        await SignInAsync(owner, email, OwnerPassword);
        await Assertions.Expect(owner.Locator("h1")).ToHaveTextAsync("Ihr erstes Fahrzeug");
        await attacker.Context.CloseAsync();
        await owner.Context.CloseAsync();
    }
}
