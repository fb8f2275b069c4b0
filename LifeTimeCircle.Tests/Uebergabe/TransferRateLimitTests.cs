using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Pages.Uebergabe;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Uebergabe;

/// <summary>Handover codes cannot be guessed: the look-ups are limited per client and per account.</summary>
public sealed class TransferClientLimitTests(TransferClientLimitTests.Factory factory) : IClassFixture<TransferClientLimitTests.Factory>
{
    public sealed class Factory : LtcFactory
    {
        protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_RATELIMIT_TRANSFER"] = "3" };
    }

    [Fact]
    public async Task Code_look_ups_beyond_the_per_client_limit_get_429()
    {
        var buyer = await Flows.SignedInClientAsync(factory, "limit-client@transfer.example");
        var (_, page) = await Html.GetAsync(buyer, "/Uebergabe");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await Html.SubmitAsync(buyer, page, new Dictionary<string, string> { ["Input.Code"] = "ABCD-EFGH-JKMNP" })).StatusCode);
            statuses.Add((await buyer.GetAsync("/Uebergabe/Bestaetigen")).StatusCode);
        }
        // Typing (POST /Uebergabe) and looking up (/Uebergabe/Bestaetigen) share the client's budget of 3 per minute.
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.OK, HttpStatusCode.Redirect], statuses.Take(3));
        Assert.All(statuses.Skip(3), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == AuditActions.RateLimited)));
    }
}

public sealed class TransferAccountLimitTests(TransferAccountLimitTests.Factory factory) : IClassFixture<TransferAccountLimitTests.Factory>
{
    public sealed class Factory : LtcFactory
    {
        protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_RATELIMIT_TRANSFER_ACCOUNT"] = "2" };
    }

    [Fact]
    public async Task Code_look_ups_beyond_the_per_account_limit_get_a_German_message_from_any_client()
    {
        await factory.CreateUserAsync("limit-account@transfer.example");
        var answers = new List<(HttpStatusCode Status, string Text)>();
        for (var i = 0; i < 3; i++)
        {
            // A fresh browser each time: only the account ties the attempts together.
            var client = factory.CreateBrowserClient();
            Assert.Equal(HttpStatusCode.Redirect, (await Flows.SignInAsync(client, "limit-account@transfer.example")).StatusCode);
            var (_, page) = await Html.GetAsync(client, "/Uebergabe");
            Html.AssertRedirect(await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Input.Code"] = "ABCD-EFGH-JKMNP" }), "/Uebergabe/Bestaetigen");
            var (response, doc) = await Html.GetAsync(client, "/Uebergabe/Bestaetigen");
            answers.Add((response.StatusCode, Html.Text(doc)));
        }
        Assert.All(answers.Take(2), a => Assert.Contains(LifeTimeCircle.Infrastructure.Vehicles.TransferService.InvalidCodeMessage, a.Text, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[2].Status);
        Assert.Contains(BestaetigenModel.TooManyMessage, answers[2].Text, StringComparison.Ordinal);
    }
}

/// <summary>An ownership claim tells whether a FIN is registered: it counts against the same per-client budget.</summary>
public sealed class ClaimClientLimitTests(ClaimClientLimitTests.Factory factory) : IClassFixture<ClaimClientLimitTests.Factory>
{
    public sealed class Factory : LtcFactory
    {
        protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_RATELIMIT_TRANSFER"] = "2" };
    }

    [Fact]
    public async Task Claims_beyond_the_per_client_limit_get_429()
    {
        var buyer = await Flows.SignedInClientAsync(factory, "limit-claim@transfer.example");
        var (_, page) = await Html.GetAsync(buyer, "/Uebergabe/Antrag");
        var statuses = new List<HttpStatusCode>();
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form[method=post]")!;
        // Other spellings of the same page (case, trailing slash) count too.
        foreach (var path in new[] { "/Uebergabe/Antrag", "/uebergabe/antrag/", "/UEBERGABE/Antrag", "/Uebergabe/Antrag/" })
        {
            form.Action = path;
            statuses.Add((await Html.SubmitFormAsync(buyer, form, new Dictionary<string, string> { ["Input.Vin"] = LifeTimeCircle.Tests.Fahrzeuge.VehicleSeed.NewVin() })).StatusCode);
        }
        // The page itself (GET) is not limited; each POST answers whether the FIN is known.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync("/Uebergabe/Antrag")).StatusCode);
    }
}

/// <summary>A walk-in's link code (ADR 0019 item 10) is checked within the same per-account budget, in its own partition.</summary>
public sealed class IntakeCodeAccountLimitTests(TransferAccountLimitTests.Factory factory) : IClassFixture<TransferAccountLimitTests.Factory>
{
    [Fact]
    public async Task Link_code_checks_beyond_the_per_account_limit_get_429_with_a_German_message()
    {
        var owner = await Flows.SignedInClientAsync(factory, "limit-annahme@example.de", Roles.Vip);
        var (vehicleId, _) = await LifeTimeCircle.Tests.Fahrzeuge.VehicleSeed.CreateVehicleWithEntriesAsync(factory, "limit-annahme@example.de", 1);
        var statuses = new List<(HttpStatusCode Status, string Text)>();
        for (var i = 0; i < 3; i++)
        {
            var (_, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt/Annahme");
            var response = await Html.SubmitAsync(owner, page,
                new Dictionary<string, string> { ["Code"] = "ABCD-EFGH", ["Grant.CustomerName"] = "Limit", ["Grant.Duration"] = "Besuch" });
            statuses.Add((response.StatusCode, Html.Text(await Html.ParseAsync(response))));
        }
        Assert.All(statuses.Take(2), s => Assert.Contains(LifeTimeCircle.Infrastructure.Workshops.WalkInLinks.RefusedMessage, s.Text, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2].Status);
        Assert.Contains("Zu viele Versuche", statuses[2].Text, StringComparison.Ordinal);
    }
}
