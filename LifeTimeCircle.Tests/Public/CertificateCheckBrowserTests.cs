using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Tests.Browser;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Public;

/// <summary>The public certificate check with a certified state: keyboard only, 320 px, with and without JavaScript, axe-clean.</summary>
public sealed class CertificateCheckBrowserTests(ExportBrowserFixture browser) : IClassFixture<ExportBrowserFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_visitor_checks_a_certificate_by_keyboard_and_reads_the_certified_state(bool javaScript)
    {
        var email = $"zertifikat-browser-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 3);
        var code = await browser.App.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicle);
            var job = new ExportJob(ExportType.TrustZertifikat, v.Id, v.OwnerId, browser.App.BaseUrl, 1, browser.App.Clock.GetUtcNow());
            // With its job, as the request page does (the job row drives processing).
            LifeTimeCircle.Infrastructure.Exports.ExportProcessor.Enqueue(db, browser.App.Services.GetRequiredService<LifeTimeCircle.Infrastructure.Jobs.JobQueue>(), job);
            await db.SaveChangesAsync();
            return job.VerificationCode!;
        });
        await LifeTimeCircle.Tests.Infrastructure.Jobs.DrainAsync(browser.App.Services, ExportProcessor.Kind);

        var page = await browser.NewPageAsync(javaScript, width: 320);
        await page.GotoAsync("/Zertifikat");
        await PageChecks.TabToAsync(page, "#code");
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Zertifikat gültig" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#zertifikat-ampel")).ToHaveTextAsync("Trust-Ampel: Gelb");
        await Assertions.Expect(page.Locator("#zertifikat-sha256")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{64}$"));
        await PageChecks.AssertAccessibleAsync(page, "Zertifikat mit Stand bei Ausstellung");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Zertifikat mit Stand bei Ausstellung");
        await page.Context.CloseAsync();
    }
}
