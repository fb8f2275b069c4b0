using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Platform;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Dashboard;

public sealed class DashboardTests(LtcFactory factory, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<LtcFactory>
{
    private DateOnly Today => Display.BerlinDate(factory.Clock.GetUtcNow());

    private async Task AddReminderAsync(string vehicleId, ReminderItem item, DateOnly? due = null, int? dueKm = null, int? everyMonths = null)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
        db.Reminders.Add(new Reminder(vehicle.Id, item, null, ReminderItems.DefaultCategory(item), due, dueKm, everyMonths, null, 30, 1000, Today,
            factory.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    private static AngleSharp.Dom.IElement Card(AngleSharp.Html.Dom.IHtmlDocument page, string vehicleId) =>
        page.QuerySelectorAll("ul.cards > li").Single(li => li.QuerySelector($"h3 a[href='/Fahrzeuge/{vehicleId}']") is not null);

    [Fact]
    public async Task Every_vehicle_shows_its_light_what_is_due_overdue_first_to_dos_and_documents_in_review()
    {
        const string email = "dashboard-halter@example.de";
        var client = await Flows.SignedInClientAsync(factory, email, Roles.Vip);
        // Seeded entries (Inspektion as Nachtrag, Ölwechsel, Reparatur) complete none of the reminders below.
        var (quiet, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 2);
        var (busy, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 3);
        await AddReminderAsync(busy, ReminderItem.Reifenwechsel, due: Today.AddDays(10));
        await AddReminderAsync(busy, ReminderItem.HuAu, due: Today.AddDays(-30));
        await AddReminderAsync(busy, ReminderItem.Inspektion, due: Today.AddDays(300));
        await AddReminderAsync(busy, ReminderItem.Bremsfluessigkeit, due: Today.AddDays(400));
        await DocumentSeed.CreateDocumentAsync(factory, busy, entry);
        await DocumentSeed.CreateDocumentAsync(factory, busy, entry);

        var (response, page) = await Html.GetAsync(client, "/Dashboard");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The vehicle with something overdue comes first.
        Assert.Equal($"/Fahrzeuge/{busy}", page.QuerySelector("ul.cards > li h3 a")!.GetAttribute("href"));
        var card = Card(page, busy);
        var due = card.QuerySelectorAll(".reminder-list > li").Select(li => li.QuerySelector("strong")!.TextContent).ToList();
        Assert.Equal(["HU/AU", "Reifenwechsel", "Inspektion"], due); // three at most, overdue first
        Assert.Contains("Überfällig", card.QuerySelectorAll(".reminder-list > li")[0].TextContent);
        Assert.Contains("2 Dokumente in Prüfung", card.TextContent);
        Assert.NotNull(card.QuerySelector(".light"));
        Assert.Contains("Trust-Ampel: Orange", card.TextContent); // quarantined documents cap at Orange
        Assert.Matches("\\d+ offene To-dos|1 offenes To-do", card.TextContent);

        var quietCard = Card(page, quiet);
        Assert.Contains("Noch keine Erinnerungen", quietCard.TextContent);
        Assert.Equal($"/Fahrzeuge/{quiet}/Erinnerungen", quietCard.QuerySelectorAll("a").Single(a => a.TextContent.Contains("einrichten")).GetAttribute("href"));
        Assert.DoesNotContain("in Prüfung", quietCard.TextContent);
    }

    [Fact]
    public async Task Another_owners_vehicles_never_appear()
    {
        await factory.CreateUserAsync("dashboard-fremd-a@example.de");
        var (foreign, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "dashboard-fremd-a@example.de", 1);
        var client = await Flows.SignedInClientAsync(factory, "dashboard-fremd-b@example.de", Roles.Dealer);
        var (_, page) = await Html.GetAsync(client, "/Dashboard");
        Assert.DoesNotContain(foreign, page.DocumentElement.OuterHtml);
        Assert.Contains("Sie haben noch kein Fahrzeug", Html.Text(page));
    }

    /// <summary>SPEC §17 and issue 15: the dashboard ≤ 30 KB on a first visit, ≤ 8 KB HTML later. Figure in docs/performance.md.</summary>
    [Fact]
    public async Task The_dashboard_with_twenty_vehicles_stays_within_its_byte_budget()
    {
        const string email = "dashboard-flotte@example.de";
        var client = await Flows.SignedInClientAsync(factory, email, Roles.Dealer);
        for (var i = 0; i < 22; i++)
        {
            var (id, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 3);
            await AddReminderAsync(id, ReminderItem.HuAu, due: Today.AddDays(-i));
            await AddReminderAsync(id, ReminderItem.Oelwechsel, dueKm: 5_000 + i);
            await AddReminderAsync(id, ReminderItem.Inspektion, due: Today.AddDays(20 + i));
        }
        var (response, page) = await Html.GetAsync(client, "/Dashboard");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(20, page.QuerySelectorAll("ul.cards > li").Length);
        Assert.Contains("Alle 22 Fahrzeuge", Html.Text(page));
        var html = PlatformTests.Gzip(await response.Content.ReadAsByteArrayAsync());
        long assets = 0;
        foreach (var url in page.QuerySelectorAll("link[rel=stylesheet], script[src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!))
        {
            assets += PlatformTests.Gzip(await (await client.GetAsync(url)).Content.ReadAsByteArrayAsync());
        }
        Assert.True(html + assets <= 30 * 1024, $"Erster Besuch: {html + assets} Bytes komprimiert (HTML {html}, Assets {assets})");
        Assert.True(html <= 8 * 1024, $"Späterer Besuch: HTML {html} Bytes komprimiert");
        output.WriteLine($"BUDGET dashboard-20 html={html} assets={assets} first={html + assets}");
    }
}
