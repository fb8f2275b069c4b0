using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Fahrzeuge.Galerie;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>Issue 21 item 5: the Galerie in Chromium at 320 px, with and without JavaScript, keyboard only: previews load, axe finds nothing.</summary>
public sealed class GalleryBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_galerie_shows_previews_at_320_px_and_works_with_the_keyboard(bool javaScript)
    {
        var email = $"galerie-browser-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 1);
        var doc = await GallerySeed.PicturesAsync(browser.App, vehicle);
        var page = await browser.SignedInPageAsync(email, javaScript, width: 320);
        await page.GotoAsync($"/Fahrzeuge/{vehicle}/Galerie");

        var img = page.Locator("picture img").First;
        await img.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(img).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await img.EvaluateAsync<int>("i => i.naturalWidth") > 0, "die Vorschau wurde nicht geladen");
        // At 320 px with two columns the 320w candidate is enough; the browser took a WebP.
        Assert.EndsWith(".webp", await img.EvaluateAsync<string>("i => i.currentSrc"), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page, "Galerie");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Galerie");

        var link = $"a[href='/Fahrzeuge/{vehicle}/Dokumente/{doc}']";
        await PageChecks.TabToAsync(page, link);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/Fahrzeuge/{vehicle}/Dokumente/{doc}");
        await page.Context.CloseAsync();
    }
}
