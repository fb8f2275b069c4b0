using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Fahrzeuge;

/// <summary>The timeline pages by keyset (issue 13): „Ältere“/„Neuere Einträge“ carry the entry at the page's edge, not a page number.</summary>
public sealed class TimelinePaginationTests(LtcFactory app) : IClassFixture<LtcFactory>
{
    private static List<string> GroupIds(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("ol.entry-list li a").Select(a => a.GetAttribute("href")!.Split('/')[^1]).ToList();

    private static string? Link(AngleSharp.Dom.IDocument page, string text) =>
        page.QuerySelectorAll("nav.pager a").FirstOrDefault(a => a.TextContent.Trim() == text)?.GetAttribute("href");

    [Fact]
    public async Task Walking_older_and_back_newer_shows_every_entry_once_in_order_including_entries_of_the_same_day()
    {
        const string email = "zeitleiste-seiten@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 117);
        // Three more on the day of the 60th entry: the id decides among them.
        var sameDay = await app.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicle);
            var day = new DateOnly(2000, 1, 1).AddDays(59 * 2);
            for (var i = 0; i < 3; i++)
            {
                db.Entries.Add(Entry.Create(v.Id, new EntryValues(day, EntryCategory.Pflege, BusinessType.Eigenleistung, null, 7000 + i, null, null, false),
                    v.OwnerId, app.Clock.GetUtcNow(), new DateOnly(2026, 11, 28)));
            }
            await db.SaveChangesAsync();
            return await db.Entries.Where(e => e.VehicleId == v.Id && e.IsLatest)
                .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Select(e => e.GroupId).ToListAsync();
        });
        Assert.Equal(120, sameDay.Count);

        var (first, page1) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Eintragung");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Null(Link(page1, "Neuere Einträge"));
        var older = Link(page1, "Ältere Einträge");
        Assert.NotNull(older);
        Assert.DoesNotContain("seite=", older, StringComparison.Ordinal);
        var (_, page2) = await Html.GetAsync(owner, older!);
        var (_, page3) = await Html.GetAsync(owner, Link(page2, "Ältere Einträge")!);
        Assert.Null(Link(page3, "Ältere Einträge"));

        var walked = GroupIds(page1).Concat(GroupIds(page2)).Concat(GroupIds(page3)).ToList();
        Assert.Equal(sameDay, walked);
        Assert.Equal([50, 50, 20], new[] { GroupIds(page1).Count, GroupIds(page2).Count, GroupIds(page3).Count });

        var (_, back) = await Html.GetAsync(owner, Link(page3, "Neuere Einträge")!);
        Assert.Equal(GroupIds(page2), GroupIds(back));
        var (_, backToFirst) = await Html.GetAsync(owner, Link(back, "Neuere Einträge")!);
        Assert.Equal(GroupIds(page1), GroupIds(backToFirst));
        Assert.Null(Link(backToFirst, "Neuere Einträge"));
    }

    [Fact]
    public async Task An_unknown_cursor_or_another_owners_entry_shows_the_newest_entries()
    {
        const string email = "zeitleiste-cursor@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 60);
        await app.CreateUserAsync("zeitleiste-fremd@example.de", Roles.Vip);
        var (_, foreignEntry) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, "zeitleiste-fremd@example.de", 3);
        var (_, newest) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Eintragung");

        foreach (var query in new[] { "vor=gibt-es-nicht", $"vor={foreignEntry}", $"nach={foreignEntry}", "seite=2147483647", "vor=" + new string('x', 5000) })
        {
            var (response, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Eintragung?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(GroupIds(newest), GroupIds(page));
        }
    }
}
