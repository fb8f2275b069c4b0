using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Betrieb;

/// <summary>Workshops for tests: through the real forms (flows) or straight into the database (sweeps).</summary>
public static class WorkshopSeed
{
    /// <summary>An approved business account (dealer, Gewerblich) with a saved profile, signed in; returns the client and its counter code.</summary>
    public static async Task<(HttpClient Client, string Code)> BusinessClientAsync(LtcFactory factory, string email, string name)
    {
        await factory.CreateUserAsync(email, Roles.Dealer, kind: AccountKind.Gewerblich);
        var client = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(client, email), "/");
        var (_, page) = await Html.GetAsync(client, "/Betrieb");
        var saved = await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Type"] = "Fachwerkstatt", ["Input.Street"] = "Hauptstraße 1", ["Input.PostalCode"] = "10115",
            ["Input.City"] = "Berlin", ["Input.PublicContact"] = "030 1234567",
        });
        Html.AssertRedirect(saved, "/Betrieb");
        var code = await factory.WithDbAsync(db => db.Businesses.Where(b => b.Name == name).Select(b => b.Code).SingleAsync());
        return (client, code);
    }

    /// <summary>The owner finds the business by code (or name) and grants access; asserts the redirect.</summary>
    public static async Task GrantAsync(HttpClient owner, string vehicleId, string codeOrName, string customerName = "Familie Beispiel", string duration = "Besuch",
        bool invoices = true)
    {
        var (_, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicleId}/Werkstatt");
        var found = await Html.SubmitAsync(owner, page, new Dictionary<string, string> { ["Suche"] = codeOrName }, "main form[action*='handler=Suchen']");
        Assert.True(found.StatusCode == HttpStatusCode.OK, await Html.DescribeAsync(found));
        var result = await Html.ParseAsync(found);
        var granted = await Html.SubmitAsync(owner, result, new Dictionary<string, string> { ["Grant.CustomerName"] = customerName, ["Grant.Duration"] = duration, ["Grant.Invoices"] = invoices ? "true" : "false" },
            "main form[action*='handler=Berechtigen']");
        Html.AssertRedirect(granted, $"/Fahrzeuge/{vehicleId}/Werkstatt");
    }

    /// <summary>The grant ids on the business's „Kundenfahrzeuge“ list.</summary>
    public static async Task<IReadOnlyList<string>> CustomerGrantIdsAsync(HttpClient business)
    {
        var (response, page) = await Html.GetAsync(business, "/Betrieb/Kundenfahrzeuge");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelectorAll("main table a").Select(a => a.GetAttribute("href")!.Split('/').Last()).ToList();
    }

    public static async Task<HttpResponseMessage> ProposeAsync(HttpClient business, string grantId, string category = "Inspektion", string km = "12.000",
        string work = "Inspektion nach Herstellervorgabe, Ölfilter getauscht.", string? cost = "249,90", string? date = null)
    {
        var (_, page) = await Html.GetAsync(business, $"/Betrieb/Kundenfahrzeuge/{grantId}");
        var values = new Dictionary<string, string> { ["Input.Category"] = category, ["Input.Odometer"] = km, ["Input.WorkDone"] = work, ["Input.Cost"] = cost ?? "" };
        if (date is not null) values["Input.Date"] = date;
        return await Html.SubmitAsync(business, page, values);
    }

    /// <summary>Straight into the database: a dealer with a profile and an active permanent grant on the vehicle.</summary>
    public static async Task<(string GrantId, string BusinessEmail)> GrantedBusinessAsync(LtcFactory factory, string vehiclePublicId, string email, string name)
    {
        var user = await factory.CreateUserAsync(email, Roles.Dealer, kind: AccountKind.Gewerblich);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = factory.Clock.GetUtcNow();
        var business = new Business(user.Id, new BusinessProfile(name, BusinessType.Fachwerkstatt, "Werkstattweg 2", "20095", "Hamburg", "040 765432"), now);
        db.Businesses.Add(business);
        await db.SaveChangesAsync();
        var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehiclePublicId);
        var grant = new WorkshopGrant(vehicle.Id, business.Id, vehicle.OwnerId, "Kundin Sweep", GrantDuration.Dauerhaft, now);
        db.WorkshopGrants.Add(grant);
        await db.SaveChangesAsync();
        return (grant.PublicId, email);
    }

    /// <summary>Straight into the database: a private account holding an active staff seat of the business whose account is <paramref name="businessEmail"/>.</summary>
    public static async Task StaffSeatAsync(LtcFactory factory, string businessEmail, string staffEmail, bool waiting = false)
    {
        var user = await factory.CreateUserAsync(staffEmail);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = factory.Clock.GetUtcNow();
        var ownerId = await db.Users.Where(u => u.Email == businessEmail).Select(u => u.Id).SingleAsync();
        var business = await db.Businesses.SingleAsync(b => b.OwnerUserId == ownerId);
        var seat = new StaffSeat(business.Id, "Sweep-Mitarbeiterin", staffEmail, StaffCodes.Hash(StaffCodes.New()), ownerId, now);
        seat.Accept(user.Id, needsApproval: waiting, now);
        db.StaffSeats.Add(seat);
        await db.SaveChangesAsync();
    }

    /// <summary>Straight into the database: an open invitation of the business to <paramref name="staffEmail"/>; returns its code.</summary>
    public static async Task<string> OpenInviteAsync(LtcFactory factory, string businessEmail, string staffEmail)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ownerId = await db.Users.Where(u => u.Email == businessEmail).Select(u => u.Id).SingleAsync();
        var business = await db.Businesses.SingleAsync(b => b.OwnerUserId == ownerId);
        var code = StaffCodes.New();
        db.StaffSeats.Add(new StaffSeat(business.Id, "Eingeladene Person", staffEmail, StaffCodes.Hash(code), ownerId, factory.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
        return StaffCodes.Format(code);
    }
}
