using System.Net;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Document = LifeTimeCircle.Domain.Documents.Document;

namespace LifeTimeCircle.Tests.Fahrzeuge.Dokumente;

/// <summary>The app with the scan worker switched off, so that only the test moves documents and runs the PII retention job.</summary>
public sealed class OwnerPiiFactory : LtcFactory
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_JOBS_WORKER"] = "false" };
}

/// <summary>
/// Owners may only raise a suspicion (PII OK → SUSPECTED). Clearing it, confirming it, or taking back an admin's
/// finding (and so escaping the 30-day deletion) is refused with a German message; the admin keeps these powers.
/// </summary>
public sealed class OwnerPiiTests(OwnerPiiFactory app) : IClassFixture<OwnerPiiFactory>
{
    private const string AlreadyRaised = "Der Datenschutz-Hinweis zu diesem Dokument ist bereits gemeldet. Über ihn entscheidet jetzt unsere Prüfung.";
    private const string OnlySuspicion = "Sie können nur einen Verdacht auf persönliche Daten melden. Über den Befund entscheidet unsere Prüfung.";
    private const string InvalidChoice = "Die Auswahl ist ungültig. Bitte melden Sie den Hinweis über das Formular.";

    private static int _counter;

    private async Task<(HttpClient Owner, string Email, string Vehicle)> OwnerWithVehicleAsync()
    {
        var email = $"pii-eigentuemer-{Interlocked.Increment(ref _counter)}@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 1);
        return (owner, email, vehicle);
    }

    private Task<Document> DocAsync(string publicId) => app.WithDbAsync(db => db.Documents.AsNoTracking().SingleAsync(d => d.PublicId == publicId));

    /// <summary>The admin's decision, as the quarantine page makes it.</summary>
    private Task AdminMarksAsync(string publicId, PiiState state) => app.WithDbAsync(async db =>
    {
        (await db.Documents.SingleAsync(d => d.PublicId == publicId)).MarkPii(state, "Befund der Prüfung", app.Clock.GetUtcNow());
        await db.SaveChangesAsync();
        return 0;
    });

    private static async Task<IHtmlFormElement> PiiFormAsync(HttpClient owner, string vehicle, string doc)
    {
        var (_, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Dokumente/{doc}");
        return page.QuerySelectorAll<IHtmlFormElement>("form").FirstOrDefault(f => (f.Action ?? "").Contains("handler=Pii", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException("Kein Datenschutz-Formular in:\n" + page.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task An_owner_raises_a_suspicion_and_the_page_offers_nothing_else()
    {
        var (owner, _, vehicle) = await OwnerWithVehicleAsync();
        var doc = await DocumentSeed.CreateDocumentAsync(app, vehicle);
        var form = await PiiFormAsync(owner, vehicle, doc);
        Assert.Null(form.QuerySelector("[name=PiiState][value=Confirmed]"));
        Assert.Null(form.QuerySelector("[name=PiiState][value=Ok]"));

        var response = await Html.SubmitFormAsync(owner, form, new Dictionary<string, string> { ["PiiNote"] = "Anschrift sichtbar" });
        Html.AssertRedirect(response, $"/Fahrzeuge/{vehicle}/Dokumente/{doc}");
        var saved = await DocAsync(doc);
        Assert.Equal((PiiState.Suspected, "Anschrift sichtbar", (DateTimeOffset?)app.Clock.GetUtcNow()), (saved.Pii, saved.PiiNote, saved.PiiMarkedAt));
        var (_, after) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Dokumente/{doc}");
        Assert.DoesNotContain(after.QuerySelectorAll<IHtmlFormElement>("form"), f => (f.Action ?? "").Contains("handler=Pii", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PiiState.Suspected, "Ok", AlreadyRaised)]
    [InlineData(PiiState.Suspected, "Confirmed", AlreadyRaised)]
    [InlineData(PiiState.Suspected, "Suspected", AlreadyRaised)]
    [InlineData(PiiState.Confirmed, "Suspected", AlreadyRaised)]
    [InlineData(PiiState.Confirmed, "Ok", AlreadyRaised)]
    [InlineData(PiiState.Confirmed, "Confirmed", AlreadyRaised)]
    [InlineData(PiiState.Ok, "Confirmed", OnlySuspicion)]
    [InlineData(PiiState.Ok, "Ok", OnlySuspicion)]
    [InlineData(PiiState.Confirmed, "Quatsch", InvalidChoice)]
    [InlineData(PiiState.Ok, "7", InvalidChoice)]
    public async Task An_owners_forbidden_pii_change_is_refused_in_German_and_changes_nothing(PiiState current, string posted, string message)
    {
        var (owner, _, vehicle) = await OwnerWithVehicleAsync();
        var doc = await DocumentSeed.CreateDocumentAsync(app, vehicle);
        // The form as the owner loaded it while the document had no findings; the admin decides in the meantime.
        var stale = await PiiFormAsync(owner, vehicle, doc);
        if (current != PiiState.Ok) await AdminMarksAsync(doc, current);
        var before = await DocAsync(doc);
        app.Clock.Advance(TimeSpan.FromHours(2));

        var response = await Html.SubmitFormAsync(owner, stale, new Dictionary<string, string> { ["PiiState"] = posted, ["PiiNote"] = "Bitte wieder freigeben" });

        var page = await Html.ParseAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Html.DescribeAsync(response));
        var summary = page.QuerySelector(".error-summary")?.TextContent ?? "";
        Assert.True(summary.Contains(message, StringComparison.Ordinal), page.DocumentElement.OuterHtml);
        var after = await DocAsync(doc);
        Assert.Equal((before.Pii, before.PiiNote, before.PiiMarkedAt, before.DeletedAt), (after.Pii, after.PiiNote, after.PiiMarkedAt, after.DeletedAt));
        Assert.Equal(current, after.Pii);
    }

    [Fact]
    public async Task An_owner_cannot_postpone_the_deletion_of_a_confirmed_finding()
    {
        var (owner, email, vehicle) = await OwnerWithVehicleAsync();
        var confirmed = await DocumentSeed.CreateDocumentAsync(app, vehicle);
        var other = await DocumentSeed.CreateDocumentAsync(app, vehicle);
        await AdminMarksAsync(confirmed, PiiState.Confirmed);
        var markedAt = (await DocAsync(confirmed)).PiiMarkedAt;

        // Twenty days later the owner sends the owner form, aimed at the confirmed document (a crafted request).
        app.Clock.Advance(TimeSpan.FromDays(20));
        owner = app.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(owner, email), "/");
        var form = await PiiFormAsync(owner, vehicle, other);
        form.Action = $"/Fahrzeuge/{vehicle}/Dokumente/{confirmed}?handler=Pii";
        var response = await Html.SubmitFormAsync(owner, form, new Dictionary<string, string> { ["PiiState"] = "Suspected" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Html.DescribeAsync(response));
        Assert.Contains(AlreadyRaised, (await Html.ParseAsync(response)).QuerySelector(".error-summary")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal((PiiState.Confirmed, markedAt), ((await DocAsync(confirmed)).Pii, (await DocAsync(confirmed)).PiiMarkedAt));

        // The retention job deletes it on the original schedule.
        app.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ScanProcessor>().DeleteExpiredPiiAsync(30, CancellationToken.None);
        }
        Assert.NotNull((await DocAsync(confirmed)).DeletedAt);
        Assert.Null((await DocAsync(other)).DeletedAt);
    }
}
