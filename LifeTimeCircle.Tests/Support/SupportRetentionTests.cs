using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Infrastructure.Support;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Support;

/// <summary>Issue 19 review: a visitor's solved request does not keep the reply address for ever.</summary>
public sealed class SupportRetentionTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    [Fact]
    public async Task A_visitors_solved_request_goes_after_the_retention_period_open_ones_and_account_requests_stay()
    {
        var account = await factory.CreateUserAsync("aufbewahrung-konto@example.de");
        var now = factory.Clock.GetUtcNow();
        var ids = await factory.WithDbAsync(async db =>
        {
            var solved = SupportRequest.FromVisitor("aufbewahrung-geloest@example.de", null, SupportTopic.Frage, "Gibt es eine App?", now);
            var open = SupportRequest.FromVisitor("aufbewahrung-offen@example.de", null, SupportTopic.Frage, "Noch offen", now);
            var own = new SupportRequest(account.Id, SupportTopic.Fehler, "Im Profil", now);
            own.Resolve("admin", now);
            db.SupportRequests.AddRange(solved, open, own);
            await db.SaveChangesAsync();
            db.SupportMessages.Add(solved.Reply("admin", "Noch nicht, aber die Seite läuft im Handy-Browser.", now));
            solved.Resolve("admin", now);
            await db.SaveChangesAsync();
            return (Solved: solved.Id, Open: open.Id, Own: own.Id);
        });
        async Task RunAsync()
        {
            using var scope = factory.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<SupportRetention>().RunAsync(new LifeTimeCircle.Infrastructure.Jobs.NoPayload(), null!, CancellationToken.None);
        }

        factory.Clock.Advance(SupportRequest.VisitorRetention - TimeSpan.FromDays(1));
        await RunAsync();
        Assert.True(await factory.WithDbAsync(db => db.SupportRequests.AnyAsync(r => r.Id == ids.Solved)));
        Assert.True(await factory.WithDbAsync(db => db.SupportMessages.AnyAsync(m => m.RequestId == ids.Solved)));

        factory.Clock.Advance(TimeSpan.FromDays(2));
        await RunAsync();
        Assert.False(await factory.WithDbAsync(db => db.SupportRequests.AnyAsync(r => r.Id == ids.Solved)));
        Assert.False(await factory.WithDbAsync(db => db.SupportMessages.AnyAsync(m => m.RequestId == ids.Solved)));
        Assert.True(await factory.WithDbAsync(db => db.SupportRequests.AnyAsync(r => r.Id == ids.Open)));
        Assert.True(await factory.WithDbAsync(db => db.SupportRequests.AnyAsync(r => r.Id == ids.Own)));
    }
}
