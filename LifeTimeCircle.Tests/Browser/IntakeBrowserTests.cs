using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Betrieb;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>
/// Issue 17 „Done when“ in a real browser on a desktop window: staff open an intake for a permitted vehicle, add three
/// items by keyboard, the same form sent twice makes one item, the Tafelansicht reloads itself without JavaScript, the
/// close sends one proposal and the recommendation to the owner's Modul-Postfach; a logged OBD readout cannot be changed
/// in the database; another business gets 404 on the session. axe on every page.
/// </summary>
public sealed class IntakeBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Staff_take_a_vehicle_in_close_the_intake_and_the_owner_finds_proposal_and_recommendation()
    {
        const string ownerEmail = "kundin-annahme-browser@example.de";
        await browser.App.CreateUserAsync(ownerEmail, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, ownerEmail, 2);
        var (grantId, businessEmail) = await WorkshopSeed.GrantedBusinessAsync(browser.App, vehicleId, "annahme-browser@werkstatt.example", "Annahme-Werkstatt Browser");
        await WorkshopSeed.StaffSeatAsync(browser.App, businessEmail, "mia-annahme@example.de");
        await browser.App.CreateUserAsync("andere-annahme@werkstatt.example", Roles.Dealer, kind: AccountKind.Gewerblich);

        // Staff, desktop window: Fahrzeugannahme → Annahme starten.
        var staff = await browser.SignedInPageAsync("mia-annahme@example.de", javaScript: true, width: 1280);
        await staff.GetByRole(AriaRole.Link, new() { Name = "Fahrzeugannahme", Exact = true }).ClickAsync();
        await Assertions.Expect(staff.Locator("h1")).ToHaveTextAsync("Fahrzeugannahme");
        await PageChecks.AssertAccessibleAsync(staff, "Fahrzeugannahme");
        await staff.GetByLabel("Kundenfahrzeug").SelectOptionAsync(grantId);
        await staff.GetByLabel("Auftragsnummer (optional)").FillAsync("A-7");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Annahme starten" }).ClickAsync();
        await Assertions.Expect(staff.Locator("[role=status]")).ToContainTextAsync("Annahme gestartet.");
        var sessionUrl = new Uri(staff.Url).AbsolutePath;
        await PageChecks.AssertAccessibleAsync(staff, "Annahme (leer)");

        // Three items, keyboard only: the title has the focus, Enter saves; the kind by typing its first letter.
        await Assertions.Expect(staff.Locator("#Item_Title")).ToBeFocusedAsync();
        await staff.Keyboard.TypeAsync("Bremsbeläge vorne verschlissen");
        await staff.Keyboard.PressAsync("Enter");
        await Assertions.Expect(staff.Locator("[role=status]")).ToContainTextAsync("Punkt hinzugefügt.");
        await Assertions.Expect(staff.Locator("#Item_Title")).ToBeFocusedAsync();
        await staff.Keyboard.TypeAsync("Ölwechsel");
        await staff.Keyboard.PressAsync("Tab");
        await staff.Keyboard.TypeAsync("A"); // Art: Aufgabe
        await staff.Keyboard.PressAsync("Tab");
        await staff.Keyboard.PressAsync("Tab");
        await staff.Keyboard.PressAsync("Tab");
        await staff.Keyboard.PressAsync("Enter");
        await Assertions.Expect(staff.Locator("main table")).ToContainTextAsync("Ölwechsel");
        await staff.Keyboard.TypeAsync("Wischerblätter erneuern");
        await staff.Keyboard.PressAsync("Tab");
        await staff.Keyboard.TypeAsync("E"); // Art: Empfehlung
        await staff.Keyboard.PressAsync("Tab");
        await staff.Keyboard.PressAsync("Tab");
        await staff.Keyboard.PressAsync("Tab");
        await staff.Keyboard.PressAsync("Enter");
        await Assertions.Expect(staff.Locator("main table")).ToContainTextAsync("Wischerblätter erneuern");
        var kinds = await browser.App.WithDbAsync(db => db.IntakeItems.OrderBy(i => i.Id).Select(i => i.Kind.ToString()).ToListAsync());
        Assert.Equal(["Mangel", "Aufgabe", "Empfehlung"], kinds);

        // The same form sent twice (a double click, a retried request): one item.
        await staff.Locator("#Item_Title").FillAsync("Scheinwerfer einstellen");
        var body = await staff.EvaluateAsync<string>("() => new URLSearchParams(new FormData(document.querySelector(\"form[action*='handler=Punkt']\"))).toString()");
        var action = await staff.Locator("form[action*='handler=Punkt']").GetAttributeAsync("action");
        for (var i = 0; i < 2; i++)
        {
            var response = await staff.Context.APIRequest.PostAsync(action!, new()
            {
                Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, Data = body, MaxRedirects = 0,
            });
            Assert.Equal(302, response.Status);
        }
        Assert.Equal(1, await browser.App.WithDbAsync(db => db.IntakeItems.CountAsync(i => i.Title == "Scheinwerfer einstellen")));
        await staff.ReloadAsync();
        await Assertions.Expect(staff.Locator("main table tbody tr")).ToHaveCountAsync(4);

        await MarkAsync(staff, "Bremsbeläge vorne verschlissen", "erledigt");
        await MarkAsync(staff, "Ölwechsel", "erledigt");
        await PageChecks.AssertAccessibleAsync(staff, "Annahme mit Punkten");

        // An OBD readout, logged append-only.
        await staff.GetByRole(AriaRole.Link, new() { Name = "OBD-Auslesung oder GPS-Probefahrt erfassen" }).ClickAsync();
        await staff.GetByLabel("Art", new() { Exact = true }).SelectOptionAsync("ObdAuslesung");
        await staff.GetByLabel("Fehlercodes (nur OBD-Auslesung, optional)").FillAsync("P0301");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Protokoll speichern" }).ClickAsync();
        await Assertions.Expect(staff.Locator("[role=status]")).ToContainTextAsync("Protokoll gespeichert.");
        await PageChecks.AssertAccessibleAsync(staff, "Systemprotokoll");
        await browser.App.WithDbAsync(async db =>
        {
            var change = await Assert.ThrowsAsync<SqliteException>(() => db.SystemLogEvents.ExecuteUpdateAsync(s => s.SetProperty(e => e.FaultCodes, "P0000")));
            Assert.Contains(SystemLogTriggers.Message, change.Message);
            return 0;
        });

        // The board without JavaScript: no customer name, and it reloads itself.
        var board = await browser.SignedInPageAsync("mia-annahme@example.de", javaScript: false, width: 1280);
        await board.GotoAsync("/Betrieb/Annahme/Tafel");
        await Assertions.Expect(board.Locator("main table")).ToContainTextAsync("A-7");
        await Assertions.Expect(board.Locator("main")).Not.ToContainTextAsync("Kundin Sweep");
        await PageChecks.AssertAccessibleAsync(board, "Tafelansicht ohne JavaScript");
        var reload = await board.WaitForRequestAsync(r => r.Url.EndsWith("/Betrieb/Annahme/Tafel", StringComparison.Ordinal), new() { Timeout = 45_000 });
        Assert.Equal("GET", reload.Method);
        await board.Context.CloseAsync();

        // Close: the done items become one proposal, the open recommendation goes along.
        await staff.GotoAsync(sessionUrl);
        await staff.GetByRole(AriaRole.Link, new() { Name = "Annahme abschließen" }).ClickAsync();
        await PageChecks.AssertAccessibleAsync(staff, "Annahme abschließen");
        await staff.GetByLabel("Kategorie").SelectOptionAsync("Reparatur");
        await staff.GetByLabel("Kilometerstand (km)").FillAsync("12.800");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Annahme abschließen" }).ClickAsync();
        await Assertions.Expect(staff.Locator("[role=status]")).ToContainTextAsync("Annahme abgeschlossen.");
        await PageChecks.AssertAccessibleAsync(staff, "Annahme abgeschlossen");

        // Another business: 404 on the session.
        var other = await browser.SignedInPageAsync("andere-annahme@werkstatt.example", javaScript: true, width: 1280);
        var fenced = await other.GotoAsync(sessionUrl);
        Assert.Equal(404, fenced!.Status);
        await other.Context.CloseAsync();

        // The owner finds both in the Modul-Postfach.
        var owner = await browser.SignedInPageAsync(ownerEmail, javaScript: true, width: 1280);
        await owner.GotoAsync("/Module");
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("Bremsbeläge vorne verschlissen");
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("Empfehlungen der Werkstatt");
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("Wischerblätter erneuern");
        await PageChecks.AssertAccessibleAsync(owner, "Modul-Postfach mit Vorschlag und Empfehlung");
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Modul-Ereignisse");
        await Assertions.Expect(owner.Locator("main")).ToContainTextAsync("Fehlercodes: P0301");
        await PageChecks.AssertAccessibleAsync(owner, "Modul-Ereignisse mit Systemprotokoll");
        await owner.Context.CloseAsync();
        await staff.Context.CloseAsync();
    }

    private static async Task MarkAsync(IPage page, string title, string status)
    {
        await page.GetByLabel($"Status von „{title}“").SelectOptionAsync(new SelectOptionValue { Label = status });
        await page.GetByRole(AriaRole.Button, new() { Name = $"Speichern (Status von „{title}“)" }).PressAsync("Enter");
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("Status gespeichert.");
    }

    /// <summary>Walk-in by VIN (ADR 0019 item 9) at 320 px, JavaScript on and off: the form with an error, the unlinked session, its close and the board — axe on each.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_walk_in_by_VIN_is_accessible_at_320_px(bool javaScript)
    {
        // A business with a profile (seeded with one customer vehicle, which the walk-in does not touch).
        var ownerEmail = $"laufkunde-kundin-{javaScript}@example.de";
        await browser.App.CreateUserAsync(ownerEmail, Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, ownerEmail, 1);
        var (_, email) = await WorkshopSeed.GrantedBusinessAsync(browser.App, vehicleId, $"laufkunde-browser-{javaScript}@werkstatt.example", $"Laufkunde Browser {javaScript}");
        var page = await browser.SignedInPageAsync(email, javaScript, width: 320);
        await page.GotoAsync("/Betrieb/Annahme");
        await page.GetByRole(AriaRole.Link, new() { Name = "Fahrzeug per FIN annehmen" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Fahrzeug ohne Freigabe annehmen");
        await page.GetByLabel("Fahrgestellnummer (FIN)").FillAsync("WVWZZZ1JZ12");
        await page.GetByLabel("Marke und Modell (optional)").FillAsync("Skoda Octavia");
        await page.GetByRole(AriaRole.Button, new() { Name = "Annahme starten" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Bitte geben Sie die FIN mit allen 17 Zeichen ein.");
        await Assertions.Expect(page.GetByLabel("Marke und Modell (optional)")).ToHaveValueAsync("Skoda Octavia");
        await PageChecks.AssertAccessibleAsync(page, "Laufkunde mit Fehler");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Laufkunde mit Fehler");
        await page.GetByLabel("Fahrgestellnummer (FIN)").FillAsync(VehicleSeed.NewVin());
        await page.GetByRole(AriaRole.Button, new() { Name = "Annahme starten" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("Annahme gestartet.");
        await PageChecks.AssertAccessibleAsync(page, "Annahme ohne Freigabe");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Annahme ohne Freigabe");
        await page.GetByRole(AriaRole.Link, new() { Name = "Annahme abschließen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ohne Vorschlag abschließen" })).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(page, "Abschluss ohne Freigabe");
        await PageChecks.AssertNoHorizontalScrollAsync(page, "Abschluss ohne Freigabe");
        await page.GotoAsync("/Betrieb/Annahme/Tafel?anhalten=1");
        await Assertions.Expect(page.Locator("main table")).ToContainTextAsync("Skoda Octavia");
        await PageChecks.AssertAccessibleAsync(page, "Tafel mit Laufkunde");
        await page.Context.CloseAsync();
    }
}
