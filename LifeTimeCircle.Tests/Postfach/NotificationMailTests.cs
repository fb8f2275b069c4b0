using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Infrastructure.Notifications;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace LifeTimeCircle.Tests.Postfach;

/// <summary>
/// Notifications by e-mail (issue 15, SPEC §14): at once with List-Unsubscribe and a working unsubscribe link without
/// sign-in, the daily digest (one a day, none when there is nothing), per-category settings on the profile and VIP quiet
/// hours that delay mail but not the in-app message. The fake clock starts at 28.11.2026 10:00 Berlin time.
/// </summary>
public sealed partial class NotificationMailTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task NotifyAsync(string userId, NotificationCategory category, string title)
    {
        using var scope = factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<Notifications>().ToUserAsync(userId, category, title, "Text zu " + title + ".", null, CancellationToken.None);
    }

    private async Task<int> DigestAsync()
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DailyDigest>().SendAsync(CancellationToken.None);
    }

    private Task<List<string>> InboxTitlesAsync(string userId) =>
        factory.WithDbAsync(db => db.Notifications.Where(n => n.UserId == userId).OrderBy(n => n.Id).Select(n => n.Title).ToListAsync());

    private static string UnsubscribePath(MimeMessage message)
    {
        var header = message.Headers[HeaderId.ListUnsubscribe];
        Assert.False(string.IsNullOrEmpty(header), "List-Unsubscribe fehlt");
        var url = new Uri(header.Trim().TrimStart('<').TrimEnd('>'));
        Assert.Equal("https", url.Scheme);
        Assert.Equal("lifetimecircle.example", url.Host);
        Assert.StartsWith("/abbestellen/", url.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains(url.ToString(), message.TextBody, StringComparison.Ordinal);
        return url.PathAndQuery;
    }

    [Fact]
    public async Task An_immediate_mail_carries_List_Unsubscribe_and_the_link_unsubscribes_without_signing_in()
    {
        const string email = "benachrichtigung-sofort@example.de";
        var user = await factory.CreateUserAsync(email);
        await NotifyAsync(user.Id, NotificationCategory.Export, "Export fertig");

        var mails = await Outbox.MessagesToAsync(factory, email);
        var mail = Assert.Single(mails);
        Assert.Equal("LifeTimeCircle: Export fertig", mail.Subject);
        Assert.Contains("Text zu Export fertig.", mail.TextBody, StringComparison.Ordinal);
        var path = UnsubscribePath(mail);
        Assert.DoesNotContain(user.Id, path, StringComparison.Ordinal);

        // Anonymous: GET only asks (link scanners open links), the POST switches off.
        var anonymous = factory.CreateBrowserClient();
        var (get, page) = await Html.GetAsync(anonymous, path);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("Exporte (fertig, fehlgeschlagen)", Html.Text(page));
        Assert.Equal(NotificationMail.Immediate, (await new NotificationPreferencesProbe(factory).ModeAsync(user.Id, NotificationCategory.Export)));
        var post = await Html.SubmitAsync(anonymous, page, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("keine E-Mails mehr", Html.Text(await Html.ParseAsync(post)));
        Assert.Equal(NotificationMail.None, await new NotificationPreferencesProbe(factory).ModeAsync(user.Id, NotificationCategory.Export));
        Assert.DoesNotContain(user.Id, factory.LogText, StringComparison.Ordinal);
        Assert.DoesNotContain(path, factory.LogText, StringComparison.Ordinal);

        // The next export message is in-app only; other categories still mail.
        await NotifyAsync(user.Id, NotificationCategory.Export, "Export fehlgeschlagen");
        await NotifyAsync(user.Id, NotificationCategory.DocumentDecision, "Dokument freigegeben");
        Assert.Equal(["LifeTimeCircle: Export fertig", "LifeTimeCircle: Dokument freigegeben"],
            (await Outbox.MessagesToAsync(factory, email)).Select(m => m.Subject).ToList());
        Assert.Equal(["Export fertig", "Export fehlgeschlagen", "Dokument freigegeben"], await InboxTitlesAsync(user.Id));
    }

    [Fact]
    public async Task A_forged_or_altered_unsubscribe_token_gets_the_neutral_404_and_changes_nothing()
    {
        var anonymous = factory.CreateBrowserClient();
        var (response, page) = await Html.GetAsync(anonymous, "/abbestellen/CfDJ8-erfunden");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Dieser Link ist ungültig", Html.Text(page));
        Assert.Empty(page.QuerySelectorAll("main form"));
    }

    [Fact]
    public async Task The_profile_page_saves_settings_per_category_and_digest_categories_wait_for_the_daily_digest()
    {
        const string email = "benachrichtigung-profil@example.de";
        var client = await Flows.SignedInClientAsync(factory, email);
        var userId = (await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email))).Id;
        var (_, page) = await Html.GetAsync(client, "/Profil/Benachrichtigungen");
        Assert.Equal(NotificationCategories.All.Count, page.QuerySelectorAll("input[name=Email]:checked").Length);
        Assert.Empty(page.QuerySelectorAll("select[name=QuietStart]")); // quiet hours are a VIP feature
        page.QuerySelector<IHtmlInputElement>("#digest-Reminder")!.IsChecked = true;
        page.QuerySelector<IHtmlInputElement>("#digest-Transfer")!.IsChecked = true;
        page.QuerySelector<IHtmlInputElement>("#email-Todo")!.IsChecked = false;
        Html.AssertRedirect(await Html.SubmitAsync(client, page, new Dictionary<string, string>()), "/Profil/Benachrichtigungen");
        var (_, saved) = await Html.GetAsync(client, "/Profil/Benachrichtigungen");
        Assert.True(saved.QuerySelector<IHtmlInputElement>("#digest-Reminder")!.IsChecked);
        Assert.False(saved.QuerySelector<IHtmlInputElement>("#email-Todo")!.IsChecked);
        Assert.True(saved.QuerySelector<IHtmlInputElement>("#email-Reminder")!.IsChecked);

        await NotifyAsync(userId, NotificationCategory.Reminder, "HU bald fällig");
        await NotifyAsync(userId, NotificationCategory.Transfer, "Übergabe abgeschlossen");
        await NotifyAsync(userId, NotificationCategory.Todo, "Neue To-dos");
        Assert.Empty(await Outbox.MessagesToAsync(factory, email)); // nothing at once
        Assert.Equal(3, (await InboxTitlesAsync(userId)).Count);    // but all in-app

        // Run twice on the same day: one digest with both, none for the in-app-only to-do.
        Assert.True(await DigestAsync() >= 1);
        Assert.Equal(0, await DigestAsync());
        var digest = Assert.Single(await Outbox.MessagesToAsync(factory, email));
        Assert.Equal("LifeTimeCircle: Ihr Tagesüberblick (2 Nachrichten)", digest.Subject);
        Assert.Contains("HU bald fällig", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("Übergabe abgeschlossen", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Neue To-dos", digest.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, UnsubscribeLinks().Count(digest.TextBody ?? "")); // one per category in the digest
        UnsubscribePath(digest);

        // Later the same day: it waits for tomorrow (never two a day).
        await NotifyAsync(userId, NotificationCategory.Reminder, "Ölwechsel überfällig");
        Assert.Equal(0, await DigestAsync());
        factory.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True(await DigestAsync() >= 1);
        var mails = await Outbox.MessagesToAsync(factory, email);
        Assert.Equal(2, mails.Count);
        Assert.Equal("LifeTimeCircle: Ihr Tagesüberblick (1 Nachricht)", mails[1].Subject);
        // Nothing waiting: no mail the day after.
        factory.Clock.Advance(TimeSpan.FromDays(1));
        await DigestAsync();
        Assert.Equal(2, (await Outbox.MessagesToAsync(factory, email)).Count);
        Assert.Equal(2, await factory.WithDbAsync(db => db.NotificationDigests.CountAsync(d => d.UserId == userId)));
    }

    [Fact]
    public async Task Quiet_hours_delay_a_VIPs_mail_but_not_the_in_app_message()
    {
        const string email = "benachrichtigung-vip@example.de";
        var client = await Flows.SignedInClientAsync(factory, email, Roles.Vip);
        var userId = (await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email))).Id;
        var (_, page) = await Html.GetAsync(client, "/Profil/Benachrichtigungen");
        Html.AssertRedirect(await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["QuietOn"] = "true", ["QuietStart"] = "22", ["QuietEnd"] = "7",
        }), "/Profil/Benachrichtigungen");

        // 23:30 Berlin (winter, UTC+1): the mail waits until 07:00, the inbox has it at once.
        var start = factory.Clock.GetUtcNow();
        var night = new DateTimeOffset(start.Year, start.Month, start.Day, 22, 30, 0, TimeSpan.Zero);
        if (night < start) night = night.AddDays(1);
        factory.Clock.SetUtcNow(night);
        await NotifyAsync(userId, NotificationCategory.DocumentDecision, "Dokument freigegeben");
        Assert.Equal(["Dokument freigegeben"], await InboxTitlesAsync(userId));
        Assert.Empty(await Outbox.MessagesToAsync(factory, email));
        factory.Clock.Advance(TimeSpan.FromHours(7)); // 06:30 Berlin
        Assert.Empty(await Outbox.MessagesToAsync(factory, email));
        factory.Clock.Advance(TimeSpan.FromMinutes(30)); // 07:00 Berlin
        Assert.Single(await Outbox.MessagesToAsync(factory, email));

        // Outside the quiet hours the mail goes at once.
        await NotifyAsync(userId, NotificationCategory.DocumentDecision, "Dokument abgelehnt");
        Assert.Equal(2, (await Outbox.MessagesToAsync(factory, email)).Count);
    }

    [Fact]
    public async Task Quiet_hours_of_a_user_who_is_no_longer_VIP_do_not_hold_mail_back()
    {
        const string email = "benachrichtigung-ex-vip@example.de";
        var user = await factory.CreateUserAsync(email);
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationPreferences>().SetQuietHoursAsync(user.Id, (0, 23), CancellationToken.None);
        }
        var local = LifeTimeCircle.Web.Display.InBerlin(factory.Clock.GetUtcNow());
        Assert.InRange(local.Hour, 0, 22);
        await NotifyAsync(user.Id, NotificationCategory.Export, "Export fertig");
        Assert.Single(await Outbox.MessagesToAsync(factory, email));
    }

    [Fact]
    public void Quiet_hours_spanning_midnight_end_the_next_morning()
    {
        var q = new QuietHours("u", 22, 7);
        Assert.Null(q.EndOf(new DateTime(2026, 12, 1, 21, 59, 0)));
        Assert.Equal(new DateTime(2026, 12, 2, 7, 0, 0), q.EndOf(new DateTime(2026, 12, 1, 22, 0, 0)));
        Assert.Equal(new DateTime(2026, 12, 2, 7, 0, 0), q.EndOf(new DateTime(2026, 12, 2, 3, 0, 0)));
        Assert.Null(q.EndOf(new DateTime(2026, 12, 2, 7, 0, 0)));
        var day = new QuietHours("u", 12, 14);
        Assert.Equal(new DateTime(2026, 12, 2, 14, 0, 0), day.EndOf(new DateTime(2026, 12, 2, 13, 15, 0)));
        Assert.Null(day.EndOf(new DateTime(2026, 12, 2, 23, 0, 0)));
        Assert.Throws<DomainException>(() => new QuietHours("u", 5, 5));
    }

    [GeneratedRegex("abbestellen \\(ohne Anmeldung\\): https://")]
    private static partial Regex UnsubscribeLinks();

    private sealed class NotificationPreferencesProbe(LtcFactory factory)
    {
        public async Task<NotificationMail> ModeAsync(string userId, NotificationCategory category)
        {
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<NotificationMailer>().ModeAsync(userId, category, CancellationToken.None);
        }
    }
}
