using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// A new owner on a 320 px screen, JavaScript off, using only the keyboard: first vehicle, an entry with a German
/// cost („1.234,56“), a Nachtrag, a correction, and the entry's history.
/// </summary>
public sealed class VehicleBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Presses Tab until <paramref name="selector"/> has the focus (checked without page scripts: they are off).</summary>
    private static async Task TabToAsync(IPage page, string selector, int maxPresses = 80)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.Locator(selector + ":focus").CountAsync() > 0) return;
        }
        Assert.Fail($"{selector} ist mit der Tab-Taste nicht erreichbar ({page.Url})");
    }

    private static async Task TypeIntoAsync(IPage page, string selector, string text)
    {
        await TabToAsync(page, selector);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(text);
    }

    /// <summary>
    /// A closed select takes type-ahead (the first option starting with the typed letters) or the arrow keys
    /// (used for „Ölwechsel“: the Ö has no key of its own on the test keyboard).
    /// </summary>
    private static async Task ChooseAsync(IPage page, string selector, string optionText, string expectedValue)
    {
        await TabToAsync(page, selector);
        if (optionText.Length > 0) await page.Keyboard.TypeAsync(optionText);
        for (var i = 0; i < 15 && await page.Locator(selector).InputValueAsync() != expectedValue; i++) await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal(expectedValue, await page.Locator(selector).InputValueAsync());
    }

    /// <summary>Enter on the focused element, waiting for the page it leads to (after a POST: the redirect's target).</summary>
    private static async Task EnterAsync(IPage page)
    {
        var old = await page.QuerySelectorAsync("html");
        await page.Keyboard.PressAsync("Enter");
        try
        {
            // The old document goes away (its root is detached or its context destroyed) …
            await old!.WaitForElementStateAsync(ElementState.Hidden);
        }
        catch (PlaywrightException)
        {
            // … which Playwright may also report as a destroyed execution context: either way it has been replaced.
        }
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    private static async Task SubmitAsync(IPage page, string buttonText)
    {
        await TabToAsync(page, $"main button[type=submit]:text-is('{buttonText}')");
        await EnterAsync(page);
    }

    private static async Task CheckPageAsync(IPage page, string label)
    {
        await PageChecks.AssertAccessibleAsync(page, label);
        await PageChecks.AssertNoHorizontalScrollAsync(page, label);
    }

    [Fact]
    public async Task A_new_owner_adds_a_vehicle_entries_with_a_german_cost_a_nachtrag_and_a_correction_with_the_keyboard_only()
    {
        const string email = "tastatur-halter@example.de";
        await browser.App.CreateUserAsync(email, Roles.User);
        var page = await browser.NewPageAsync(javaScript: false, width: 320);

        await page.GotoAsync("/Konto/Anmelden");
        await TypeIntoAsync(page, "#Input_Email", email);
        await TypeIntoAsync(page, "#Input_Password", TestData.Password);
        await EnterAsync(page);
        Assert.DoesNotContain("/Konto/Anmelden", page.Url, StringComparison.Ordinal);

        // Onboarding: no vehicle yet → the first VIN.
        await page.GotoAsync("/Fahrzeuge/Neu?erstes=true");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ihr erstes Fahrzeug");
        await CheckPageAsync(page, "Erstes Fahrzeug");
        await TypeIntoAsync(page, "#Input_Vin", "wvwzzz1jzyw123456");
        await TypeIntoAsync(page, "#Input_Make", "Volkswagen");
        await TypeIntoAsync(page, "#Input_Model", "Golf IV");
        await TypeIntoAsync(page, "#Input_BuildYear", "2000");
        await TabToAsync(page, "input[name='Input.AccidentStatus']");
        for (var i = 0; i < 3 && await page.Locator("#accident-Unfallfrei:checked").CountAsync() == 0; i++) await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator("#accident-Unfallfrei")).ToBeCheckedAsync();
        await SubmitAsync(page, "Fahrzeug anlegen");

        // Straight into the first entries.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Eintrag hinzufügen");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Eintragung/Neu\\?erstes=true$"));
        await CheckPageAsync(page, "Erster Eintrag");
        await TypeIntoAsync(page, "#Input_Date", "15.03.2024");
        await ChooseAsync(page, "#Input_Category", "Inspektion", "Inspektion");
        await ChooseAsync(page, "#Input_PerformedBy", "Fachwerkstatt", "Fachwerkstatt");
        await TypeIntoAsync(page, "#Input_PerformedByName", "Autohaus Müller");
        await TypeIntoAsync(page, "#Input_Odometer", "145.000");
        await TypeIntoAsync(page, "#Input_Cost", "1.234,56");
        await SubmitAsync(page, "Eintrag speichern");

        // A Nachtrag from the paper service book.
        await Assertions.Expect(page.Locator("[role=status]")).ToBeVisibleAsync();
        await TypeIntoAsync(page, "#Input_Date", "10.05.2019");
        await ChooseAsync(page, "#Input_Category", "", "Oelwechsel");
        await ChooseAsync(page, "#Input_PerformedBy", "Eigenleistung", "Eigenleistung");
        await TypeIntoAsync(page, "#Input_Odometer", "98000");
        await TabToAsync(page, "#Input_IsNachtrag");
        await page.Keyboard.PressAsync("Space");
        await SubmitAsync(page, "Eintrag speichern");

        await TabToAsync(page, "main a:text-is('zur Zeitleiste')");
        await EnterAsync(page);
        var timeline = page.Locator("main");
        await Assertions.Expect(timeline).ToContainTextAsync("15.03.2024 · Inspektion");
        await Assertions.Expect(timeline).ToContainTextAsync("1.234,56 €");
        await Assertions.Expect(timeline).ToContainTextAsync("10.05.2019 · Ölwechsel");
        await CheckPageAsync(page, "Zeitleiste");

        // Correct the inspection: a new version, the old one stays visible.
        await TabToAsync(page, "main a:has-text('15.03.2024 · Inspektion')");
        await EnterAsync(page);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("1 Fassung.");
        await TabToAsync(page, "main a:text-is('Eintrag korrigieren')");
        await EnterAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Eintrag korrigieren");
        await CheckPageAsync(page, "Korrektur");
        Assert.Equal("1234,56", await page.Locator("#Input_Cost").InputValueAsync());
        await TypeIntoAsync(page, "#Input_Cost", "1.300,00");
        await SubmitAsync(page, "Korrektur speichern");

        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("2 Fassungen.");
        await Assertions.Expect(page.Locator("section h2").First).ToHaveTextAsync("Fassung 2 (aktuell)");
        await Assertions.Expect(page.Locator("section").First).ToContainTextAsync("1.300,00 €");
        await Assertions.Expect(page.Locator("section").Nth(1)).ToContainTextAsync("1.234,56 €");
        await CheckPageAsync(page, "Verlauf");

        // The timeline shows the latest version with its revision count.
        await page.GotoAsync(page.Url[..page.Url.LastIndexOf("/Eintragung/", StringComparison.Ordinal)] + "/Eintragung");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("1.300,00 €");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("1.234,56 €");
        await page.Context.CloseAsync();
    }
}
