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
        var previews = new System.Collections.Concurrent.ConcurrentBag<string>();
        page.Response += (_, r) =>
        {
            if (r.Url.Contains($"/Dokumente/{doc}/", StringComparison.Ordinal)) previews.Add(r.Headers.GetValueOrDefault("content-type", ""));
        };
        await page.GotoAsync($"/Fahrzeuge/{vehicle}/Galerie");

        var img = page.Locator(".gallery img").First;
        await img.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(img).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await img.EvaluateAsync<int>("i => i.naturalWidth") > 0, "die Vorschau wurde nicht geladen");
        // At 320 px on a 1x screen the 320 px preview is enough; the browser's Accept got it as WebP (ADR 0022).
        Assert.EndsWith($"/Fahrzeuge/{vehicle}/Dokumente/{doc}/320", await img.EvaluateAsync<string>("i => i.currentSrc"), StringComparison.Ordinal);
        Assert.Contains("image/webp", previews);
        await PageChecks.AssertAccessibleAsync(page, "Galerie");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Galerie");

        var link = $"a[href='Dokumente/{doc}']";
        await PageChecks.TabToAsync(page, link);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/Fahrzeuge/{vehicle}/Dokumente/{doc}");
        await page.Context.CloseAsync();
    }
}
