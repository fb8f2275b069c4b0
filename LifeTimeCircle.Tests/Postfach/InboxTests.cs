using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Infrastructure.Notifications;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Postfach;

/// <summary>The in-app inbox: an admin's decision on a document reaches the owner's inbox and the header count.</summary>
public sealed class InboxTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task<string> CleanDocumentAsync(string vehicleId, string entryId)
    {
        var docId = await DocumentSeed.CreateDocumentAsync(factory, vehicleId, entryId);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Documents.SingleAsync(d => d.PublicId == docId)).ScannedClean(factory.Clock.GetUtcNow());
        await db.SaveChangesAsync();
        return docId;
    }

    private static async Task DecideAsync(HttpClient admin, string docId, string handler, Dictionary<string, string>? values = null)
    {
        var (_, queue) = await Html.GetAsync(admin, "/Admin/Quarantaene");
        var form = queue.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>($"form[action*='handler={handler}']")
            .First(f => f.QuerySelector($"input[value='{docId}']") is not null);
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, form, values ?? new Dictionary<string, string>()), "/Admin/Quarantaene");
    }

    private static string HeaderLink(AngleSharp.Html.Dom.IHtmlDocument page) =>
        System.Text.RegularExpressions.Regex.Replace(page.QuerySelector("nav.nav a[href='/Postfach']")!.TextContent, "\\s+", " ").Trim();

    [Fact]
    public async Task The_owner_sees_document_approved_and_rejected_in_the_inbox_with_the_unread_count_in_the_header()
    {
        const string email = "postfach@example.de";
        var owner = await Flows.SignedInClientAsync(factory, email);
        var (vehicleId, entryId) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 2);
        var approved = await CleanDocumentAsync(vehicleId, entryId);
        var rejected = await CleanDocumentAsync(vehicleId, entryId);
        var (_, before) = await Html.GetAsync(owner, "/Fahrzeuge");
        Assert.Equal("Postfach", HeaderLink(before));

        var (admin, _) = await Flows.AdminClientAsync(factory, "postfach-admin@example.de");
        await DecideAsync(admin, approved, "Approve");
        await DecideAsync(admin, rejected, "Reject", new Dictionary<string, string> { ["Reason"] = "Unleserlich" });

        var (_, inbox) = await Html.GetAsync(owner, "/Postfach");
        Assert.Equal("Postfach (2) ungelesen", HeaderLink(inbox));
        var text = Html.Text(inbox);
        Assert.Contains("Dokument freigegeben", text);
        Assert.Contains("Dokument abgelehnt", text);
        Assert.DoesNotContain("Unleserlich", text); // free text of the reviewer stays on the document page
        Assert.Equal($"/Fahrzeuge/{vehicleId}", inbox.QuerySelector(".reminder-list a")!.GetAttribute("href"));

        var readOne = inbox.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Read']")
            .First(f => f.GetAttribute("action")!.Contains("handler=Read", StringComparison.Ordinal) && !f.GetAttribute("action")!.Contains("ReadAll", StringComparison.Ordinal));
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, readOne, new Dictionary<string, string>()), "/Postfach");
        var (_, afterOne) = await Html.GetAsync(owner, "/Postfach");
        Assert.Equal("Postfach (1) ungelesen", HeaderLink(afterOne));
        Html.AssertRedirect(await Html.SubmitAsync(owner, afterOne, new Dictionary<string, string>(), "main form[action*='handler=ReadAll']"), "/Postfach");
        var (_, afterAll) = await Html.GetAsync(owner, "/Postfach");
        Assert.Equal("Postfach", HeaderLink(afterAll));
        Assert.Equal(2, afterAll.QuerySelectorAll(".reminder-list > li").Length);
    }

    [Fact]
    public async Task Another_user_cannot_mark_someone_elses_message_and_moderators_get_403()
    {
        var owner = await factory.CreateUserAsync("postfach-a@example.de");
        string id;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var n = new Notification(owner.Id, NotificationCategory.DocumentDecision, "Dokument freigegeben", "Text", null, factory.Clock.GetUtcNow());
            db.Notifications.Add(n);
            await db.SaveChangesAsync();
            id = n.PublicId;
        }
        var other = await Flows.SignedInClientAsync(factory, "postfach-b@example.de");
        var (_, page) = await Html.GetAsync(other, "/Postfach");
        Assert.Contains("Keine Nachrichten", Html.Text(page));
        var token = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var response = await other.PostAsync("/Postfach?handler=Read",
            new FormUrlEncodedContent([new("notificationId", id), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await factory.WithDbAsync(db => db.Notifications.Where(n => n.PublicId == id).Select(n => n.ReadAt).SingleAsync()));

        var moderator = await Flows.SignedInClientAsync(factory, "postfach-mod@example.de", Roles.Moderator);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync("/Postfach")).StatusCode);
    }

    [Fact]
    public async Task Messages_older_than_90_days_are_purged_by_the_recurring_job()
    {
        var user = await factory.CreateUserAsync("postfach-alt@example.de");
        var now = factory.Clock.GetUtcNow();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Notifications.Add(new Notification(user.Id, NotificationCategory.Export, "Alt", "Text", null, now.AddDays(-91)));
        db.Notifications.Add(new Notification(user.Id, NotificationCategory.Export, "Neu", "Text", null, now.AddDays(-89)));
        await db.SaveChangesAsync();
        var purge = ActivatorUtilities.CreateInstance<NotificationPurge>(scope.ServiceProvider);
        await purge.RunAsync(new LifeTimeCircle.Infrastructure.Jobs.NoPayload(), null!, CancellationToken.None);
        Assert.Equal(["Neu"], await db.Notifications.Where(n => n.UserId == user.Id).Select(n => n.Title).ToListAsync());
    }
}
