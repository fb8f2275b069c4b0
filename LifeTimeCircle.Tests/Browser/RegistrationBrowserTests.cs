using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>A new user walks the whole sign-up in a real browser, with and without JavaScript, and by keyboard only.</summary>
public sealed class RegistrationBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_new_user_registers_verifies_consents_and_reaches_the_dashboard(bool javaScript)
    {
        var email = $"browser-{(javaScript ? "js" : "nojs")}@example.de";
        var page = await browser.NewPageAsync(javaScript, width: 320);

        await page.GotoAsync("/");
        await PageChecks.AssertAccessibleAsync(page, "Startseite");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Startseite");
        await page.GetByRole(AriaRole.Link, new() { Name = "Eintritt", Exact = true }).ClickAsync();
        await PageChecks.AssertAccessibleAsync(page, "Eintritt");
        await page.GetByRole(AriaRole.Link, new() { Name = "Privat registrieren" }).ClickAsync();
        await PageChecks.AssertAccessibleAsync(page, "Registrieren");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Registrieren");

        // First a mistake: the error summary links to the field, and the typed address stays.
        await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync("kurz");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrieren" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("mindestens 10 Zeichen");
        Assert.Equal(email, await page.GetByLabel("E-Mail-Adresse").InputValueAsync());
        await PageChecks.AssertAccessibleAsync(page, "Registrieren mit Fehlern");

        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(TestData.Password);
        await page.GetByLabel("Passwort wiederholen").FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrieren" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Wenn die E-Mail-Adresse gültig ist, wurde ein Code gesendet.");
        await PageChecks.AssertAccessibleAsync(page, "Bestätigen");

        var code = await Outbox.LatestCodeAsync(browser.App, email);
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Bestätigen" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("AGB und Datenschutz");
        await PageChecks.AssertAccessibleAsync(page, "Einwilligung");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Einwilligung");

        await page.GetByLabel("Ich akzeptiere die AGB", new() { Exact = false }).CheckAsync();
        await page.GetByLabel("Ich habe die Datenschutzerklärung", new() { Exact = false }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Zustimmen und weiter" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ihr erstes Fahrzeug");
        await PageChecks.AssertAccessibleAsync(page, "Onboarding");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Onboarding");

        await page.GetByRole(AriaRole.Button, new() { Name = "Abmelden" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Sie wurden abgemeldet.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_sign_up_works_with_the_keyboard_only()
    {
        const string email = "tastatur@example.de";
        var page = await browser.NewPageAsync(javaScript: true, width: 1280);
        await page.GotoAsync("/");
        await PageChecks.TabToAsync(page, "a[href='/Eintritt']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape("/Eintritt")));
        await PageChecks.TabToAsync(page, "a[href='/Konto/Registrieren?art=privat']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape("/Konto/Registrieren?art=privat")));

        await PageChecks.TabToAsync(page, "#Input_Email");
        await page.Keyboard.TypeAsync(email);
        await PageChecks.TabToAsync(page, "#Input_Password");
        await page.Keyboard.TypeAsync(TestData.Password);
        await PageChecks.TabToAsync(page, "#Input_ConfirmPassword");
        await page.Keyboard.TypeAsync(TestData.Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape("/Konto/Bestaetigen")));

        await PageChecks.TabToAsync(page, "#Input_Code");
        await page.Keyboard.TypeAsync(await Outbox.LatestCodeAsync(browser.App, email));
        await PageChecks.TabToAsync(page, "#Input_Password");
        await page.Keyboard.TypeAsync(TestData.Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape("/Konto/Einwilligung")));

        await PageChecks.TabToAsync(page, "#Input_AcceptAgb");
        await page.Keyboard.PressAsync("Space");
        await PageChecks.TabToAsync(page, "#Input_AcceptDatenschutz");
        await page.Keyboard.PressAsync("Space");
        await PageChecks.TabToAsync(page, "button[type=submit]:not(.link-button)");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ihr erstes Fahrzeug");

        // Focus is visible: the focused element has an outline.
        await PageChecks.TabToAsync(page, "a[href='/Fahrzeuge']");
        var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.NotEqual("none", outline);
        await page.Context.CloseAsync();
    }
}
