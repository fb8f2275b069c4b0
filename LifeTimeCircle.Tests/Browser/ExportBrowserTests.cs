using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// The export worker is off in this app: the test runs the queue itself after it has seen the jobs waiting,
/// so the page is observed in both states without depending on how fast the machine is.
/// </summary>
public sealed class ExportBrowserFixture() : BrowserFixture(new KestrelFactory(new Dictionary<string, string> { ["LTC_JOBS_WORKER"] = "false" }));

public sealed class ExportBrowserTests(ExportBrowserFixture browser) : IClassFixture<ExportBrowserFixture>
{
    private async Task DrainQueueAsync()
    {
        await Jobs.DrainAsync(browser.App.Services, ExportProcessor.Kind);
    }

    /// <summary>„Erstellen: Trust-Zertifikat (PDF)“ – the visually hidden part may be joined with or without a space.</summary>
    private static System.Text.RegularExpressions.Regex Named(string verb, string what) =>
        new("^" + System.Text.RegularExpressions.Regex.Escape(verb) + @"\s*:\s*" + System.Text.RegularExpressions.Regex.Escape(what) + "$");

    private static string NoSpace(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_owner_requests_a_certificate_and_a_maintenance_report_watches_them_finish_and_downloads_both(bool javaScript)
    {
        var email = $"export-browser-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 12);
        var page = await browser.SignedInPageAsync(email, javaScript, width: 320);

        await page.GotoAsync($"/Fahrzeuge/{vehicleId}/Exporte");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = Named("Erstellen", "Trust-Zertifikat (PDF)") }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Exporte$"));
        await page.GotoAsync($"/Fahrzeuge/{vehicleId}/Exporte");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = Named("Erstellen", "Wartungsstand (PDF)") }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Exporte$"));

        // Both wait; the page says it refreshes itself, and without JavaScript it carries the meta refresh.
        var rows = page.Locator("[data-export-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0).Locator("[data-export-status]")).ToHaveTextAsync("wartet");
        await Assertions.Expect(rows.Nth(1).Locator("[data-export-status]")).ToHaveTextAsync("wartet");
        await Assertions.Expect(page.Locator("[data-export-refresh]")).ToBeVisibleAsync();
        Assert.Contains("http-equiv=\"refresh\"", await PageChecks.StableContentAsync(page), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page, "Exporte wartend");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Exporte wartend");
        if (javaScript) await page.EvaluateAsync("window.__sameDocument = true");

        await DrainQueueAsync();

        // Without JavaScript the meta refresh reloads the page; with it the rows are replaced in place.
        await Assertions.Expect(rows.Nth(0).Locator("[data-export-status]")).ToHaveTextAsync("fertig");
        await Assertions.Expect(rows.Nth(1).Locator("[data-export-status]")).ToHaveTextAsync("fertig");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = Named("Herunterladen", "Trust-Zertifikat (PDF)") })).ToBeVisibleAsync();
        if (javaScript)
        {
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "Die Seite wurde neu geladen statt aktualisiert.");
            await Assertions.Expect(page.Locator("[data-export-refresh]")).ToHaveTextAsync("Alle Exporte sind fertig.");
        }
        else
        {
            // Once nothing runs any more, the page stops refreshing itself.
            Assert.DoesNotContain("http-equiv=\"refresh\"", await PageChecks.StableContentAsync(page), StringComparison.Ordinal);
        }
        await PageChecks.AssertAccessibleAsync(page, "Exporte fertig");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Exporte fertig");

        foreach (var (name, heading) in new[] { ("Trust-Zertifikat (PDF)", "Trust-Zertifikat"), ("Wartungsstand (PDF)", "Wartungsstand") })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { NameRegex = Named("Herunterladen", name) }).ClickAsync());
            Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
            var path = await download.PathAsync();
            using var pdf = PdfDocument.Open(path);
            var text = NoSpace(string.Concat(pdf.GetPages().Select(p => p.Text)));
            Assert.Contains(heading, text, StringComparison.Ordinal);
            if (heading == "Trust-Zertifikat") Assert.Contains(NoSpace(TrustEngine.Disclaimer), text, StringComparison.Ordinal);
        }
        await page.Context.CloseAsync();
    }
}
