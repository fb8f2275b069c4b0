using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>An owner "photographs" an invoice with the camera input: with JavaScript it is scaled down in the browser, without it the original is sent.</summary>
public sealed class UploadBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_photo_of_an_invoice_is_uploaded_and_shown_as_in_pruefung(bool javaScript)
    {
        var email = $"foto-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 1);
        var page = await browser.SignedInPageAsync(email, javaScript, width: 360);

        await page.GotoAsync($"/Fahrzeuge/{vehicleId}/Rechnung");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nachweis hochladen" }).ClickAsync();
        await PageChecks.AssertAccessibleAsync(page, "Hochladen");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Hochladen");
        var photo = TestImages.Png(3000, 2000);
        Assert.InRange(photo.Length, 100_000, 10 * 1024 * 1024);
        await page.GetByLabel("Oder mit der Kamera fotografieren").SetInputFilesAsync(new FilePayload { Name = "rechnung.png", MimeType = "image/png", Buffer = photo });
        await page.GetByRole(AriaRole.Button, new() { Name = "Hochladen" }).ClickAsync();
        await Assertions.Expect(page.Locator(".badge")).ToHaveTextAsync("in Prüfung");
        await PageChecks.AssertAccessibleAsync(page, "Dokument");

        var stored = await browser.App.WithDbAsync(db => db.Documents.Where(d => db.Vehicles.Any(v => v.Id == d.VehicleId && v.PublicId == vehicleId)).SingleAsync());
        if (javaScript)
        {
            Assert.Equal("image/jpeg", stored.ContentType);
            Assert.True(stored.SizeBytes < photo.Length, $"verkleinert: {stored.SizeBytes} < {photo.Length}");
        }
        else
        {
            Assert.Equal("image/png", stored.ContentType);
            Assert.Equal(photo.Length, stored.SizeBytes);
        }

        await page.GotoAsync($"/Fahrzeuge/{vehicleId}/Galerie");
        await page.GotoAsync($"/Fahrzeuge/{vehicleId}/Rechnung");
        await Assertions.Expect(page.Locator(".entry-list")).ToContainTextAsync("in Prüfung");
        await page.Context.CloseAsync();
    }
}
