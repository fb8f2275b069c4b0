using System.Text.RegularExpressions;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// Issue 19 items 3 and 4 „Done when“: the contact form from the footer, the support thread between an account and an
/// admin, and a moderator's way from the invitation to the editorial desk — by visible German links and buttons, JS on
/// and off, 320 px, axe on every new page and state.
/// </summary>
public sealed partial class SupportBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex InviteCode();

    private static async Task CheckAsync(IPage page, string label)
    {
        await PageChecks.AssertAccessibleAsync(page, label);
        await PageChecks.AssertNoHorizontalScrollAsync(page, label);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_visitor_writes_from_the_footer_and_an_account_and_an_admin_write_in_one_thread(bool javaScript)
    {
        var visitor = await browser.NewPageAsync(javaScript, width: 320);
        await visitor.GotoAsync("/");
        await visitor.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "Kontakt" }).ClickAsync();
        await Assertions.Expect(visitor.Locator("h1")).ToHaveTextAsync("Kontakt");
        await CheckAsync(visitor, "Kontakt");
        await visitor.GetByLabel("E-Mail-Adresse für die Antwort").FillAsync($"besuch-{javaScript}@example.de");
        await visitor.GetByLabel("Ihre Nachricht").FillAsync("Gibt es eine App?");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Nachricht senden" }).ClickAsync();
        await Assertions.Expect(visitor.Locator(".error-summary")).ToContainTextAsync("Bitte wählen Sie ein Thema.");
        await CheckAsync(visitor, "Kontakt mit Fehler");
        await visitor.GetByLabel("Thema").SelectOptionAsync(new SelectOptionValue { Label = "Allgemeine Frage" });
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Nachricht senden" }).ClickAsync();
        await Assertions.Expect(visitor.Locator("[role=status]")).ToContainTextAsync("Ihre Nachricht ist eingegangen");
        await visitor.Context.CloseAsync();

        var email = $"support-browser-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email, Roles.User);
        var user = await browser.SignedInPageAsync(email, javaScript, width: 320);
        await user.GotoAsync("/Profil");
        await user.GetByRole(AriaRole.Link, new() { Name = "Meine Anfragen an den Support" }).ClickAsync();
        await CheckAsync(user, "Meine Anfragen (leer)");
        await user.GetByRole(AriaRole.Link, new() { Name = "Neue Anfrage schreiben" }).ClickAsync();
        await CheckAsync(user, "Neue Anfrage");
        await user.GetByLabel("Thema").SelectOptionAsync(new SelectOptionValue { Label = "Fehler melden" });
        await user.GetByLabel("Ihre Nachricht").FillAsync($"Der Kalender zeigt den HU-Termin doppelt ({javaScript}).");
        await user.GetByRole(AriaRole.Button, new() { Name = "Anfrage senden" }).ClickAsync();
        await Assertions.Expect(user.Locator("h1")).ToHaveTextAsync("Anfrage: Fehler melden");
        var thread = new Uri(user.Url).AbsolutePath;

        var adminEmail = $"support-browser-admin-{javaScript}@example.de";
        await browser.App.CreateUserAsync(adminEmail, Roles.Admin);
        var admin = await browser.SignedInPageAsync(adminEmail, javaScript, width: 320, twoFactor: true);
        await admin.GotoAsync("/Admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Zu den Anfragen" }).ClickAsync();
        await CheckAsync(admin, "Postfach");
        await admin.Locator("tbody tr", new() { HasText = $"Der Kalender zeigt den HU-Termin doppelt ({javaScript})" }).GetByRole(AriaRole.Link, new() { Name = "Öffnen" }).ClickAsync();
        await CheckAsync(admin, "Anfrage im Postfach");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Antwort senden" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("Bitte schreiben Sie eine Antwort.");
        await CheckAsync(admin, "Antwort mit Fehler");
        await admin.GetByLabel("Antwort", new() { Exact = true }).FillAsync("Danke, das ist behoben.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Antwort senden" }).ClickAsync();
        await Assertions.Expect(admin.Locator("[role=status]")).ToContainTextAsync("Antwort gesendet");
        await Assertions.Expect(admin.Locator("main dl")).ToContainTextAsync("in Prüfung");
        await admin.Context.CloseAsync();

        await user.GotoAsync(thread);
        await Assertions.Expect(user.Locator("ol.thread > li")).ToHaveCountAsync(2);
        await Assertions.Expect(user.Locator("ol.thread > li").Nth(1)).ToContainTextAsync("Danke, das ist behoben.");
        await CheckAsync(user, "Verlauf mit Antwort");
        await user.GetByLabel("Ihre Nachricht").FillAsync("Danke!\nJetzt passt es.");
        await user.GetByRole(AriaRole.Button, new() { Name = "Nachricht senden" }).ClickAsync();
        await Assertions.Expect(user.Locator("ol.thread > li")).ToHaveCountAsync(3);
        await user.GotoAsync("/Profil/Anfragen");
        await Assertions.Expect(user.Locator("tbody tr")).ToContainTextAsync("offen");
        await CheckAsync(user, "Meine Anfragen");
        await user.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_invited_person_reaches_the_editorial_desk_after_password_and_totp(bool javaScript)
    {
        var adminEmail = $"redaktion-browser-admin-{javaScript}@example.de";
        await browser.App.CreateUserAsync(adminEmail, Roles.Admin);
        var admin = await browser.SignedInPageAsync(adminEmail, javaScript, width: 320, twoFactor: true);
        await admin.GotoAsync("/Admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Zur Moderation" }).ClickAsync();
        await CheckAsync(admin, "Moderation");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Identität bestätigen" }).ClickAsync();
        await admin.GetByLabel("Passwort oder 6-stelliger Code", new() { Exact = false }).FillAsync(TestData.Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Bestätigen" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Moderation");
        var invitee = $"redaktion-browser-{javaScript}@example.de";
        await admin.GetByLabel("E-Mail-Adresse").FillAsync(invitee);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Einladung senden" }).ClickAsync();
        await Assertions.Expect(admin.Locator("[role=status]")).ToContainTextAsync("Die Einladung ist unterwegs");
        await CheckAsync(admin, "Moderation mit offener Einladung");

        var mail = (await Outbox.MessagesToAsync(browser.App, invitee)).Single();
        var code = InviteCode().Match(mail.TextBody!).Value;
        var page = await browser.NewPageAsync(javaScript, width: 320);
        await page.GotoAsync("/Konto/Redaktionszugang#code=" + code);
        await CheckAsync(page, "Redaktionszugang: Code");
        if (!javaScript) await page.GetByLabel("Einladungscode").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Code prüfen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#password-title")).ToContainTextAsync("Passwort festlegen");
        await CheckAsync(page, "Redaktionszugang: Passwort");
        await page.GetByLabel("Neues Passwort").FillAsync(TestData.Password);
        await page.GetByLabel("Passwort wiederholen").FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Konto anlegen" }).ClickAsync();
        await CheckAsync(page, "Redaktionszugang: Zwei-Faktor");
        await page.GetByRole(AriaRole.Link, new() { Name = "Zwei-Faktor-Anmeldung einrichten" }).ClickAsync();
        // A new account agrees to AGB and privacy first, then comes back to the set-up.
        await page.GetByLabel("Ich akzeptiere die AGB", new() { Exact = false }).CheckAsync();
        await page.GetByLabel("Ich habe die Datenschutzerklärung", new() { Exact = false }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Zustimmen und weiter" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Zwei-Faktor-Anmeldung");
        var key = await page.Locator("code.secret").InnerTextAsync();
        await page.GetByLabel("Code aus der App").FillAsync(Totp.Compute(key, browser.App.Clock.GetUtcNow()));
        await page.GetByLabel("Aktuelles Passwort", new() { Exact = true }).FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Einrichten" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Weiter zur Aktivierung des Redaktionszugangs" }).ClickAsync();
        await CheckAsync(page, "Redaktionszugang: Aktivieren");
        await page.GetByRole(AriaRole.Button, new() { Name = "Redaktionszugang aktivieren" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("Ihr Redaktionszugang ist aktiv");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Redaktion$"));
        await page.Context.CloseAsync();

        await admin.GotoAsync("/Admin/Moderation");
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync("Redaktionskonto");
        await CheckAsync(admin, "Moderation mit Redaktionskonto");
        await admin.Context.CloseAsync();
    }
}
