using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Admin;

public sealed class AdminUsersTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task<string> RoleOfAsync(string email)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.GetRolesAsync((await users.FindByEmailAsync(email))!)).Single();
    }

    private static AngleSharp.Html.Dom.IHtmlFormElement RowForm(AngleSharp.Html.Dom.IHtmlDocument doc, string userId, string handler) =>
        doc.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>($"form[action*='handler={handler}']")
            .First(f => f.QuerySelector($"input[name=UserId][value='{userId}']") is not null);

    [Fact]
    public async Task Role_changes_need_a_step_up_and_are_audited()
    {
        var target = await factory.CreateUserAsync("kundin@example.de");
        var (admin, key) = await Flows.AdminClientAsync(factory, "chef@example.de");

        var (list, doc) = await Html.GetAsync(admin, "/Admin/Benutzer");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("k***@e***.de", Html.Text(doc));
        Assert.DoesNotContain("kundin@example.de", Html.Text(doc));

        // Without step-up: sent to the confirmation page, nothing changes.
        var noStepUp = await Html.SubmitFormAsync(admin, RowForm(doc, target.Id, "Role"), new Dictionary<string, string> { ["NewRole"] = Roles.Vip });
        Html.AssertRedirect(noStepUp, "/Admin/Bestaetigen");
        Assert.Equal(Roles.User, await RoleOfAsync("kundin@example.de"));

        var (_, confirm) = await Html.GetAsync(admin, noStepUp.Headers.Location!.OriginalString);
        var wrong = await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = "falsch-falsch" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var confirmed = await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = Totp.Later(key, factory.Clock.GetUtcNow()) });
        Html.AssertRedirect(confirmed, "/Admin/Benutzer");

        var (_, again) = await Html.GetAsync(admin, "/Admin/Benutzer");
        var changed = await Html.SubmitFormAsync(admin, RowForm(again, target.Id, "Role"), new Dictionary<string, string> { ["NewRole"] = Roles.Vip });
        Html.AssertRedirect(changed, "/Admin/Benutzer");
        Assert.Equal(Roles.Vip, await RoleOfAsync("kundin@example.de"));

        // An admin cannot make anyone superadmin.
        var (_, third) = await Html.GetAsync(admin, "/Admin/Benutzer");
        var refused = await Html.SubmitFormAsync(admin, RowForm(third, target.Id, "Role"), new Dictionary<string, string> { ["NewRole"] = Roles.Superadmin });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Nur ein Superadmin", Html.Text(await Html.ParseAsync(refused)));
        Assert.Equal(Roles.Vip, await RoleOfAsync("kundin@example.de"));

        // Revealing the address is possible after step-up and audited.
        var revealed = await Html.SubmitFormAsync(admin, RowForm(third, target.Id, "Reveal"), new Dictionary<string, string>());
        Assert.Contains("kundin@example.de", Html.Text(await Html.ParseAsync(revealed)));

        var actions = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == target.Id).Select(a => a.Action + ":" + a.Result).ToListAsync());
        Assert.Contains("ROLE_GRANTED:Success", actions);
        Assert.Contains("ROLE_REVOKED:Success", actions);
        Assert.Contains("ROLE_GRANTED:Denied", actions);
        Assert.Contains("PII_REVEALED:Success", actions);
        var all = await factory.WithDbAsync(db => db.AuditEvents.Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.AdminStepUpSuccess, all);
        Assert.Contains(AuditActions.AdminStepUpFailed, all);

        // The step-up expires after 10 minutes.
        factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var (_, later) = await Html.GetAsync(admin, "/Admin/Benutzer");
        var expired = await Html.SubmitFormAsync(admin, RowForm(later, target.Id, "Role"), new Dictionary<string, string> { ["NewRole"] = Roles.User });
        Html.AssertRedirect(expired, "/Admin/Bestaetigen");
    }

    [Fact]
    public async Task A_superadmin_can_grant_superadmin_but_not_change_their_own_role()
    {
        var target = await factory.CreateUserAsync("nachfolge@example.de", Roles.Admin);
        var (boss, key) = await Flows.AdminClientAsync(factory, "boss@example.de", Roles.Superadmin);
        var (_, confirm) = await Html.GetAsync(boss, "/Admin/Bestaetigen?returnUrl=%2FAdmin%2FBenutzer");
        Html.AssertRedirect(await Html.SubmitAsync(boss, confirm, new Dictionary<string, string> { ["Input.Secret"] = TestData.Password }), "/Admin/Benutzer");
        var (_, doc) = await Html.GetAsync(boss, "/Admin/Benutzer");
        Html.AssertRedirect(await Html.SubmitFormAsync(boss, RowForm(doc, target.Id, "Role"), new Dictionary<string, string> { ["NewRole"] = Roles.Superadmin }), "/Admin/Benutzer");
        Assert.Equal(Roles.Superadmin, await RoleOfAsync("nachfolge@example.de"));
        var self = (await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "boss@example.de"))).Id;
        var own = await Html.SubmitFormAsync(boss, RowForm(doc, self, "Role"), new Dictionary<string, string> { ["NewRole"] = Roles.User });
        Assert.Contains("eigene Rolle", Html.Text(await Html.ParseAsync(own)));
        Assert.NotNull(key);
    }
}
