using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Tests.Fahrzeuge.Dokumente;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LifeTimeCircle.Tests.Browser;

/// <summary>The app on Kestrel with a real clamd (test signatures); the test runs the scan queue itself.</summary>
public sealed class EvidenceBrowserFixture : BrowserFixture
{
    private readonly Dictionary<string, string> _settings;

    public EvidenceBrowserFixture() : this(new Dictionary<string, string> { ["LTC_JOBS_WORKER"] = "false" })
    {
    }

    private EvidenceBrowserFixture(Dictionary<string, string> settings) : base(new KestrelFactory(settings)) => _settings = settings;

    public ClamdFixture Clamd { get; } = new();

    public override async Task InitializeAsync()
    {
        await Clamd.InitializeAsync();
        _settings["LTC_CLAMAV"] = Clamd.Endpoint; // read when the app starts, in base.InitializeAsync
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Clamd.DisposeAsync();
    }
}

/// <summary>
/// Evidence end to end in a real browser: the owner photographs an invoice for an entry, clamd scans it, an admin
/// approves it in the quarantine queue, and the entry shows T3; an EICAR file is rejected automatically and the
/// owner sees why.
/// </summary>
public sealed class EvidenceBrowserTests(EvidenceBrowserFixture browser) : IClassFixture<EvidenceBrowserFixture>
{
    private async Task<int> ScanAllAsync()
    {
        return await Jobs.DrainAsync(browser.App.Services, ScanProcessor.Kind);
    }

    [Fact]
    public async Task A_photographed_invoice_is_scanned_approved_and_lifts_its_entry_to_T3_while_eicar_is_rejected()
    {
        const string email = "nachweis-browser@example.de";
        await browser.App.CreateUserAsync(email, Roles.User);
        var (vehicleId, entryId) = await VehicleSeed.CreateVehicleWithEntriesAsync(browser.App, email, 1);
        var owner = await browser.SignedInPageAsync(email, width: 360);

        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Eintragung");
        var badge = owner.Locator(".entry-list .badge").First;
        await Assertions.Expect(badge).Not.ToHaveTextAsync("T3");

        // The owner photographs the invoice for the entry.
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Dokumente/Neu");
        await owner.GetByLabel("Art des Dokuments").SelectOptionAsync("Rechnung");
        await owner.GetByLabel("Zu Eintrag (optional)").SelectOptionAsync(entryId);
        await owner.GetByLabel("Oder mit der Kamera fotografieren").SetInputFilesAsync(new FilePayload
        {
            Name = "rechnung.png", MimeType = "image/png", Buffer = TestImages.Png(1600, 1200),
        });
        await owner.GetByRole(AriaRole.Button, new() { Name = "Hochladen" }).ClickAsync();
        await Assertions.Expect(owner.Locator(".badge")).ToHaveTextAsync("in Prüfung");

        // clamd scans it: clean, but still waiting for a human decision.
        Assert.Equal(1, await ScanAllAsync());
        await owner.ReloadAsync();
        await Assertions.Expect(owner.Locator(".badge")).ToHaveTextAsync("in Prüfung");

        // An admin (with two-factor) approves it in the quarantine queue.
        await browser.App.CreateUserAsync("pruefer-browser@example.de", Roles.Admin);
        var admin = await browser.SignedInPageAsync("pruefer-browser@example.de", width: 360, twoFactor: true);
        await admin.GotoAsync("/Admin/Quarantaene");
        var row = admin.Locator(".entry-list > li").Filter(new() { HasText = "Scan: Clean" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Freigeben") }).ClickAsync();
        await Assertions.Expect(admin.Locator("[role=status]")).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(admin, "Quarantäne nach Freigabe");

        // The owner sees it approved, and the entry is now T3.
        await owner.ReloadAsync();
        await Assertions.Expect(owner.Locator(".badge")).ToHaveTextAsync("freigegeben");
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Eintragung");
        await Assertions.Expect(owner.Locator(".entry-list .badge").First).ToHaveTextAsync("T3");

        // EICAR disguised as a PDF: clamd finds it, the document is rejected automatically, the owner sees it.
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Dokumente/Neu");
        await owner.GetByLabel("Datei auswählen").SetInputFilesAsync(new FilePayload { Name = "rechnung-2.pdf", MimeType = "application/pdf", Buffer = ClamdFixture.EicarPdf });
        await owner.GetByRole(AriaRole.Button, new() { Name = "Hochladen" }).ClickAsync();
        await Assertions.Expect(owner.Locator(".badge")).ToHaveTextAsync("in Prüfung");
        Assert.Equal(1, await ScanAllAsync());
        await owner.ReloadAsync();
        await Assertions.Expect(owner.Locator(".badge")).ToHaveTextAsync("abgelehnt");
        await PageChecks.AssertAccessibleAsync(owner, "Abgelehntes Dokument");

        // A text file named .pdf never gets that far.
        await owner.GotoAsync($"/Fahrzeuge/{vehicleId}/Dokumente/Neu");
        await owner.GetByLabel("Datei auswählen").SetInputFilesAsync(new FilePayload { Name = "notiz.pdf", MimeType = "application/pdf", Buffer = "nur Text, kein PDF"u8.ToArray() });
        await owner.GetByRole(AriaRole.Button, new() { Name = "Hochladen" }).ClickAsync();
        await Assertions.Expect(owner.Locator(".error-summary")).ToContainTextAsync("Dieser Dateityp wird nicht angenommen. Erlaubt sind PDF, JPEG, PNG und WebP.");
        await Assertions.Expect(owner.Locator("h1")).ToHaveTextAsync("Nachweis hochladen");
        Assert.Equal(0, await ScanAllAsync());

        await owner.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }
}
