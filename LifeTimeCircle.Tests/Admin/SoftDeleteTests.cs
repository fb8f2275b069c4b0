using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Admin;

/// <summary>Issue 19 item 5: soft delete and restore of users and vehicles (reason, comment, step-up, audit).</summary>
public sealed class SoftDeleteTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task StepUpAsync(HttpClient admin, string key, string returnUrl)
    {
        var (_, confirm) = await Html.GetAsync(admin, "/Admin/Bestaetigen?returnUrl=" + Uri.EscapeDataString(returnUrl));
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var done = await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = Totp.Compute(key, factory.Clock.GetUtcNow()) });
        Html.AssertRedirect(done, returnUrl.Split('?')[0]);
    }

    private static async Task<HttpResponseMessage> RemoveAsync(HttpClient admin, string page, string reason, string comment)
    {
        var (_, doc) = await Html.GetAsync(admin, page);
        return await Html.SubmitAsync(admin, doc, new Dictionary<string, string> { ["Input.Reason"] = reason, ["Input.Comment"] = comment }, "form[action*='handler=Remove']");
    }

    private static async Task<HttpResponseMessage> RestoreAsync(HttpClient admin, string page)
    {
        var (_, doc) = await Html.GetAsync(admin, page);
        return await Html.SubmitAsync(admin, doc, new Dictionary<string, string>(), "form[action*='handler=Restore']");
    }

    [Fact]
    public async Task A_soft_deleted_user_is_signed_out_at_once_cannot_sign_in_and_restore_brings_the_account_back()
    {
        const string email = "entfernt-nutzer@example.de";
        var client = await Flows.SignedInClientAsync(factory, email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Profil")).StatusCode);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var (admin, key) = await Flows.AdminClientAsync(factory, "entfernt-admin@example.de");
        var page = "/Admin/Entfernen?nutzer=" + userId;

        Html.AssertRedirect(await RemoveAsync(admin, page, "Spam", "Testkonto eines Bots"), "/Admin/Bestaetigen");
        Assert.Null(await factory.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.DeletedAt).SingleAsync()));
        await StepUpAsync(admin, key, page);

        var missing = await RemoveAsync(admin, page, "Spam", "   ");
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        var missingDoc = await Html.ParseAsync(missing);
        Assert.Contains("Bitte begründen Sie die Entfernung", Html.Text(missingDoc));
        Assert.NotNull(missingDoc.QuerySelector("select[name='Input.Reason'] option[value='Spam'][selected]"));

        Html.AssertRedirect(await RemoveAsync(admin, page, "Spam", "Testkonto eines Bots"), "/Admin/Entfernen");
        // The open session ends with its next request; signing in again is refused like a wrong password.
        Html.AssertRedirect(await client.GetAsync("/Profil"), "/Konto/Anmelden");
        var signIn = await Flows.SignInAsync(factory.CreateBrowserClient(), email);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var audited = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.Action == AuditActions.UserSoftDeleted && a.TargetId == userId).Select(a => a.MetadataJson).SingleAsync());
        Assert.Contains("Spam", audited);
        Assert.DoesNotContain("Bots", audited); // the comment stays on the row, never in the audit

        // An admin cannot take out an administrator (only a superadmin can), nor themselves.
        var other = await factory.CreateUserAsync("entfernt-anderer-admin@example.de", Roles.Admin);
        var refused = await RemoveAsync(admin, "/Admin/Entfernen?nutzer=" + other.Id, "Sonstiges", "Test");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Nur ein Superadmin", Html.Text(await Html.ParseAsync(refused)));

        Html.AssertRedirect(await RestoreAsync(admin, page), "/Admin/Entfernen");
        var back = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(back, email), "/");
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/Profil")).StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.UserRestored && a.TargetId == userId)));

        // Users and moderators never reach the page; an unknown account is 404.
        Assert.Equal(HttpStatusCode.Forbidden, (await back.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/Entfernen?nutzer=unbekannt")).StatusCode);
    }

    [Fact]
    public async Task A_soft_deleted_vehicle_disappears_for_its_owner_its_public_link_is_neutral_and_restore_brings_it_back()
    {
        const string email = "entfernt-fahrzeug@example.de";
        var owner = await Flows.SignedInClientAsync(factory, email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 2);
        var token = await factory.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicleId);
            v.EnableShare();
            await db.SaveChangesAsync();
            return v.ShareToken!;
        });
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var anonymous = factory.CreateBrowserClient();
        var (q, qDoc) = await Html.GetAsync(anonymous, "/q/" + token);
        Assert.Equal(HttpStatusCode.OK, q.StatusCode);
        Assert.Contains("Golf", Html.Text(qDoc)); // now in the output cache
        var neutral = Html.Text((await Html.GetAsync(anonymous, "/q/AAAAAAAAAAAAAAAAAAAAAA")).Document);

        var (admin, key) = await Flows.AdminClientAsync(factory, "entfernt-fahrzeug-admin@example.de");
        var page = $"/Admin/Entfernen?nutzer={userId}&fahrzeug={vehicleId}";
        await StepUpAsync(admin, key, page);
        Html.AssertRedirect(await RemoveAsync(admin, page, "Betrugsverdacht", "FIN gehört zu einem anderen Fahrzeug"), "/Admin/Entfernen");

        var (gone, goneDoc) = await Html.GetAsync(anonymous, "/q/" + token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(neutral, Html.Text(goneDoc));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/Fahrzeuge/" + vehicleId)).StatusCode);
        var (_, list) = await Html.GetAsync(owner, "/Fahrzeuge");
        Assert.DoesNotContain(list.QuerySelectorAll("a"), a => a.GetAttribute("href")?.Contains(vehicleId, StringComparison.Ordinal) == true);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.VehicleSoftDeleted && a.TargetId == vehicleId)));

        Html.AssertRedirect(await RestoreAsync(admin, page), "/Admin/Entfernen");
        var (again, againDoc) = await Html.GetAsync(anonymous, "/q/" + token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Golf", Html.Text(againDoc));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/Fahrzeuge/" + vehicleId)).StatusCode);
        Assert.Equal(2, await factory.WithDbAsync(db => db.Entries.CountAsync(e => e.CreatedBy == userId)));

        // Another account's vehicle id under this account is not found.
        var stranger = await factory.CreateUserAsync("entfernt-fremd@example.de");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Admin/Entfernen?nutzer={stranger.Id}&fahrzeug={vehicleId}")).StatusCode);
    }

    [Fact]
    public async Task A_removed_business_account_stops_its_staff_and_a_removed_users_calendar_feed_answers_like_an_unknown_one()
    {
        const string business = "entfernt-betrieb@example.de", staff = "entfernt-mitarbeiterin@example.de";
        await LifeTimeCircle.Tests.Betrieb.WorkshopSeed.BusinessClientAsync(factory, business, "Entfernt-Werkstatt");
        await LifeTimeCircle.Tests.Betrieb.WorkshopSeed.StaffSeatAsync(factory, business, staff);
        var staffId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == staff).Select(u => u.Id).SingleAsync());
        async Task<bool> ActsAsync()
        {
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Workshops.WorkshopAccess>().ActorOfAsync(staffId, CancellationToken.None) is not null;
        }
        Assert.True(await ActsAsync());

        var owner = await factory.CreateUserAsync("entfernt-kalender@example.de");
        string token;
        using (var scope = factory.Services.CreateScope())
        {
            token = (await scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Reminders.CalendarFeeds>().CreateAsync(owner.Id, CancellationToken.None)).Token;
        }
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/kalender/{token}.ics")).StatusCode);

        await factory.WithDbAsync(async db =>
        {
            var now = factory.Clock.GetUtcNow();
            return await db.Users.Where(u => u.Email == business || u.Id == owner.Id).ExecuteUpdateAsync(x => x.SetProperty(u => u.DeletedAt, now));
        });
        Assert.False(await ActsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/kalender/{token}.ics")).StatusCode);
    }

    [Fact]
    public async Task A_removed_owner_hands_nothing_over_shows_no_mini_check_gets_no_mail_and_a_removed_business_cannot_be_chosen()
    {
        const string email = "entfernt-verkaeufer@example.de", business = "entfernt-grant-betrieb@example.de";
        var owner = await Flows.SignedInClientAsync(factory, email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var (_, businessCode) = await LifeTimeCircle.Tests.Betrieb.WorkshopSeed.BusinessClientAsync(factory, business, "Entfernt-Grant-Werkstatt");
        var businessId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == business).Select(u => u.Id).SingleAsync());
        string token, code;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Data.AppDbContext>();
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
            vehicle.EnableShare();
            await db.SaveChangesAsync();
            token = vehicle.ShareToken!;
            code = (await scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Vehicles.TransferService>().CreateAsync(vehicle, userId, CancellationToken.None)).Code;
        }
        var anonymous = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/q/" + token)).StatusCode); // now in the output cache
        async Task<int> FoundAsync(string codeOrName)
        {
            using var scope = factory.Services.CreateScope();
            return (await scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Workshops.WorkshopGrants>().FindAsync(codeOrName, CancellationToken.None)).Count;
        }
        Assert.Equal(1, await FoundAsync(businessCode));
        Assert.Equal(1, await FoundAsync("Entfernt-Grant-Werkstatt"));

        var (admin, key) = await Flows.AdminClientAsync(factory, "entfernt-verkaeufer-admin@example.de");
        await StepUpAsync(admin, key, "/Admin/Entfernen?nutzer=" + userId);
        Html.AssertRedirect(await RemoveAsync(admin, "/Admin/Entfernen?nutzer=" + userId, "Betrugsverdacht", "Verkauf an Dritte"), "/Admin/Entfernen");
        Html.AssertRedirect(await RemoveAsync(admin, "/Admin/Entfernen?nutzer=" + businessId, "Spam", "Kein echter Betrieb"), "/Admin/Entfernen");

        // The cached mini-check is evicted and answers like an unknown link.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/q/" + token)).StatusCode);
        // The open handover code is cancelled; redeeming it is refused.
        Assert.Equal(LifeTimeCircle.Domain.Transfers.TransferStatus.Cancelled,
            await factory.WithDbAsync(db => db.Transfers.Where(t => db.Vehicles.Any(v => v.Id == t.VehicleId && v.PublicId == vehicleId)).Select(t => t.Status).SingleAsync()));
        using (var scope = factory.Services.CreateScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Vehicles.TransferService>().FindOpenAsync(code, CancellationToken.None));
        }
        // No notification mail to the removed account (the in-app message is harmless: nobody can sign in to read it).
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Notifications.Notifications>()
                .ToUserAsync(userId, LifeTimeCircle.Domain.Notifications.NotificationCategory.Plan, "Test", "Test", null, CancellationToken.None);
        }
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutgoingMails.CountAsync(m => m.Recipient == email && m.Kind == LifeTimeCircle.Infrastructure.Notifications.NotificationMailer.ImmediateKind)));
        // The removed business is found neither by its counter code nor by its name.
        Assert.Equal(0, await FoundAsync(businessCode));
        Assert.Equal(0, await FoundAsync("Entfernt-Grant-Werkstatt"));
    }

    [Fact]
    public async Task Two_superadmins_removing_each_other_at_once_leave_one()
    {
        var first = await factory.CreateUserAsync("entfernt-super-eins@example.de", Roles.Superadmin);
        var second = await factory.CreateUserAsync("entfernt-super-zwei@example.de", Roles.Superadmin);
        // Any other superadmins of this fixture are taken out first, so these two are the last ones.
        await factory.WithDbAsync(async db =>
        {
            var now = factory.Clock.GetUtcNow();
            var supers = from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == Roles.Superadmin select ur.UserId;
            return await db.Users.Where(u => supers.Contains(u.Id) && u.Id != first.Id && u.Id != second.Id && u.DeletedAt == null)
                .ExecuteUpdateAsync(x => x.SetProperty(u => u.DeletedAt, now));
        });
        static System.Security.Claims.ClaimsPrincipal As(string id) => new(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.NameIdentifier, id), new(System.Security.Claims.ClaimTypes.Role, Roles.Superadmin)], "test"));
        async Task<LifeTimeCircle.Infrastructure.Accounts.SoftDeleteResult> RemoveAsync(string actor, string target)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Accounts.SoftDeletions>()
                .DeleteUserAsync(As(actor), target, SoftDeleteReason.Sonstiges, "Test", CancellationToken.None);
        }
        var results = await Task.WhenAll(Task.Run(() => RemoveAsync(first.Id, second.Id)), Task.Run(() => RemoveAsync(second.Id, first.Id)));
        Assert.Single(results, r => r.Error is null);
        Assert.Single(results, r => r.Error == "Das ist der letzte Superadmin; er kann nicht entfernt werden.");
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => (u.Id == first.Id || u.Id == second.Id) && u.DeletedAt == null)));
    }
}
