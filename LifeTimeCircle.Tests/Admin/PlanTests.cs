using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Notifications;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Plans;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Admin;

/// <summary>Issue 19 item 1: Tarife, „Upgrade anfragen“, grants with reason, step-up, audit, an optional last day and its expiry job.</summary>
public sealed class PlanTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task<string> RoleOfAsync(string userId)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.GetRolesAsync((await users.FindByIdAsync(userId))!)).Single();
    }

    private async Task<bool> CanAddAsync(string userId) => await factory.WithDbAsync(async db =>
        await VehicleLimit.CanAddAsync(db, userId, [await RoleOfAsync(userId)], CancellationToken.None));

    private async Task AddVehicleAsync(string userId)
    {
        var email = await factory.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync());
        await LifeTimeCircle.Tests.Fahrzeuge.VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 0);
    }

    private async Task StepUpAsync(HttpClient admin, string key, string returnUrl)
    {
        var (_, confirm) = await Html.GetAsync(admin, "/Admin/Bestaetigen?returnUrl=" + Uri.EscapeDataString(returnUrl));
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var done = await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = Totp.Compute(key, factory.Clock.GetUtcNow()) });
        Html.AssertRedirect(done, returnUrl.Split('?')[0]);
    }

    [Fact]
    public async Task The_tarife_page_is_public_and_the_paywall_links_to_it()
    {
        var (response, doc) = await Html.GetAsync(factory.CreateBrowserClient(), "/Tarife");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Html.Text(doc);
        Assert.Contains("ein Fahrzeug", text);
        Assert.Contains("beliebig viele Fahrzeuge", text);
        Assert.Contains("Bezahlung", text); // the shipped zahlung.md
        Assert.Contains("Anmelden", text);

        var user = await factory.CreateUserAsync("paywall-tarife@example.de");
        await AddVehicleAsync(user.Id);
        var client = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(client, "paywall-tarife@example.de"), "/");
        var (_, neu) = await Html.GetAsync(client, "/Fahrzeuge/Neu");
        Assert.Contains(neu.QuerySelectorAll("a"), a => a.TextContent.Contains("Tarife und Upgrade", StringComparison.Ordinal) && a.GetAttribute("href") == "/Tarife");
    }

    [Fact]
    public async Task An_upgrade_request_reaches_the_admins_once()
    {
        var client = await Flows.SignedInClientAsync(factory, "upgrade@example.de");
        var (_, form) = await Html.GetAsync(client, "/Tarife/Anfrage");
        var missing = await Html.SubmitAsync(client, form, new Dictionary<string, string> { ["Input.Message"] = "Bitte bis Ende März" });
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        var missingDoc = await Html.ParseAsync(missing);
        Assert.Contains("Bitte wählen Sie", Html.Text(missingDoc));
        Assert.Equal("Bitte bis Ende März", missingDoc.QuerySelector("textarea")!.TextContent.Trim());

        var sent = await Html.SubmitAsync(client, missingDoc, new Dictionary<string, string> { ["Input.Topic"] = "UpgradeVip" });
        Html.AssertRedirect(sent, "/Tarife/Anfrage");
        var (_, again) = await Html.GetAsync(client, "/Tarife/Anfrage");
        Assert.Contains("in Bearbeitung", Html.Text(again));
        Assert.Null(again.QuerySelector("main form[method=post]"));

        var (admin, _) = await Flows.AdminClientAsync(factory, "anfragen-admin@example.de");
        var (list, listDoc) = await Html.GetAsync(admin, "/Admin/Anfragen");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var row = listDoc.QuerySelectorAll("tbody tr").Single(tr => tr.TextContent.Contains("u***@e***.de", StringComparison.Ordinal));
        Assert.Contains("Upgrade auf VIP", row.TextContent);
        Assert.Contains("Bitte bis Ende März", row.TextContent);
        Assert.DoesNotContain("upgrade@example.de", Html.Text(listDoc));
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, row.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form")!, new Dictionary<string, string>()), "/Admin/Anfragen");
        Assert.Equal(SupportStatus.Geloest, await factory.WithDbAsync(db => db.SupportRequests.Where(r => r.Message == "Bitte bis Ende März").Select(r => r.Status).SingleAsync()));
        var audited = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.Action.StartsWith("SUPPORT_REQUEST_")).Select(a => a.Action + ":" + a.MetadataJson).ToListAsync());
        Assert.Equal(2, audited.Count);
        Assert.DoesNotContain(audited, a => a.Contains("Ende", StringComparison.Ordinal)); // the message never reaches the audit

        // Users cannot see the admin list; moderators cannot file requests.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Admin/Anfragen")).StatusCode);
        var moderator = await Flows.SignedInClientAsync(factory, "tarife-moderation@example.de", Roles.Moderator);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync("/Tarife/Anfrage")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync("/Admin/Freischaltungen")).StatusCode);
    }

    [Fact]
    public async Task A_grant_with_a_last_day_ends_by_the_expiry_job_and_the_user_is_told()
    {
        var user = await factory.CreateUserAsync("befristet@example.de");
        await AddVehicleAsync(user.Id);
        Assert.False(await CanAddAsync(user.Id));
        var (admin, key) = await Flows.AdminClientAsync(factory, "grant-admin@example.de");
        var page = "/Admin/Freischaltungen?nutzer=" + user.Id;

        var (_, doc) = await Html.GetAsync(admin, page);
        var lastDay = Display.BerlinDate(factory.Clock.GetUtcNow()).AddDays(3);
        var values = new Dictionary<string, string>
        {
            ["Grant.Kind"] = "ExtraVehicles", ["Grant.ExtraVehicles"] = "1", ["Grant.EndsOn"] = lastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Grant.Reason"] = "Zahlung erhalten",
        };
        Html.AssertRedirect(await Html.SubmitAsync(admin, doc, values, "form[action*='handler=Grant']"), "/Admin/Bestaetigen");
        Assert.Equal(0, await factory.WithDbAsync(db => db.Entitlements.CountAsync(e => e.UserId == user.Id)));

        await StepUpAsync(admin, key, page);
        (_, doc) = await Html.GetAsync(admin, page);
        var noReason = await Html.SubmitAsync(admin, doc, new Dictionary<string, string>(values) { ["Grant.Reason"] = "" }, "form[action*='handler=Grant']");
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("Bitte geben Sie einen Grund an.", Html.Text(await Html.ParseAsync(noReason)));
        Html.AssertRedirect(await Html.SubmitAsync(admin, doc, values, "form[action*='handler=Grant']"), "/Admin/Freischaltungen");
        Assert.True(await CanAddAsync(user.Id));
        var (_, granted) = await Html.GetAsync(admin, page);
        Assert.Contains(Display.Date(lastDay), Html.Text(granted));

        // Still valid on its last day; the hourly job ends it after that day (Berlin).
        factory.Clock.Advance(TimeSpan.FromDays(3));
        await Jobs.ScheduleRecurringAsync(factory.Services);
        await Jobs.DrainAsync(factory, EntitlementExpiry.Kind);
        Assert.True(await CanAddAsync(user.Id));
        factory.Clock.Advance(TimeSpan.FromDays(1));
        using (var scope = factory.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PlanGrants>().ExpireDueAsync(CancellationToken.None));
        }
        Assert.False(await CanAddAsync(user.Id));
        var notes = await factory.WithDbAsync(db => db.Notifications.Where(n => n.UserId == user.Id && n.Category == NotificationCategory.Plan).Select(n => n.Title).ToListAsync());
        Assert.Equal(["Freischaltung erteilt", "Freischaltung beendet"], notes);
        await Outbox.DeliverAsync(factory);
        Assert.Contains(await Outbox.MessagesToAsync(factory, "befristet@example.de"), m => (m.Subject ?? "").Contains("Freischaltung beendet", StringComparison.Ordinal));
        var actions = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == user.Id && a.Action.StartsWith("ENTITLEMENT_")).Select(a => a.Action + ":" + a.ActorType).ToListAsync());
        Assert.Equal(["ENTITLEMENT_GRANTED:user", "ENTITLEMENT_EXPIRED:system"], actions);
        Assert.DoesNotContain(await factory.WithDbAsync(db => db.AuditEvents.Select(a => a.MetadataJson).ToListAsync()), m => m.Contains("Zahlung erhalten", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vip_is_granted_and_revoked_with_a_reason_and_the_role_follows()
    {
        var user = await factory.CreateUserAsync("vip-grant@example.de");
        await AddVehicleAsync(user.Id);
        var (admin, key) = await Flows.AdminClientAsync(factory, "vip-admin@example.de");
        var page = "/Admin/Freischaltungen?nutzer=" + user.Id;
        await StepUpAsync(admin, key, page);
        var (_, doc) = await Html.GetAsync(admin, page);
        Html.AssertRedirect(await Html.SubmitAsync(admin, doc, new Dictionary<string, string> { ["Grant.Kind"] = "Vip", ["Grant.Reason"] = "Kulanz" },
            "form[action*='handler=Grant']"), "/Admin/Freischaltungen");
        Assert.Equal(Roles.Vip, await RoleOfAsync(user.Id));
        Assert.True(await CanAddAsync(user.Id));

        // A second VIP grant is refused (only the free plan gets grants).
        (_, doc) = await Html.GetAsync(admin, page);
        var refused = await Html.SubmitAsync(admin, doc, new Dictionary<string, string> { ["Grant.Kind"] = "Vip", ["Grant.Reason"] = "doppelt" }, "form[action*='handler=Grant']");
        Assert.Contains("nur für Konten im kostenlosen Tarif", Html.Text(await Html.ParseAsync(refused)));

        var revoke = doc.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Revoke']")!;
        var empty = await Html.SubmitFormAsync(admin, revoke, new Dictionary<string, string> { ["Revoke.Reason"] = "" });
        Assert.Contains("Bitte geben Sie einen Grund an.", Html.Text(await Html.ParseAsync(empty)));
        Assert.Equal(Roles.Vip, await RoleOfAsync(user.Id));
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, revoke, new Dictionary<string, string> { ["Revoke.Reason"] = "Zahlung storniert" }), "/Admin/Freischaltungen");
        Assert.Equal(Roles.User, await RoleOfAsync(user.Id));
        Assert.False(await CanAddAsync(user.Id));
        var (_, ended) = await Html.GetAsync(admin, page);
        Assert.Contains("Zahlung storniert", Html.Text(ended));
        var actions = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == user.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.EntitlementGranted, actions);
        Assert.Contains(AuditActions.EntitlementRevoked, actions);
        Assert.Equal(2, actions.Count(a => a == AuditActions.RoleGranted));

        // Another account's grant cannot be revoked through this account's page.
        var other = await factory.CreateUserAsync("vip-other@example.de");
        var otherPage = "/Admin/Freischaltungen?nutzer=" + other.Id;
        var (_, otherDoc) = await Html.GetAsync(admin, otherPage);
        Assert.Null(otherDoc.QuerySelector("form[action*='handler=Revoke']"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/Freischaltungen?nutzer=gibt-es-nicht")).StatusCode);
    }
}
