using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Workshops;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Betrieb;

/// <summary>Issue 17, review findings of ADR 0019: double submits and bounds on what can never be removed.</summary>
public sealed partial class IntakeTests
{
    private async Task<string> BusinessUserIdAsync(string prefix) =>
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email == $"{prefix}@werkstatt.example").Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task System_logs_are_capped_per_vehicle_and_day_and_refused_for_a_closed_session()
    {
        var (_, _, business, grantId) = await GrantedAsync("protokoll-grenze");
        var sessionId = await StartAsync(business, grantId);
        var userId = await BusinessUserIdAsync("protokoll-grenze");
        using (var scope = factory.Services.CreateScope())
        {
            var context = (await scope.ServiceProvider.GetRequiredService<IntakeSessions>().FindAsync(userId, sessionId, CancellationToken.None))!;
            var logs = scope.ServiceProvider.GetRequiredService<SystemLogs>();
            for (var i = 0; i < SystemLogEvent.MaxPerVehicleAndDay; i++)
            {
                var (_, duplicate) = await logs.RecordAsync(context, new SystemLogValues(SystemLogKind.GpsProbefahrt, null, null, 5, 10, null), null, PublicIds.New(), userId, CancellationToken.None);
                Assert.False(duplicate);
            }
        }
        var (_, page) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Protokoll");
        var refused = await Html.SubmitAsync(business, page, new Dictionary<string, string> { ["Input.Kind"] = "GpsProbefahrt", ["Input.Distance"] = "14", ["Input.Duration"] = "25" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = await Html.ParseAsync(refused);
        Assert.Contains("in den letzten 24 Stunden bereits 20 Protokolle erfasst", Html.Text(refusedPage));
        Assert.Equal("14", refusedPage.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Distance")!.Value);
        // Closed: the page offers no form, and an old form is refused with the German reason.
        var (_, stale) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Protokoll");
        var (_, closePage) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Abschliessen");
        Html.AssertRedirect(await Html.SubmitAsync(business, closePage, new Dictionary<string, string> { ["Input.Category"] = "Reparatur", ["Input.Odometer"] = "12.500" }),
            $"/Betrieb/Annahme/{sessionId}");
        var (_, closed) = await Html.GetAsync(business, $"/Betrieb/Annahme/{sessionId}/Protokoll");
        Assert.Empty(closed.QuerySelectorAll("main form"));
        Assert.Contains("Diese Annahme ist abgeschlossen.", Html.Text(closed));
        var afterClose = await Html.SubmitAsync(business, stale, new Dictionary<string, string> { ["Input.Kind"] = "GpsProbefahrt", ["Input.Distance"] = "3", ["Input.Duration"] = "5" });
        Assert.Equal(HttpStatusCode.OK, afterClose.StatusCode);
        Assert.Contains("Diese Annahme ist bereits abgeschlossen.", Html.Text(await Html.ParseAsync(afterClose)));
    }

    [Fact]
    public async Task Two_starts_at_once_open_one_session_and_a_recommendation_is_decided_once()
    {
        var (_, vehicleId, _, grantId) = await GrantedAsync("doppelt");
        var userId = await BusinessUserIdAsync("doppelt");
        async Task<(IntakeSession Session, bool Existing)> StartOnceAsync()
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var customer = (await scope.ServiceProvider.GetRequiredService<WorkshopAccess>().CustomerVehicleAsync(userId, grantId, CancellationToken.None))!;
            return await scope.ServiceProvider.GetRequiredService<IntakeSessions>().StartAsync(customer, "A-7", userId, CancellationToken.None);
        }
        var started = await Task.WhenAll(Task.Run(StartOnceAsync), Task.Run(StartOnceAsync));
        Assert.Equal(started[0].Session.PublicId, started[1].Session.PublicId);
        var sessionId = started[0].Session.PublicId;
        Assert.Equal(1, await factory.WithDbAsync(db => db.IntakeSessions.CountAsync(s => s.State == IntakeState.Offen && db.WorkshopGrants.Any(g => g.Id == s.GrantId && g.PublicId == grantId))));

        // A recommendation handed to the owner; two tabs read it while open, both decide.
        using (var scope = factory.Services.CreateScope())
        {
            var intakes = scope.ServiceProvider.GetRequiredService<IntakeSessions>();
            var context = (await intakes.FindAsync(userId, sessionId, CancellationToken.None))!;
            var (item, _) = await intakes.AddItemAsync(context, IntakeItemKind.Empfehlung, "Zahnriemen in 10.000 km", null, IntakeSeverity.Mittel, PublicIds.New(), userId, CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.WorkshopRecommendations.Add(new WorkshopRecommendation(context.Session, await db.IntakeItems.SingleAsync(i => i.Id == item.Id), factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        var ownerId = await factory.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicleId).Select(v => v.OwnerId).SingleAsync());
        var recommendationId = await factory.WithDbAsync(db => db.WorkshopRecommendations.Where(r => r.Title == "Zahnriemen in 10.000 km").Select(r => r.PublicId).SingleAsync());
        await using var first = factory.Services.CreateAsyncScope();
        await using var second = factory.Services.CreateAsyncScope();
        var a = (await first.ServiceProvider.GetRequiredService<WorkshopRecommendations>().FindAsync(ownerId, recommendationId, CancellationToken.None))!.Value;
        var b = (await second.ServiceProvider.GetRequiredService<WorkshopRecommendations>().FindAsync(ownerId, recommendationId, CancellationToken.None))!.Value;
        await first.ServiceProvider.GetRequiredService<WorkshopRecommendations>().ToReminderAsync(a.Recommendation, a.Vehicle, null, 150_000, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            second.ServiceProvider.GetRequiredService<WorkshopRecommendations>().ToReminderAsync(b.Recommendation, b.Vehicle, null, 150_000, CancellationToken.None));
        Assert.Equal("Über diese Empfehlung ist bereits entschieden.", refused.Message);
        await Assert.ThrowsAsync<DomainException>(() =>
            second.ServiceProvider.GetRequiredService<WorkshopRecommendations>().DismissAsync(b.Recommendation, b.Vehicle, CancellationToken.None));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Reminders.CountAsync(r => r.Title == "Zahnriemen in 10.000 km")));
    }
}
