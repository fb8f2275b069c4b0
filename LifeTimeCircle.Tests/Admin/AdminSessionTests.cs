using System.Net;
using LifeTimeCircle.Tests.Infrastructure;

namespace LifeTimeCircle.Tests.Admin;

public sealed class AdminSessionTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    [Fact]
    public async Task An_active_admin_session_ends_after_four_hours()
    {
        var (client, _) = await Flows.AdminClientAsync(factory, "vierstunden@example.de");
        // The cap comes from the admin security baseline (SPEC), not from the constant: raising the constant must fail here.
        var cap = TimeSpan.FromHours(4);
        var step = TimeSpan.FromMinutes(20); // below the 30-minute idle timeout, so only the cap can end the session
        var elapsed = TimeSpan.Zero;

        // Busy the whole time: a request every 20 minutes up to exactly four hours keeps the session.
        while (elapsed + step <= cap)
        {
            factory.Clock.Advance(step);
            elapsed += step;
            var busy = await client.GetAsync("/Admin/Audit");
            Assert.True(busy.StatusCode == HttpStatusCode.OK, $"after {elapsed}: {await Html.DescribeAsync(busy)}");
        }
        Assert.Equal(cap, elapsed);

        // Twenty more active minutes: past the cap, the session is over although it was never idle.
        factory.Clock.Advance(step);
        Html.AssertRedirect(await client.GetAsync("/Admin/Audit"), "/Konto/Anmelden");
        Html.AssertRedirect(await client.GetAsync("/Dashboard"), "/Konto/Anmelden");
    }
}
