using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Exporte;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;

namespace LifeTimeCircle.Tests.Web;

/// <summary>Pages show instants in Berlin time, summer time included (the export list used a fixed UTC+1 before).</summary>
public sealed class BerlinTimeOnPagesTests(ExportFactory app) : IClassFixture<ExportFactory>
{
    [Fact]
    public async Task The_export_list_shows_the_request_time_in_berlin_summer_time()
    {
        // 10:30 UTC in July is 12:30 in Berlin (UTC+2); the fixed offset showed 11:30.
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 7, 15, 10, 30, 0, TimeSpan.Zero));
        const string email = "sommerzeit@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 2);

        var (_, tab) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Exporte");
        var form = tab.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form")
            .First(f => f.QuerySelector("input[name=Type][value=Wartungsstand]") is not null && f.QuerySelector("input[name=Bestaetigt]") is null);
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, form, new Dictionary<string, string>()), "/Exporte");

        var (_, list) = await Html.GetAsync(owner, "/Exporte");
        var text = Html.Text(list);
        Assert.True(text.Contains("angefordert 15.07.2027 12:30", StringComparison.Ordinal), text);
    }
}
