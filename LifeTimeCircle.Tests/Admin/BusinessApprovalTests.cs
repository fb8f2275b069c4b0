using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Admin;

/// <summary>
/// „Gewerblich“ is a claim until an admin checks it (SPEC §2): a pending business has the limits of a private
/// account; approval (with step-up) makes it a dealer; both decisions are audited and mailed.
/// </summary>
public sealed class BusinessApprovalTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task<HttpClient> RegisterBusinessAsync(string email)
    {
        var client = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.RegisterAndVerifyAsync(factory, client, email, "gewerblich"), "/Konto/Einwilligung");
        await Flows.AcceptConsentAsync(client);
        return client;
    }

    private async Task<AppUser> UserAsync(string email)
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!;
    }

    private async Task<IReadOnlyList<string>> RolesOfAsync(string email)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.GetRolesAsync((await users.FindByEmailAsync(email))!)).ToList();
    }

    private static AngleSharp.Html.Dom.IHtmlFormElement RowForm(AngleSharp.Html.Dom.IHtmlDocument doc, string userId, string handler) =>
        doc.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>($"form[action*='handler={handler}']")
            .First(f => f.QuerySelector($"input[name=UserId][value='{userId}']") is not null);

    private static async Task<HttpResponseMessage> AddVehicleAsync(HttpClient client)
    {
        var (_, page) = await Html.GetAsync(client, "/Fahrzeuge/Neu");
        return await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Vin"] = VehicleSeed.NewVin(), ["Input.Make"] = "Volkswagen", ["Input.Model"] = "Golf", ["Input.BuildYear"] = "2015",
            ["Input.Class"] = "Alltag", ["Input.AccidentStatus"] = "Unfallfrei",
        });
    }

    [Fact]
    public async Task A_pending_business_has_the_one_vehicle_limit_until_an_admin_approves_it()
    {
        const string email = "autohaus-wartet@example.de";
        var business = await RegisterBusinessAsync(email);
        Assert.Equal(BusinessStatus.Pending, (await UserAsync(email)).BusinessStatus);
        Assert.Equal([Roles.User], await RolesOfAsync(email));
        Html.AssertRedirect(await AddVehicleAsync(business), "/Fahrzeuge/");
        var second = await AddVehicleAsync(business);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains(LifeTimeCircle.Pages.Fahrzeuge.NeuModel.PaywallMessage, Html.Text(await Html.ParseAsync(second)));

        // The admin sees the request, masked, and must confirm before approving.
        var target = await UserAsync(email);
        var (admin, _) = await Flows.AdminClientAsync(factory, "pruefer@example.de");
        var (_, queue) = await Html.GetAsync(admin, "/Admin/Betriebe");
        Assert.Contains("a***@e***.de", Html.Text(queue));
        Assert.DoesNotContain(email, Html.Text(queue));
        var withoutStepUp = await Html.SubmitFormAsync(admin, RowForm(queue, target.Id, "Approve"), new Dictionary<string, string>());
        Html.AssertRedirect(withoutStepUp, "/Admin/Bestaetigen");
        Assert.Equal(BusinessStatus.Pending, (await UserAsync(email)).BusinessStatus);
        var (_, confirm) = await Html.GetAsync(admin, withoutStepUp.Headers.Location!.OriginalString);
        Html.AssertRedirect(await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = TestData.Password }), "/Admin/Betriebe");
        var (_, again) = await Html.GetAsync(admin, "/Admin/Betriebe");
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, RowForm(again, target.Id, "Approve"), new Dictionary<string, string>()), "/Admin/Betriebe");

        Assert.Equal(BusinessStatus.Approved, (await UserAsync(email)).BusinessStatus);
        Assert.Equal([Roles.Dealer], await RolesOfAsync(email));
        Assert.Contains(await Outbox.MessagesToAsync(factory, email), m => m.Subject!.StartsWith("Ihr Geschäftskonto ist freigeschaltet", StringComparison.Ordinal));
        var actions = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == target.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.BusinessApproved, actions);
        Assert.Contains(AuditActions.RoleGranted, actions);

        // The new security stamp ends the applicant's old session within a minute (as the mail says); signed in
        // again, the account is a dealer and a second vehicle works.
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Html.AssertRedirect(await business.GetAsync("/Fahrzeuge/Neu"), "/Konto/Anmelden");
        Html.AssertRedirect(await Flows.SignInAsync(business, email), "/Dashboard");
        Html.AssertRedirect(await AddVehicleAsync(business), "/Fahrzeuge/");

        // Decided once: approving again is refused with a German message.
        var (_, approvedList) = await Html.GetAsync(admin, "/Admin/Betriebe?status=Approved");
        Assert.Contains("a***@e***.de", Html.Text(approvedList));
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_which_is_mailed_but_not_audited()
    {
        const string email = "abgelehnt@example.de";
        await RegisterBusinessAsync(email);
        var target = await UserAsync(email);
        var (admin, _) = await Flows.AdminClientAsync(factory, "pruefer2@example.de");
        var (_, queue) = await Html.GetAsync(admin, "/Admin/Betriebe");
        var noReason = await Html.SubmitFormAsync(admin, RowForm(queue, target.Id, "Reject"), new Dictionary<string, string> { ["Reason"] = "  " });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("Bitte begründen Sie die Ablehnung", Html.Text(await Html.ParseAsync(noReason)));
        Assert.Equal(BusinessStatus.Pending, (await UserAsync(email)).BusinessStatus);

        var rejected = await Html.SubmitFormAsync(admin, RowForm(queue, target.Id, "Reject"),
            new Dictionary<string, string> { ["Reason"] = "Kein Gewerbenachweis im Impressum gefunden." });
        Html.AssertRedirect(rejected, "/Admin/Betriebe");
        Assert.Equal(BusinessStatus.Rejected, (await UserAsync(email)).BusinessStatus);
        Assert.Equal([Roles.User], await RolesOfAsync(email));
        var mail = (await Outbox.MessagesToAsync(factory, email)).Single(m => m.Subject!.StartsWith("Ihr Antrag auf ein Geschäftskonto", StringComparison.Ordinal));
        Assert.Contains("Kein Gewerbenachweis im Impressum gefunden.", mail.TextBody);
        var metadata = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == target.Id && a.Action == AuditActions.BusinessRejected).Select(a => a.MetadataJson).SingleAsync());
        Assert.DoesNotContain("Gewerbenachweis", metadata);

        // The same request cannot be decided twice.
        var twice = await Html.SubmitFormAsync(admin, RowForm(queue, target.Id, "Reject"), new Dictionary<string, string> { ["Reason"] = "Nochmal" });
        Assert.Contains("nicht mehr offen", Html.Text(await Html.ParseAsync(twice)));
    }

    [Fact]
    public async Task Only_admins_see_the_business_queue()
    {
        var user = await Flows.SignedInClientAsync(factory, "neugierig@example.de");
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/Admin/Betriebe")).StatusCode);
        var moderator = await Flows.SignedInClientAsync(factory, "redaktion-betriebe@example.de", Roles.Moderator);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync("/Admin/Betriebe")).StatusCode);
    }

    [Fact]
    public async Task Two_simultaneous_decisions_on_one_request_let_exactly_one_through()
    {
        const string email = "gleichzeitig@example.de";
        await RegisterBusinessAsync(email);
        var target = await UserAsync(email);
        var decisions = Enumerable.Range(0, 4).Select(async i =>
        {
            await Task.Yield();
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Pages.Admin.BusinessReview>()
                .DecideAsync(target.Id, approve: i % 2 == 0, reason: "Gleichzeitig entschieden", CancellationToken.None);
        });
        var results = await Task.WhenAll(decisions);
        Assert.Single(results, r => r is null);
        var decisionMails = (await Outbox.MessagesToAsync(factory, email)).Count(m => m.Subject!.StartsWith("Ihr Geschäftskonto", StringComparison.Ordinal)
            || m.Subject!.StartsWith("Ihr Antrag", StringComparison.Ordinal));
        Assert.Equal(1, decisionMails);
    }
}
