using System.Net;
using System.Text.RegularExpressions;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Betrieb;

/// <summary>Issue 16, staff seats (ADR 0015 „Mitarbeitende“): invite, accept, act for the business, seat limit, removal.</summary>
public sealed partial class StaffTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    [GeneratedRegex("[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")]
    private static partial Regex InviteCode();

    private static string? AuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.LastOrDefault(v => v.StartsWith("ltc.auth=", StringComparison.Ordinal)) : null;

    /// <summary>The business invites through the real form; returns the code from the invitation mail.</summary>
    private async Task<string> InviteAsync(HttpClient business, string name, string email)
    {
        var (_, page) = await Html.GetAsync(business, "/Betrieb/Mitarbeitende");
        var sent = await Html.SubmitAsync(business, page, new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Email"] = email });
        Html.AssertRedirect(sent, "/Betrieb/Mitarbeitende");
        var mail = (await Outbox.MessagesToAsync(factory, email)).Last(m => m.Subject!.StartsWith("Einladung als Mitarbeiterin", StringComparison.Ordinal));
        var body = mail.TextBody!;
        var code = InviteCode().Match(body).Value;
        Assert.Contains("/Konto/Einladung#code=" + code, body);
        return code;
    }

    /// <summary>The invitee types the code (as without JavaScript); returns the response of that form.</summary>
    private static async Task<HttpResponseMessage> EnterCodeAsync(HttpClient client, string code)
    {
        var (_, page) = await Html.GetAsync(client, "/Konto/Einladung");
        return await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Input.Code"] = code });
    }

    private static async Task<HttpResponseMessage> AcceptAsync(HttpClient client)
    {
        var (response, page) = await Html.GetAsync(client, "/Profil/Einladung");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Html.SubmitAsync(client, page, new Dictionary<string, string>());
    }

    /// <summary>An existing private account with the invited address, signed in, accepts; returns its client.</summary>
    private async Task<HttpClient> StaffAsync(HttpClient business, string name, string email)
    {
        var code = await InviteAsync(business, name, email);
        var client = await Flows.SignedInClientAsync(factory, email);
        Html.AssertRedirect(await EnterCodeAsync(client, code), "/Profil/Einladung");
        var accepted = await AcceptAsync(client);
        Assert.True(accepted.StatusCode == HttpStatusCode.Redirect, await Html.DescribeAsync(accepted));
        return client;
    }

    private Task<SeatState> SeatStateAsync(string email)
    {
        var key = StaffSeat.KeyOf(email);
        return factory.WithDbAsync(db => db.StaffSeats.Where(s => s.EmailKey == key).OrderByDescending(s => s.Id).Select(s => s.State).FirstAsync());
    }

    [Fact]
    public async Task An_invited_person_registers_accepts_proposes_for_a_granted_vehicle_and_the_business_sees_who_proposed()
    {
        var owner = await Flows.SignedInClientAsync(factory, "kunde-team@example.de", Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "kunde-team@example.de", 2);
        var (business, businessCode) = await WorkshopSeed.BusinessClientAsync(factory, "chef@team.example", "Werkstatt Team");
        await WorkshopSeed.GrantAsync(owner, vehicleId, businessCode);
        var code = await InviteAsync(business, "Mia Mechanikerin", "mia@team.example");

        // Not signed in, no account yet: the invitation names the business and offers sign-in and registration.
        var mia = factory.CreateBrowserClient();
        Html.AssertRedirect(await EnterCodeAsync(mia, code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)), "/Konto/Einladung");
        var (_, invite) = await Html.GetAsync(mia, "/Konto/Einladung");
        Assert.Contains("Werkstatt Team, Berlin", Html.Text(invite));
        var verified = await Flows.RegisterAndVerifyAsync(factory, mia, "mia@team.example");
        Html.AssertRedirect(verified, "/Konto/Einwilligung");
        Assert.Contains("Profil%2FEinladung", verified.Headers.Location!.OriginalString);
        await Flows.AcceptConsentAsync(mia);
        var accepted = await AcceptAsync(mia);
        Html.AssertRedirect(accepted, "/Betrieb/Kundenfahrzeuge");
        // From now on a shared-PC session: a session cookie, never „Angemeldet bleiben“.
        Assert.DoesNotContain("expires=", AuthCookie(accepted)!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(SeatState.Aktiv, await SeatStateAsync("mia@team.example"));

        var grantId = Assert.Single(await WorkshopSeed.CustomerGrantIdsAsync(mia));
        Html.AssertRedirect(await WorkshopSeed.ProposeAsync(mia, grantId), $"/Betrieb/Kundenfahrzeuge/{grantId}");
        // The business sees which of its people proposed; the owner sees the business.
        var (_, detail) = await Html.GetAsync(business, $"/Betrieb/Kundenfahrzeuge/{grantId}");
        Assert.Contains("von Mia Mechanikerin", Html.Text(detail));
        var (_, module) = await Html.GetAsync(owner, "/Module");
        Assert.Contains("Werkstatt Team", Html.Text(module));
        Assert.DoesNotContain("Mia", Html.Text(module));
        // Audited with the person (actor) and the business and seat (metadata).
        var miaId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == "mia@team.example").Select(u => u.Id).SingleAsync());
        var audit = await factory.WithDbAsync(db => db.AuditEvents.SingleAsync(a => a.Action == AuditActions.WorkshopProposalSubmitted && a.TargetId == vehicleId));
        Assert.Equal(miaId, audit.ActorId);
        var businessId = await factory.WithDbAsync(db => db.Businesses.Where(b => b.Name == "Werkstatt Team").Select(b => b.PublicId).SingleAsync());
        Assert.Contains(businessId, audit.MetadataJson);
        Assert.Contains("\"acting_as\":\"staff\"", audit.MetadataJson);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.StaffSeatActivated && a.TargetId == businessId && a.ActorId == miaId)));

        // Staff act for the business but do not manage it.
        Assert.Equal(HttpStatusCode.Forbidden, (await mia.GetAsync("/Betrieb/Mitarbeitende")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await mia.GetAsync("/Betrieb")).StatusCode);
        var (_, nav) = await Html.GetAsync(mia, "/Betrieb/Kundenfahrzeuge");
        Assert.NotNull(nav.QuerySelector("[data-idle-minutes]"));
        Assert.NotNull(nav.QuerySelector("header form[action*='handler=Freigeben']"));
        Assert.Null(nav.QuerySelector("header a[href='/Betrieb']"));
    }

    [Fact]
    public async Task The_invitation_reads_the_same_for_a_known_and_an_unknown_address_and_accepting_needs_the_invited_address()
    {
        var (business, _) = await WorkshopSeed.BusinessClientAsync(factory, "chef@gleich.example", "Werkstatt Gleich");
        await factory.CreateUserAsync("bekannt@gleich.example");
        var known = await InviteAsync(business, "Bekannt", "bekannt@gleich.example");
        var unknown = await InviteAsync(business, "Unbekannt", "unbekannt@gleich.example");
        var texts = new List<string>();
        foreach (var code in new[] { known, unknown })
        {
            var client = factory.CreateBrowserClient();
            await EnterCodeAsync(client, code);
            texts.Add(Html.Text((await Html.GetAsync(client, "/Konto/Einladung")).Document));
        }
        Assert.Equal(texts[0], texts[1]);
        var (_, list) = await Html.GetAsync(business, "/Betrieb/Mitarbeitende");
        Assert.Equal(2, Html.Text(list).Split("Eingeladen").Length - 1);

        // Another account cannot take the seat with the code; the invited one can.
        var other = await Flows.SignedInClientAsync(factory, "andere@gleich.example");
        await EnterCodeAsync(other, known);
        var refused = await AcceptAsync(other);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Diese Einladung gilt für eine andere E-Mail-Adresse.", Html.Text(await Html.ParseAsync(refused)));
        Assert.Equal(SeatState.Eingeladen, await SeatStateAsync("bekannt@gleich.example"));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.StaffInviteRefused && a.Result == AuditResult.Denied)));

        var invitee = factory.CreateBrowserClient();
        await EnterCodeAsync(invitee, known);
        var signIn = await Html.GetAsync(invitee, "/Konto/Einladung");
        var link = signIn.Document.QuerySelector("main a[href*='Anmelden']")!.GetAttribute("href")!;
        var (_, login) = await Html.GetAsync(invitee, link);
        var signedIn = await Html.SubmitAsync(invitee, login, new Dictionary<string, string> { ["Input.Email"] = "bekannt@gleich.example", ["Input.Password"] = TestData.Password });
        Html.AssertRedirect(signedIn, "/Profil/Einladung");
        Html.AssertRedirect(await AcceptAsync(invitee), "/Betrieb/Kundenfahrzeuge");
    }

    [Fact]
    public async Task A_used_expired_replaced_or_withdrawn_code_is_refused()
    {
        var (business, _) = await WorkshopSeed.BusinessClientAsync(factory, "chef@codes.example", "Werkstatt Codes");
        await StaffAsync(business, "Erster", "erster@codes.example");
        var usedCode = InviteCode().Match((await Outbox.MessagesToAsync(factory, "erster@codes.example"))[^1].TextBody!).Value;
        var again = await EnterCodeAsync(factory.CreateBrowserClient(), usedCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(StaffCodes.InvalidMessage, Html.Text(await Html.ParseAsync(again)));

        // A new invitation to the same address replaces the open one.
        var first = await InviteAsync(business, "Zweite", "zweite@codes.example");
        var second = await InviteAsync(business, "Zweite", "zweite@codes.example");
        Assert.Contains(StaffCodes.InvalidMessage, Html.Text(await Html.ParseAsync(await EnterCodeAsync(factory.CreateBrowserClient(), first))));
        Html.AssertRedirect(await EnterCodeAsync(factory.CreateBrowserClient(), second), "/Konto/Einladung");

        // Withdrawn by the business.
        var (_, list) = await Html.GetAsync(business, "/Betrieb/Mitarbeitende");
        var withdraw = list.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("main form[action*='handler=End']")
            .Single(f => f.TextContent.Contains("Einladung zurückziehen", StringComparison.Ordinal));
        Html.AssertRedirect(await Html.SubmitFormAsync(business, withdraw, new Dictionary<string, string>()), "/Betrieb/Mitarbeitende");
        Assert.Contains(StaffCodes.InvalidMessage, Html.Text(await Html.ParseAsync(await EnterCodeAsync(factory.CreateBrowserClient(), second))));

        // Expired after seven days — also when it was entered before and waits in the browser.
        var late = await InviteAsync(business, "Spät", "spaet@codes.example");
        var client = await Flows.SignedInClientAsync(factory, "spaet@codes.example");
        Html.AssertRedirect(await EnterCodeAsync(client, late), "/Profil/Einladung");
        var (_, acceptPage) = await Html.GetAsync(client, "/Profil/Einladung");
        await factory.WithDbAsync(async db =>
        {
            // Move the invitation's end into the past instead of the clock (the session would time out first).
            await db.StaffSeats.Where(s => s.EmailKey == "SPAET@CODES.EXAMPLE").ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, factory.Clock.GetUtcNow().AddSeconds(-1)));
            return 0;
        });
        Assert.Contains("keine gültige Einladung", Html.Text((await Html.GetAsync(client, "/Profil/Einladung")).Document));
        var refused = await Html.SubmitAsync(client, acceptPage, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(StaffCodes.InvalidMessage, Html.Text(await Html.ParseAsync(refused)));
        Assert.Equal(SeatState.Eingeladen, await SeatStateAsync("spaet@codes.example"));
    }

    [Fact]
    public async Task A_third_seat_waits_for_a_superadmin_who_must_step_up_and_an_admin_may_not_decide()
    {
        var (business, _) = await WorkshopSeed.BusinessClientAsync(factory, "chef@plaetze.example", "Werkstatt Plätze");
        await StaffAsync(business, "Eins", "eins@plaetze.example");
        await StaffAsync(business, "Zwei", "zwei@plaetze.example");
        var third = await StaffAsync(business, "Drei", "drei@plaetze.example");
        Assert.Equal(SeatState.Aktiv, await SeatStateAsync("zwei@plaetze.example"));
        Assert.Equal(SeatState.WartetAufFreigabe, await SeatStateAsync("drei@plaetze.example"));
        Assert.Equal(HttpStatusCode.Forbidden, (await third.GetAsync("/Betrieb/Kundenfahrzeuge")).StatusCode);
        // Waiting, the account is still on the shared-PC rules.
        Assert.DoesNotContain("expires=", AuthCookie(await Flows.SignInAsync(factory.CreateBrowserClient(), "drei@plaetze.example", remember: true))!,
            StringComparison.OrdinalIgnoreCase);

        var (admin, _) = await Flows.AdminClientAsync(factory, "admin@plaetze.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/Admin/Mitarbeitende")).StatusCode);

        var (super, _) = await Flows.AdminClientAsync(factory, "super@plaetze.example", Roles.Superadmin);
        var (_, queue) = await Html.GetAsync(super, "/Admin/Mitarbeitende");
        Assert.Contains("Drei", Html.Text(queue));
        Assert.DoesNotContain("drei@plaetze.example", Html.Text(queue));
        var withoutStepUp = await Html.SubmitAsync(super, queue, new Dictionary<string, string>(), "main form[action*='handler=Approve']");
        Html.AssertRedirect(withoutStepUp, "/Admin/Bestaetigen");
        Assert.Equal(SeatState.WartetAufFreigabe, await SeatStateAsync("drei@plaetze.example"));
        var (_, confirm) = await Html.GetAsync(super, withoutStepUp.Headers.Location!.OriginalString);
        Html.AssertRedirect(await Html.SubmitAsync(super, confirm, new Dictionary<string, string> { ["Input.Secret"] = TestData.Password }), "/Admin/Mitarbeitende");
        var (_, again) = await Html.GetAsync(super, "/Admin/Mitarbeitende");
        Html.AssertRedirect(await Html.SubmitAsync(super, again, new Dictionary<string, string>(), "main form[action*='handler=Approve']"), "/Admin/Mitarbeitende");
        Assert.Equal(SeatState.Aktiv, await SeatStateAsync("drei@plaetze.example"));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.StaffSeatApproved)));

        // The approval ends the waiting session; signed in again, the person works for the business.
        Html.AssertRedirect(await third.GetAsync("/Dashboard"), "/Konto/Anmelden");
        await Flows.SignInAsync(third, "drei@plaetze.example");
        Assert.Equal(HttpStatusCode.OK, (await third.GetAsync("/Betrieb/Kundenfahrzeuge")).StatusCode);
    }

    [Fact]
    public async Task Removing_a_member_ends_their_session_with_the_next_request_and_their_access()
    {
        var (business, _) = await WorkshopSeed.BusinessClientAsync(factory, "chef@weg.example", "Werkstatt Weg");
        var member = await StaffAsync(business, "Geht", "geht@weg.example");
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/Betrieb/Kundenfahrzeuge")).StatusCode);

        var (_, list) = await Html.GetAsync(business, "/Betrieb/Mitarbeitende");
        var remove = list.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("main form[action*='handler=End']")
            .Single(f => f.TextContent.Contains("Entfernen", StringComparison.Ordinal));
        Html.AssertRedirect(await Html.SubmitFormAsync(business, remove, new Dictionary<string, string>()), "/Betrieb/Mitarbeitende");
        Assert.Equal(SeatState.Entfernt, await SeatStateAsync("geht@weg.example"));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.StaffRemoved)));

        // No clock advance: the very next request is signed out.
        Html.AssertRedirect(await member.GetAsync("/Betrieb/Kundenfahrzeuge"), "/Konto/Anmelden");
        await Flows.SignInAsync(member, "geht@weg.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/Betrieb/Kundenfahrzeuge")).StatusCode);
        // Removing twice or someone else's seat: 404.
        var stale = await Html.SubmitFormAsync(business, remove, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);
    }

    [Fact]
    public async Task Another_businesss_staff_gets_404_on_a_customer_vehicle_and_staff_sessions_time_out_after_30_idle_minutes()
    {
        var owner = await Flows.SignedInClientAsync(factory, "kunde-fremd@example.de", Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "kunde-fremd@example.de", 1);
        var (granted, code) = await WorkshopSeed.BusinessClientAsync(factory, "chef@berechtigt.example", "Werkstatt Berechtigt");
        await WorkshopSeed.GrantAsync(owner, vehicleId, code);
        var grantId = Assert.Single(await WorkshopSeed.CustomerGrantIdsAsync(granted));
        var (other, _) = await WorkshopSeed.BusinessClientAsync(factory, "chef@fremd.example", "Werkstatt Fremd");
        var stranger = await StaffAsync(other, "Fremd", "fremd@fremd.example");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Betrieb/Kundenfahrzeuge/{grantId}")).StatusCode);
        Assert.Empty(await WorkshopSeed.CustomerGrantIdsAsync(stranger));
        // A POST with the stranger's own antiforgery token, aimed at the other business's grant.
        var (_, own) = await Html.GetAsync(stranger, "/Konto/Einladung");
        var form = own.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form[method=post]")!;
        form.SetAttribute("action", $"/Betrieb/Kundenfahrzeuge/{grantId}");
        var post = await Html.SubmitFormAsync(stranger, form, new Dictionary<string, string> { ["Input.Category"] = "Inspektion", ["Input.Odometer"] = "9000", ["Input.WorkDone"] = "x" });
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var insider = await StaffAsync(granted, "Drin", "drin@berechtigt.example");
        Assert.Equal(HttpStatusCode.OK, (await insider.GetAsync($"/Betrieb/Kundenfahrzeuge/{grantId}")).StatusCode);

        // Shared PC: 30 idle minutes end the staff session.
        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        Html.AssertRedirect(await insider.GetAsync("/Betrieb/Kundenfahrzeuge"), "/Konto/Anmelden");
    }
}
