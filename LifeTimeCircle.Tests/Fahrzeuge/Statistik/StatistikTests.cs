using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Pages.Fahrzeuge.Statistik;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge.Statistik;

/// <summary>Tab „Statistik“: odometer curve with flagged readings marked, costs per year and per category, each with a table.</summary>
public sealed class StatistikTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    [Fact]
    public async Task The_owner_sees_the_odometer_curve_with_the_flagged_reading_and_the_costs_as_svg_and_tables()
    {
        const string email = "statistik@example.de";
        var owner = await Flows.SignedInClientAsync(factory, email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 9);
        await factory.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicleId);
            var flaggedEntry = await db.Entries.Where(e => e.VehicleId == v.Id && e.IsLatest).OrderBy(e => e.Date).Skip(4).FirstAsync();
            db.OdometerFlags.Add(new OdometerFlag(v.Id, flaggedEntry.Id, OdometerFlagKind.LowerThanEarlier, 1300, flaggedEntry.Date.AddDays(-2), factory.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });

        var (response, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Statistik");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("page", page.QuerySelector("nav.tabs a[href$='/Statistik']")!.GetAttribute("aria-current"));
        var svgs = page.QuerySelectorAll("figure svg[role=img]");
        Assert.Equal(3, svgs.Length);
        Assert.Equal(9, svgs[0].QuerySelector("polyline")!.GetAttribute("points")!.Split(' ').Length);
        var marked = Assert.Single(svgs[0].QuerySelectorAll("rect"));
        Assert.Contains("Auffällig: 09.01.2000, 1.400 km", marked.TextContent, StringComparison.Ordinal);
        Assert.Equal(8, svgs[0].QuerySelectorAll("circle").Length);

        var tables = page.QuerySelectorAll("table");
        Assert.Equal(3, tables.Length);
        var kmRows = tables[0].QuerySelectorAll("tbody tr");
        Assert.Equal(9, kmRows.Length);
        Assert.Equal(["09.01.2000", "1.400 km", "Auffällig (offen)"], kmRows[4].QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        // Costs: entries 0, 4 and 8 have 123,45 €, 123,49 €, 123,53 € — all in 2000.
        Assert.Equal(["2000", "370,47 €"], Assert.Single(tables[1].QuerySelectorAll("tbody tr")).QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Equal(["HU/AU", "Inspektion", "Sonstiges"],
            tables[2].QuerySelectorAll("tbody tr td:first-child").Select(td => td.TextContent).Order(StringComparer.Ordinal).ToList());

        var other = await Flows.SignedInClientAsync(factory, "statistik-andere@example.de");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Fahrzeuge/{vehicleId}/Statistik")).StatusCode);
    }

    [Fact]
    public async Task Without_entries_the_page_says_what_to_do()
    {
        const string email = "statistik-leer@example.de";
        var owner = await Flows.SignedInClientAsync(factory, email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 0);
        var (_, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Statistik");
        Assert.Empty(page.QuerySelectorAll("svg"));
        Assert.Contains("Noch keine Einträge", Html.Text(page), StringComparison.Ordinal);
        Assert.Contains("Noch keine Kosten erfasst", Html.Text(page), StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_geometry_puts_the_earliest_reading_left_and_the_highest_on_top()
    {
        var points = VehicleCharts.Odometer([new(new DateOnly(2020, 1, 1), 10_000, false), new(new DateOnly(2010, 1, 1), 0, false), new(new DateOnly(2015, 1, 1), 5_000, true)]);
        Assert.Equal([0, 5_000, 10_000], points.Select(p => p.Reading.Km));
        Assert.Equal(VehicleCharts.Left, points[0].X);
        Assert.Equal(VehicleCharts.Width - VehicleCharts.Right, points[2].X);
        Assert.Equal(VehicleCharts.Top, points[2].Y);
        Assert.Equal(VehicleCharts.Height - VehicleCharts.Bottom, points[0].Y);
        var years = VehicleCharts.PerYear([(new DateOnly(2020, 5, 1), 100), (new DateOnly(2022, 1, 1), 300), (new DateOnly(2022, 7, 1), 100)]);
        Assert.Equal([("2020", 100L), ("2021", 0L), ("2022", 400L)], years);
        var bars = VehicleCharts.Bars(years);
        Assert.Equal(0, bars[1].Height);
        Assert.Equal(VehicleCharts.Height - VehicleCharts.Top - VehicleCharts.Bottom, bars[2].Height, 3);
        Assert.Equal("12.5", VehicleCharts.Coord(12.49));
    }
}
