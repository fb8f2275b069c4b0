using System.Text;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>The job worker is off: the test runs the check and the import itself after it has seen the page waiting.</summary>
public sealed class ImportBrowserFixture() : BrowserFixture(new KestrelFactory(new Dictionary<string, string> { ["LTC_JOBS_WORKER"] = "false" }));

/// <summary>Issue 18 „Done when“: an owner uploads a CSV, sees the dry-run report, confirms, watches the progress and finds the entries „importiert“.</summary>
public sealed class ImportBrowserTests(ImportBrowserFixture browser) : IClassFixture<ImportBrowserFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_owner_uploads_a_csv_reads_the_report_confirms_and_finds_the_entries_marked_imported(bool javaScript)
    {
        var email = $"import-browser-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 0);
        var page = await browser.SignedInPageAsync(email, javaScript, width: 320);

        await page.GotoAsync($"/Fahrzeuge/{vehicleId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Import aus einer Tabelle");
        await PageChecks.AssertAccessibleAsync(page, "Import hochladen");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Import hochladen");

        var csv = "Datum;Art;Ausgeführt von;Kilometerstand;Kosten;Bemerkung\n"
            + "14.05.2024;Ölwechsel;Fachwerkstatt;123.456;89,90;Öl und Filter\n"
            + "02.01.2023;Inspektion;Händler;98.000;;\n"
            + "31.02.2023;Reifen;Reifenservice;99.000;;\n";
        await page.GetByLabel("Datei hochladen (Excel oder CSV)").SetInputFilesAsync(new FilePayload
        {
            Name = "serviceheft.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Prüfen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("Stand: wird geprüft");
        await Assertions.Expect(page.Locator("progress#import-progress")).ToBeVisibleAsync();
        if (!javaScript) Assert.Contains("http-equiv=\"refresh\"", await PageChecks.StableContentAsync(page), StringComparison.Ordinal);
        await PageChecks.AssertAccessibleAsync(page, "Import wird geprüft");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Import wird geprüft");

        await Jobs.DrainAsync(browser.App.Services, ImportProcessor.CheckKind);

        // JS off: the meta refresh reloads; JS on: the script sees the job finished and loads the report.
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("Stand: geprüft – wartet auf Ihre Bestätigung", new() { Timeout = 15000 });
        await Assertions.Expect(page.GetByText("2 können importiert werden")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("Das Datum ist nicht lesbar");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Prüfbericht herunterladen (CSV)" })).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "Prüfbericht");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Prüfbericht");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Prüfbericht herunterladen (CSV)" }).ClickAsync());
        Assert.Contains("Das Datum ist nicht lesbar", await File.ReadAllTextAsync(await download.PathAsync(), Encoding.UTF8), StringComparison.Ordinal);

        await PageChecks.TabToAsync(page, "form[action*=Bestaetigen] button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("Stand: wird importiert");
        await PageChecks.AssertAccessibleAsync(page, "Import läuft");

        await Jobs.DrainAsync(browser.App.Services, ImportProcessor.RunKind);

        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("Stand: importiert", new() { Timeout = 15000 });
        await Assertions.Expect(page.GetByText("2 Einträge importiert")).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "Import fertig");
        await page.GetByRole(AriaRole.Link, new() { Name = "Zur Eintragung (Zeitleiste)" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("importiert");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Ölwechsel");
        await PageChecks.AssertAccessibleAsync(page, "Zeitleiste nach Import");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Zeitleiste nach Import");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_owner_maps_columns_the_app_did_not_recognise_and_the_file_is_checked_with_them(bool javaScript)
    {
        var email = $"import-zuordnung-browser-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 0);
        var page = await browser.SignedInPageAsync(email, javaScript, width: 320);
        await page.GotoAsync($"/Fahrzeuge/{vehicleId}/Import");
        await page.GetByLabel("Datei hochladen (Excel oder CSV)").SetInputFilesAsync(new FilePayload
        {
            Name = "meine-liste.csv", MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("Wann;Was;Wer;Tacho;Notiz\n14.05.2024;Ölwechsel;Fachwerkstatt;123.456;Öl und Filter\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Prüfen" }).ClickAsync();
        await Jobs.DrainAsync(browser.App.Services, ImportProcessor.CheckKind);
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("Stand: Spalten zuordnen", new() { Timeout = 15000 });
        await PageChecks.AssertAccessibleAsync(page, "Import: Spalten nicht erkannt");

        await page.GetByRole(AriaRole.Link, new() { Name = "Spalten zuordnen" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Spalten zuordnen");
        await PageChecks.AssertAccessibleAsync(page, "Spalten zuordnen");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Spalten zuordnen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zuordnung speichern und Datei prüfen" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Bitte ordnen Sie „Datum“, „Art“, „Ausgeführt von“, „Kilometerstand“ je einer Spalte zu");
        await PageChecks.AssertAccessibleAsync(page, "Spalten zuordnen mit Fehler");

        await page.GetByLabel("1. Spalte „Wann“").SelectOptionAsync(new SelectOptionValue { Label = "Datum" });
        await page.GetByLabel("2. Spalte „Was“").SelectOptionAsync(new SelectOptionValue { Label = "Art" });
        await page.GetByLabel("3. Spalte „Wer“").SelectOptionAsync(new SelectOptionValue { Label = "Ausgeführt von" });
        await page.GetByLabel("4. Spalte „Tacho“").SelectOptionAsync(new SelectOptionValue { Label = "Kilometerstand" });
        await page.GetByLabel("5. Spalte „Notiz“").SelectOptionAsync(new SelectOptionValue { Label = "Bemerkung" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Zuordnung speichern und Datei prüfen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("Stand: wird geprüft");
        await Jobs.DrainAsync(browser.App.Services, ImportProcessor.CheckKind);
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("Stand: geprüft – wartet auf Ihre Bestätigung", new() { Timeout = 15000 });
        await Assertions.Expect(page.GetByText("1 können importiert werden")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_owner_imports_several_vehicles_from_the_vehicle_list_and_finds_the_new_one_there(bool javaScript)
    {
        var email = $"multi-browser-{javaScript}@example.de";
        await browser.App.CreateUserAsync(email, LifeTimeCircle.Domain.Roles.Vip);
        string own = VehicleSeed.NewVin(), fresh = VehicleSeed.NewVin();
        using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(browser.App.Services))
        {
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<LifeTimeCircle.Data.AppDbContext>(scope.ServiceProvider);
            var vins = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<LifeTimeCircle.Infrastructure.Security.VinProtector>(scope.ServiceProvider);
            var owner = Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.Email == email);
            var vin = LifeTimeCircle.Domain.Vehicles.Vin.Parse(own);
            db.Vehicles.Add(new LifeTimeCircle.Domain.Vehicles.Vehicle((await owner).Id, vin, vins.Encrypt(vin), vins.Hmac(vin),
                new LifeTimeCircle.Domain.Vehicles.VehicleDetails("Volkswagen", "Golf", 2015, LifeTimeCircle.Domain.Vehicles.VehicleClass.Alltag, null, null, null, null,
                    LifeTimeCircle.Domain.Vehicles.AccidentStatus.Unfallfrei, false, null), browser.App.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        var page = await browser.SignedInPageAsync(email, javaScript, width: 320);

        await page.GotoAsync("/Fahrzeuge");
        await page.GetByRole(AriaRole.Link, new() { Name = "Fahrzeuge und Einträge importieren" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Fahrzeuge und Einträge importieren");
        await PageChecks.AssertAccessibleAsync(page, "Mehrfachimport hochladen");
        var csv = "FIN;Marke;Modell;Datum;Art;Ausgeführt von;Kilometerstand\n"
            + $"{own};;;14.05.2024;Inspektion;Fachwerkstatt;10.000\n"
            + $"{fresh};Porsche;911;01.03.2023;Ölwechsel;Fachwerkstatt;50.000\n";
        await page.GetByLabel("Datei hochladen (Excel oder CSV)").SetInputFilesAsync(new FilePayload
        {
            Name = "fahrzeuge.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Prüfen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("Stand: wird geprüft");
        await PageChecks.AssertAccessibleAsync(page, "Mehrfachimport wird geprüft");

        await Jobs.DrainAsync(browser.App.Services, ImportProcessor.CheckKind);

        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("Stand: geprüft – wartet auf Ihre Bestätigung", new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("#groups-caption")).ToContainTextAsync("2 FINs");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("wird neu angelegt");
        await PageChecks.AssertAccessibleAsync(page, "Mehrfachimport Prüfbericht");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Mehrfachimport Prüfbericht");

        await PageChecks.TabToAsync(page, "form[action*=Bestaetigen] button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("Stand: wird importiert");
        await Jobs.DrainAsync(browser.App.Services, ImportProcessor.RunKind);
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync("Stand: importiert", new() { Timeout = 15000 });
        await Assertions.Expect(page.GetByText("2 Einträge importiert")).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "Mehrfachimport fertig");
        await page.GetByRole(AriaRole.Link, new() { Name = "Zu Ihren Fahrzeugen" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Porsche 911");
        await page.Context.CloseAsync();
    }
}
