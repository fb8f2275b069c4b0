using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>A buyer without an account opens the QR link on a phone; after the owner rotates it, the old link is neutral.</summary>
public sealed class MiniCheckBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_buyer_sees_the_light_the_badge_and_the_disclaimer_and_nothing_else()
    {
        const string email = "verkauf@example.de";
        await browser.App.CreateUserAsync(email, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 3, serviceBook: true);
        var owner = await browser.SignedInPageAsync(email, javaScript: false, width: 1024);
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Teilen");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Mini-Check einschalten" }).ClickAsync();
        await PageChecks.AssertAccessibleAsync(owner, "Teilen");
        // The printed link is built from LTC_PUBLIC_URL; the buyer's browser here reaches the test server by its path.
        var printed = (await owner.Locator("code.secret").InnerTextAsync()).Trim();
        Assert.StartsWith("https://lifetimecircle.example/q/", printed);
        var link = new Uri(printed).PathAndQuery;

        var buyer = await browser.NewPageAsync(javaScript: false, width: 320, height: 640);
        var response = await buyer.GotoAsync(link);
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(buyer.Locator(".light")).ToHaveTextAsync("Trust-Ampel: Gelb");
        await Assertions.Expect(buyer.Locator(".badge")).ToHaveTextAsync("Unfallfrei");
        await Assertions.Expect(buyer.Locator(".disclaimer")).ToContainTextAsync("keine Aussage über den technischen Zustand");
        Assert.Equal(0, await buyer.Locator("nav, form, script, header").CountAsync());
        await PageChecks.AssertAccessibleAsync(buyer, "Mini-Check");
        await PageChecks.AssertNoHorizontalScrollAsync(buyer, "Mini-Check");

        await owner.GetByRole(AriaRole.Button, new() { Name = "Neuen Link erzeugen (alter Link wird ungültig)" }).ClickAsync();
        var old = await buyer.GotoAsync(link);
        Assert.Equal(404, old!.Status);
        await Assertions.Expect(buyer.Locator("h1")).ToHaveTextAsync("Mini-Check nicht verfügbar");
        await PageChecks.AssertAccessibleAsync(buyer, "Mini-Check nicht verfügbar");
        await owner.Context.CloseAsync();
        await buyer.Context.CloseAsync();
    }

    /// <summary>Issue 22: a new owner on a phone without JavaScript finds „Teilen“ from the vehicle page in one step.</summary>
    [Fact]
    public async Task A_new_owner_finds_teilen_from_the_vehicle_page_in_one_step()
    {
        const string email = "neu-teilen@example.de";
        await browser.App.CreateUserAsync(email, Roles.User);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 0);
        var owner = await browser.SignedInPageAsync(email, javaScript: false, width: 320);
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}");
        await Assertions.Expect(owner.Locator("#share-title")).ToHaveTextAsync("Öffentlicher Mini-Check: aus");
        await PageChecks.AssertAccessibleAsync(owner, "Fahrzeug mit Teilen");
        await PageChecks.AssertNoHorizontalScrollAsync(owner, "Fahrzeug mit Teilen");
        await owner.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Teilen & QR", Exact = true }).First.ClickAsync();
        await Assertions.Expect(owner).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/Fahrzeuge/{vehicleId}/Teilen$"));
        await Assertions.Expect(owner.Locator("h1")).ToHaveTextAsync("Öffentlicher Mini-Check");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Mini-Check einschalten" }).ClickAsync();
        await PageChecks.AssertAccessibleAsync(owner, "Teilen");
        await PageChecks.AssertNoHorizontalScrollAsync(owner, "Teilen");
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}");
        await Assertions.Expect(owner.Locator("#share-title")).ToHaveTextAsync("Öffentlicher Mini-Check: an");
        await owner.Context.CloseAsync();
    }
}
