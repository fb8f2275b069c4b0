using System.Net;
using Ical.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Infrastructure.Reminders;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge.Erinnerungen;

/// <summary>The secret calendar address: created on the profile, read by an independent iCalendar parser, rotated, revoked.</summary>
public sealed class CalendarFeedTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private DateOnly Today => Display.BerlinDate(factory.Clock.GetUtcNow());

    private async Task AddReminderAsync(string vehicleId, ReminderItem item, string? title, DateOnly? due, int? dueKm = null)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
        db.Reminders.Add(new Reminder(vehicle.Id, item, title, ReminderItems.DefaultCategory(item), due, dueKm, null, null, 30, 1000, Today,
            factory.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    private static async Task<string> CreateFeedAsync(HttpClient client, string buttonName = "Kalender-Adresse erzeugen")
    {
        var (_, page) = await Html.GetAsync(client, "/Profil/Kalender");
        var form = page.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("main form").Single(f => f.TextContent.Contains(buttonName, StringComparison.Ordinal));
        Html.AssertRedirect(await Html.SubmitFormAsync(client, form, new Dictionary<string, string>()), "/Profil/Kalender");
        var (_, shown) = await Html.GetAsync(client, "/Profil/Kalender");
        var url = shown.QuerySelector("code.secret")?.TextContent.Trim();
        Assert.True(url is not null, Html.Text(shown));
        Assert.StartsWith("https://lifetimecircle.example/kalender/", url);
        Assert.EndsWith(".ics", url);
        // Shown once: the next visit no longer has it.
        var (_, again) = await Html.GetAsync(client, "/Profil/Kalender");
        Assert.Null(again.QuerySelector("code.secret"));
        return new Uri(url!).PathAndQuery;
    }

    [Fact]
    public async Task The_feed_lists_every_due_reminder_as_an_all_day_event_readable_by_an_independent_parser()
    {
        const string email = "kalender@example.de";
        var client = await Flows.SignedInClientAsync(factory, email, Roles.Vip);
        var (golf, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1);
        var (second, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1);
        await AddReminderAsync(golf, ReminderItem.HuAu, null, Today.AddDays(40));
        await AddReminderAsync(second, ReminderItem.Sonstiges, "Klima; Filter, \\ Öl – Text für die Faltung nach 75 Oktetten", Today.AddDays(-3));
        await AddReminderAsync(second, ReminderItem.Oelwechsel, null, null, dueKm: 200_000); // no date: not in the calendar
        var path = await CreateFeedAsync(client);

        var anonymous = factory.CreateBrowserClient();
        var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.All(body.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));

        var calendar = Calendar.Load(body)!;
        var events = calendar.Events.OrderBy(e => e.Start!.Value).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.False(e.Start!.HasTime));
        Assert.Equal(Today.AddDays(-3), DateOnly.FromDateTime(events[0].Start!.Value));
        Assert.Equal("Klima; Filter, \\ Öl – Text für die Faltung nach 75 Oktetten fällig – Volkswagen Golf", events[0].Summary);
        Assert.StartsWith("Überfällig: überfällig seit 3 Tagen", events[0].Description);
        Assert.Equal(Today.AddDays(40), DateOnly.FromDateTime(events[1].Start!.Value));
        Assert.Equal("HU/AU fällig – Volkswagen Golf", events[1].Summary);
        Assert.Equal($"https://lifetimecircle.example/Fahrzeuge/{golf}/Erinnerungen", events[1].Url!.ToString());
        Assert.Equal(2, events.Select(e => e.Uid).Distinct().Count());
        Assert.DoesNotContain(path.Split('/')[^1].Replace(".ics", "", StringComparison.Ordinal), factory.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_address_replaces_the_old_one_and_a_revoked_one_answers_like_an_unknown_one()
    {
        const string email = "kalender-wechsel@example.de";
        var client = await Flows.SignedInClientAsync(factory, email);
        var first = await CreateFeedAsync(client);
        var anonymous = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(first)).StatusCode);

        var second = await CreateFeedAsync(client, "Neue Adresse erzeugen (alte wird ungültig)");
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(second)).StatusCode);

        var (_, page) = await Html.GetAsync(client, "/Profil/Kalender");
        var revoke = page.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("main form").Single(f => f.TextContent.Contains("ausschalten", StringComparison.Ordinal));
        Html.AssertRedirect(await Html.SubmitFormAsync(client, revoke, new Dictionary<string, string>()), "/Profil/Kalender");
        var revoked = await anonymous.GetAsync(second);
        var unknown = await anonymous.GetAsync($"/kalender/{LifeTimeCircle.Domain.Vehicles.PublicIds.New()}.ics");
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((await unknown.Content.ReadAsStringAsync()).Length, (await revoked.Content.ReadAsStringAsync()).Length);
        Assert.Equal(0, await factory.WithDbAsync(db => db.CalendarFeeds.CountAsync(f => db.Users.Any(u => u.Id == f.UserId && u.Email == email))));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.Action.StartsWith("CALENDAR_FEED_")).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.CalendarFeedCreated, audit);
        Assert.Contains(AuditActions.CalendarFeedRevoked, audit);
    }

    [Fact]
    public void The_writer_escapes_text_and_folds_long_lines_without_splitting_characters()
    {
        var ics = ICalendarWriter.Write("Test", [new ICalendarWriter.AllDayEvent("u1", new DateOnly(2027, 3, 14),
            new string('ä', 60) + ";,\\\nZeile", "d", "https://lifetimecircle.example/x")], new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        Assert.All(ics.Split("\r\n").Where(l => l.Length > 0), l => Assert.True(System.Text.Encoding.UTF8.GetByteCount(l) <= 75));
        Assert.Equal(new string('ä', 60) + ";,\\\nZeile", Calendar.Load(ics)!.Events.Single().Summary);
        Assert.Contains("DTSTART;VALUE=DATE:20270314\r\n", ics);
        Assert.Contains("DTEND;VALUE=DATE:20270315\r\n", ics);
    }
}
