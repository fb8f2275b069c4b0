using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Storage;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// The app with a reserve larger than any test machine's disk (LTC_DISK_RESERVE_MB = 1,000,000 MiB), so every save is
/// refused as on a full disk, without mounting anything (the real drill on a tmpfs is Ops/FullDiskTests).
/// </summary>
public sealed class FullDiskBrowserFixture() : BrowserFixture(new KestrelFactory(new Dictionary<string, string> { ["LTC_DISK_RESERVE_MB"] = "1000000" }));

/// <summary>What a person sees on a full disk, with and without JavaScript, at 320 px: the form again with the German
/// message and what they typed, or the German 507 page for a button; both without axe violations.</summary>
public sealed class FullDiskBrowserTests(FullDiskBrowserFixture browser) : IClassFixture<FullDiskBrowserFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_refused_save_keeps_the_typed_entry_and_says_why_in_german(bool javaScript)
    {
        Assert.True(browser.App.Services.GetRequiredService<DiskSpace>().IsLow, "Dieser Rechner hat mehr als 1 TB frei; der Test braucht eine kleinere Platte.");
        var email = $"voll-browser-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email, Roles.Vip);
        var (vehicle, _) = await LifeTimeCircle.Tests.Fahrzeuge.VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 1);
        var page = await browser.SignedInPageAsync(email, javaScript, width: 320);

        await page.GotoAsync($"/Fahrzeuge/{vehicle}/Eintragung/Neu");
        await page.GetByLabel("Kategorie").SelectOptionAsync("Reparatur");
        await page.GetByLabel("Ausgeführt von").SelectOptionAsync("Eigenleistung");
        await page.GetByLabel("Kilometerstand (km)").FillAsync("150.000");
        await page.GetByLabel("Bemerkung (optional)").FillAsync("Zahnriemen gewechselt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Eintrag speichern" }).ClickAsync();

        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Der Speicher des Servers ist voll");
        await Assertions.Expect(page.GetByLabel("Bemerkung (optional)")).ToHaveValueAsync("Zahnriemen gewechselt");
        await Assertions.Expect(page.GetByLabel("Kilometerstand (km)")).ToHaveValueAsync("150.000");
        await PageChecks.AssertAccessibleAsync(page, "Eintrag bei vollem Speicher");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Eintrag bei vollem Speicher");

        await page.GotoAsync($"/Fahrzeuge/{vehicle}/Teilen");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Mini-Check einschalten" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(507, refused.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Speicher voll");
        await PageChecks.AssertAccessibleAsync(page, "507");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "507");
        await page.Context.CloseAsync();
    }
}
