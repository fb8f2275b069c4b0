using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Fahrzeuge.Erinnerungen;

/// <summary>Reminder pages through their real forms, with the fake clock deciding „today“.</summary>
public sealed class ReminderTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private DateOnly Today => Display.BerlinDate(factory.Clock.GetUtcNow());

    internal static async Task<(HttpClient Client, string VehicleId)> OwnerWithVehicleAsync(LtcFactory factory, string email)
    {
        var client = await Flows.SignedInClientAsync(factory, email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 0);
        return (client, vehicleId);
    }

    private static async Task AddEntryAsync(HttpClient client, string vehicleId, string date, string category, string km)
    {
        var (_, form) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Eintragung/Neu");
        var response = await Html.SubmitAsync(client, form, new Dictionary<string, string>
        {
            ["Input.Date"] = date, ["Input.Category"] = category, ["Input.PerformedBy"] = "Fachwerkstatt", ["Input.Odometer"] = km,
        });
        Html.AssertRedirect(response, $"/Fahrzeuge/{vehicleId}/Eintragung");
    }

    internal static async Task<HttpResponseMessage> AddReminderAsync(HttpClient client, string vehicleId, Dictionary<string, string> values)
    {
        var (_, form) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Erinnerungen/Neu");
        return await Html.SubmitAsync(client, form, values);
    }

    internal static async Task<string> ReminderTextAsync(HttpClient client, string vehicleId, string name)
    {
        var (response, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = page.QuerySelectorAll(".reminder-list > li").FirstOrDefault(li => li.QuerySelector("strong")?.TextContent == name);
        Assert.True(item is not null, $"Erinnerung {name} fehlt:\n{Html.Text(page)}");
        return System.Text.RegularExpressions.Regex.Replace(item!.TextContent, "\\s+", " ").Trim();
    }

    [Fact]
    public async Task The_vehicle_tabs_lead_to_the_reminders_by_a_visible_german_link()
    {
        var (client, vehicleId) = await OwnerWithVehicleAsync(factory, "tabs-erinnerung@example.de");
        var (_, vehicle) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}");
        var link = vehicle.QuerySelectorAll("nav.tabs a").Single(a => a.TextContent.Trim() == "Erinnerungen");
        Assert.Equal($"/Fahrzeuge/{vehicleId}/Erinnerungen", link.GetAttribute("href"));
    }

    [Fact]
    public async Task A_reminder_due_by_km_flips_to_overdue_when_an_entry_with_a_higher_odometer_is_saved()
    {
        var (client, vehicleId) = await OwnerWithVehicleAsync(factory, "km-erinnerung@example.de");
        await AddEntryAsync(client, vehicleId, Display.Date(Today.AddDays(-20)), "Inspektion", "100.000");
        Html.AssertRedirect(await AddReminderAsync(client, vehicleId, new() { ["Input.Item"] = "Oelwechsel", ["Input.DueKm"] = "101.000" }),
            $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        var before = await ReminderTextAsync(client, vehicleId, "Ölwechsel");
        Assert.Contains("Bald fällig", before);
        Assert.Contains("fällig in 1.000 km", before);

        await AddEntryAsync(client, vehicleId, Display.Date(Today), "Reparatur", "101.200");
        var after = await ReminderTextAsync(client, vehicleId, "Ölwechsel");
        Assert.Contains("Überfällig", after);
        Assert.Contains("überfällig seit 200 km", after);
    }

    [Fact]
    public async Task A_recurring_reminder_is_completed_by_a_matching_entry_and_rescheduled_from_it()
    {
        var (client, vehicleId) = await OwnerWithVehicleAsync(factory, "wiederkehrend@example.de");
        Html.AssertRedirect(await AddReminderAsync(client, vehicleId, new()
        {
            ["Input.Item"] = "HuAu", ["Input.DueDate"] = Display.Date(Today.AddDays(-10)), ["Input.EveryMonths"] = "24",
        }), $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        Assert.Contains("überfällig seit 10 Tagen", await ReminderTextAsync(client, vehicleId, "HU/AU"));

        // An entry of another category does not complete it; the HU entry does, and the next HU is 24 months later.
        await AddEntryAsync(client, vehicleId, Display.Date(Today), "Inspektion", "50.000");
        Assert.Contains("Überfällig", await ReminderTextAsync(client, vehicleId, "HU/AU"));
        await AddEntryAsync(client, vehicleId, Display.Date(Today.AddDays(-1)), "HuAu", "50.000");
        var next = await ReminderTextAsync(client, vehicleId, "HU/AU");
        Assert.Contains("Geplant", next);
        Assert.Contains("fällig am " + Display.Date(Today.AddDays(-1).AddMonths(24)), next);
    }

    [Fact]
    public async Task Suggestions_are_offered_unticked_and_only_the_chosen_ones_are_created_once()
    {
        var (client, vehicleId) = await OwnerWithVehicleAsync(factory, "vorlagen@example.de");
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        var boxes = page.QuerySelectorAll("input[name=Vorlagen]").Cast<AngleSharp.Html.Dom.IHtmlInputElement>().ToList();
        Assert.Equal(6, boxes.Count);
        Assert.All(boxes, b => Assert.False(b.IsChecked));

        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Vorlagen']")!;
        var content = new FormUrlEncodedContent(
        [
            new("Vorlagen", "HuAu"), new("Vorlagen", "Oelwechsel"),
            new("__RequestVerificationToken", form.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value),
        ]);
        Html.AssertRedirect(await client.PostAsync(form.GetAttribute("action"), content), $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        Html.AssertRedirect(await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(
        [
            new("Vorlagen", "HuAu"),
            new("__RequestVerificationToken", form.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value),
        ])), $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        var items = await factory.WithDbAsync(db => db.Reminders.Where(r => db.Vehicles.Any(v => v.Id == r.VehicleId && v.PublicId == vehicleId))
            .Select(r => r.Item.ToString()).OrderBy(i => i).ToListAsync());
        Assert.Equal(["HuAu", "Oelwechsel"], items);
        Assert.Contains("noch kein Termin", await ReminderTextAsync(client, vehicleId, "HU/AU"));
        var (_, after) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        Assert.Equal(4, after.QuerySelectorAll("input[name=Vorlagen]").Length);
    }

    [Fact]
    public async Task Bad_input_gets_german_messages_and_keeps_what_was_typed()
    {
        var (client, vehicleId) = await OwnerWithVehicleAsync(factory, "falsch-erinnerung@example.de");
        var response = await AddReminderAsync(client, vehicleId, new()
        {
            ["Input.Item"] = "Sonstiges", ["Input.Title"] = "", ["Input.DueDate"] = "31.02.2026", ["Input.DueKm"] = "12,5", ["Input.EveryMonths"] = "viele",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        var text = Html.Text(page);
        Assert.Contains("Bitte geben Sie das Datum als TT.MM.JJJJ an", text);
        Assert.Contains("Bitte geben Sie den Kilometerstand als ganze Zahl an", text);
        Assert.Contains("Bitte geben Sie eine ganze Zahl an", text);
        Assert.Equal("31.02.2026", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_DueDate")!.Value);
        Assert.Equal("viele", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_EveryMonths")!.Value);

        var missing = await AddReminderAsync(client, vehicleId, new() { ["Input.Item"] = "Sonstiges", ["Input.Title"] = "Klima warten" });
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("Bitte geben Sie ein Fälligkeitsdatum, einen Kilometerstand oder ein Intervall an.", Html.Text(await Html.ParseAsync(missing)));
        var stored = await factory.WithDbAsync(db => db.Reminders.CountAsync(r => db.Vehicles.Any(v => v.Id == r.VehicleId && v.PublicId == vehicleId)));
        Assert.Equal(0, stored);
    }

    [Fact]
    public async Task A_reminder_is_deleted_after_confirmation_and_audited_without_free_text()
    {
        var (client, vehicleId) = await OwnerWithVehicleAsync(factory, "loeschen-erinnerung@example.de");
        Html.AssertRedirect(await AddReminderAsync(client, vehicleId, new()
        {
            ["Input.Item"] = "Sonstiges", ["Input.Title"] = "Geheimer Klimaservice", ["Input.EveryMonths"] = "12",
        }), $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        var (_, list) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        var deleteLink = list.QuerySelectorAll(".reminder-list a").Single(a => a.TextContent.StartsWith("Löschen", StringComparison.Ordinal)).GetAttribute("href")!;
        var (_, confirm) = await Html.GetAsync(client, deleteLink);
        Assert.Contains("Geheimer Klimaservice", Html.Text(confirm));
        Html.AssertRedirect(await Html.SubmitAsync(client, confirm, new Dictionary<string, string>()), $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        Assert.Equal(0, await factory.WithDbAsync(db => db.Reminders.CountAsync(r => db.Vehicles.Any(v => v.Id == r.VehicleId && v.PublicId == vehicleId))));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.Action.StartsWith("REMINDER_")).Select(a => a.Action + " " + a.MetadataJson).ToListAsync());
        Assert.Contains(audit, a => a.StartsWith(AuditActions.ReminderCreated, StringComparison.Ordinal));
        Assert.Contains(audit, a => a.StartsWith(AuditActions.ReminderDeleted, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.Contains("Klimaservice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_owners_reminders_are_not_found()
    {
        var (owner, vehicleId) = await OwnerWithVehicleAsync(factory, "besitzer-erinnerung@example.de");
        Html.AssertRedirect(await AddReminderAsync(owner, vehicleId, new() { ["Input.Item"] = "HuAu", ["Input.EveryMonths"] = "24" }),
            $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        var reminderId = await factory.WithDbAsync(db => db.Reminders.Where(r => db.Vehicles.Any(v => v.Id == r.VehicleId && v.PublicId == vehicleId))
            .Select(r => r.PublicId).SingleAsync());
        var (_, ownerDelete) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Erinnerungen/{reminderId}/Loeschen");
        var other = await Flows.SignedInClientAsync(factory, "fremd-erinnerung@example.de");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Fahrzeuge/{vehicleId}/Erinnerungen")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Fahrzeuge/{vehicleId}/Erinnerungen/Neu")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Fahrzeuge/{vehicleId}/Erinnerungen/{reminderId}/Loeschen")).StatusCode);
        // The other user's own antiforgery token, the owner's URL: still 404, and the reminder stays.
        var (_, otherPage) = await Html.GetAsync(other, "/Profil");
        var token = otherPage.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value;
        Assert.NotNull(token);
        var post = await other.PostAsync($"/Fahrzeuge/{vehicleId}/Erinnerungen/{reminderId}/Loeschen",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token!)]));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Reminders.CountAsync(r => r.PublicId == reminderId)));
        Assert.NotNull(ownerDelete);
    }
}

/// <summary>Moves the fake clock forward, so it has a factory (and clock) of its own.</summary>
public sealed class ReminderClockTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private DateOnly Today => Display.BerlinDate(factory.Clock.GetUtcNow());

    [Fact]
    public async Task A_reminder_due_by_date_goes_due_soon_then_overdue_as_the_clock_moves()
    {
        var (client, vehicleId) = await ReminderTests.OwnerWithVehicleAsync(factory, "datum-erinnerung@example.de");
        var due = Today.AddDays(21);
        Html.AssertRedirect(await ReminderTests.AddReminderAsync(client, vehicleId, new() { ["Input.Item"] = "HuAu", ["Input.DueDate"] = Display.Date(due) }),
            $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        var soon = await ReminderTests.ReminderTextAsync(client, vehicleId, "HU/AU");
        Assert.Contains("Bald fällig", soon);
        Assert.Contains("fällig in 3 Wochen", soon);

        // Six weeks later (the sign-in of then has long ended: sign in again).
        factory.Clock.Advance(TimeSpan.FromDays(42));
        var later = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(later, "datum-erinnerung@example.de"), "/");
        var late = await ReminderTests.ReminderTextAsync(later, vehicleId, "HU/AU");
        Assert.Contains("Überfällig", late);
        Assert.Contains("überfällig seit 3 Wochen", late);
    }
}
