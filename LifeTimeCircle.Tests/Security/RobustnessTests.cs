using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Security;

/// <summary>
/// Findings of a robustness review: odd values and double submits never give a 500 or a silent default action,
/// parallel requests cannot slip past the paywall, and an open session cannot be used to guess the password.
/// </summary>
public sealed class RobustnessTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private static Dictionary<string, string> VehicleForm(string vin, string buildYear = "2015") => new()
    {
        ["Input.Vin"] = vin, ["Input.Make"] = "Opel", ["Input.Model"] = "Corsa", ["Input.BuildYear"] = buildYear,
        ["Input.Class"] = "Alltag", ["Input.AccidentStatus"] = "Unfallfrei",
    };

    [Fact]
    public async Task Parallel_vehicle_posts_of_a_user_cannot_pass_the_one_vehicle_limit()
    {
        var client = await Flows.SignedInClientAsync(factory, "paywall-parallel@example.de", Roles.User);
        var (_, page) = await Html.GetAsync(client, "/Fahrzeuge/Neu");
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Html.SubmitAsync(client, page, VehicleForm(VehicleSeed.NewVin()))));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Vehicles.CountAsync(v => db.Users.Any(u => u.Id == v.OwnerId && u.Email == "paywall-parallel@example.de"))));
    }

    [Fact]
    public async Task Double_submits_of_consent_and_registration_answer_without_errors()
    {
        var client = await Flows.SignedInClientAsync(factory, "doppelklick@example.de", Roles.User, consent: false);
        var (_, consent) = await Html.GetAsync(client, "/Konto/Einwilligung");
        var values = new Dictionary<string, string> { ["Input.AcceptAgb"] = "true", ["Input.AcceptDatenschutz"] = "true" };
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Html.SubmitAsync(client, consent, values)));
        Assert.All(answers, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));

        var fresh = factory.CreateBrowserClient();
        var (_, register) = await Html.GetAsync(fresh, "/Konto/Registrieren?art=privat");
        var form = new Dictionary<string, string> { ["Input.Email"] = "parallel-neu@example.de", ["Input.Password"] = TestData.Password, ["Input.ConfirmPassword"] = TestData.Password };
        var registrations = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Html.SubmitAsync(fresh, register, form)));
        Assert.All(registrations, r => Html.AssertRedirect(r, "/Konto/Bestaetigen"));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "parallel-neu@example.de")));
    }

    [Fact]
    public async Task A_build_year_that_is_not_a_number_gets_a_german_message_and_keeps_the_input()
    {
        var owner = await Flows.SignedInClientAsync(factory, "quatsch-baujahr@example.de", Roles.Vip);
        var (_, newVehicle) = await Html.GetAsync(owner, "/Fahrzeuge/Neu");
        var year = await Html.ParseAsync(await Html.SubmitAsync(owner, newVehicle, VehicleForm(VehicleSeed.NewVin(), "ca. 1998")));
        Assert.Contains("„ca. 1998“ ist hier keine gültige Eingabe.", Html.Text(year), StringComparison.Ordinal);
        Assert.DoesNotContain("is not valid", Html.Text(year), StringComparison.Ordinal);
        Assert.Equal("ca. 1998", year.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_BuildYear")!.Value);

    }

    [Fact]
    public async Task An_odometer_beyond_the_limit_marks_the_field_and_links_it_from_the_summary()
    {
        const string email = "quatsch-km@example.de";
        var owner = await Flows.SignedInClientAsync(factory, email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1);
        var (_, newEntry) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Eintragung/Neu");
        var km = await Html.ParseAsync(await Html.SubmitAsync(owner, newEntry, new Dictionary<string, string>
        {
            ["Input.Date"] = "01.02.2024", ["Input.Category"] = "Reparatur", ["Input.PerformedBy"] = "Fachwerkstatt", ["Input.Odometer"] = "9.999.999",
        }));
        Assert.Equal("true", km.QuerySelector("#Input_Odometer")!.GetAttribute("aria-invalid"));
        Assert.NotNull(km.QuerySelector(".error-summary a[href='#Input_Odometer']"));

    }

    [Fact]
    public async Task An_unknown_document_kind_is_refused_and_nothing_is_stored()
    {
        const string email = "quatsch-dokument@example.de";
        var owner = await Flows.SignedInClientAsync(factory, email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1);
        // An unknown document kind is refused, nothing is stored.
        var (_, upload) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Dokumente/Neu");
        var token = upload.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using (var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("Quatsch"), "Kind" } })
        {
            form.Add(new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "Datei", "rechnung.pdf");
            var refused = await owner.PostAsync($"/Fahrzeuge/{vehicle}/Dokumente/Neu", form);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Bitte wählen Sie die Art des Dokuments aus der Liste.", Html.Text(await Html.ParseAsync(refused)), StringComparison.Ordinal);
        }
        Assert.False(await factory.WithDbAsync(db => db.Documents.AnyAsync(d => db.Vehicles.Any(v => v.Id == d.VehicleId && v.PublicId == vehicle))));

    }

    [Fact]
    public async Task An_unknown_privacy_state_from_owner_or_admin_never_clears_a_confirmed_finding()
    {
        const string email = "quatsch-pii@example.de";
        var owner = await Flows.SignedInClientAsync(factory, email, Roles.Vip);
        var (vehicle, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1);
        // An unknown PII state from the owner or the admin never clears a confirmed finding.
        var docId = await DocumentSeed.CreateDocumentAsync(factory, vehicle, entry);
        await factory.WithDbAsync(async db =>
        {
            (await db.Documents.SingleAsync(d => d.PublicId == docId)).MarkPii(PiiState.Confirmed, null, factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });
        var (_, docPage) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Dokumente/{docId}");
        var token = docPage.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        // A confirmed finding offers the owner no PII form at all (only OK → suspected is theirs to change).
        Assert.DoesNotContain(docPage.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form"), f => (f.Action ?? "").Contains("handler=Pii", StringComparison.Ordinal));
        // Posted by hand anyway, an unknown state is answered without a server error and changes nothing.
        using (var bogus = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["PiiState"] = "Quatsch" }))
        {
            var answer = await owner.PostAsync($"/Fahrzeuge/{vehicle}/Dokumente/{docId}?handler=Pii", bogus);
            Assert.True(answer.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.OK or HttpStatusCode.Redirect, await Html.DescribeAsync(answer));
        }
        Assert.Equal(PiiState.Confirmed, await factory.WithDbAsync(db => db.Documents.Where(d => d.PublicId == docId).Select(d => d.Pii).SingleAsync()));
        var (admin, _) = await Flows.AdminClientAsync(factory, "pii-admin@example.de");
        var (_, queue) = await Html.GetAsync(admin, "/Admin/Quarantaene");
        var piiForm = queue.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form").First(f => (f.Action ?? "").Contains("handler=Pii", StringComparison.Ordinal)
            && f.QuerySelector($"input[value='{docId}']") is not null);
        var adminAnswer = await Html.SubmitFormAsync(admin, piiForm, new Dictionary<string, string> { ["Pii"] = "Quatsch" });
        Assert.Equal(HttpStatusCode.OK, adminAnswer.StatusCode);
        Assert.Contains("Die Auswahl ist ungültig.", Html.Text(await Html.ParseAsync(adminAnswer)), StringComparison.Ordinal);
        Assert.Equal(PiiState.Confirmed, await factory.WithDbAsync(db => db.Documents.Where(d => d.PublicId == docId).Select(d => d.Pii).SingleAsync()));

    }

    [Fact]
    public async Task Extreme_filter_dates_and_page_numbers_answer_normally()
    {
        const string email = "quatsch-seite@example.de";
        var owner = await Flows.SignedInClientAsync(factory, email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1);
        var (admin, _) = await Flows.AdminClientAsync(factory, "quatsch-seite-admin@example.de");
        // A date the audit filter cannot add a day to is simply no upper limit.
        var (auditResponse, _) = await Html.GetAsync(admin, "/Admin/Audit?To=9999-12-31");
        Assert.Equal(HttpStatusCode.OK, auditResponse.StatusCode);
        var (deepPage, _) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Eintragung?seite=2147483647");
        Assert.Equal(HttpStatusCode.OK, deepPage.StatusCode);
    }

    [Fact]
    public async Task An_open_session_cannot_be_used_to_guess_the_password()
    {
        const string email = "offene-sitzung@example.de";
        var client = await Flows.SignedInClientAsync(factory, email, Roles.User);
        var (_, page) = await Html.GetAsync(client, "/Konto/Sicherheit");
        var form = page.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form").First(f => f.QuerySelector("input[name='Input.CurrentPassword']") is not null);
        for (var i = 1; i <= 5; i++)
        {
            var text = Html.Text(await Html.ParseAsync(await Html.SubmitFormAsync(client, form, new Dictionary<string, string>
            {
                ["Input.CurrentPassword"] = $"geraten-{i}-geraten", ["Input.NewPassword"] = "ein-neues-passwort-123", ["Input.ConfirmPassword"] = "ein-neues-passwort-123",
            })));
            Assert.Contains(i < 5 ? "Das aktuelle Passwort ist falsch." : StepUp.LockedOutMessage, text, StringComparison.Ordinal);
        }
        var right = Html.Text(await Html.ParseAsync(await Html.SubmitFormAsync(client, form, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = TestData.Password, ["Input.NewPassword"] = "ein-neues-passwort-123", ["Input.ConfirmPassword"] = "ein-neues-passwort-123",
        })));
        Assert.Contains(StepUp.LockedOutMessage, right, StringComparison.Ordinal);
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LifeTimeCircle.Data.AppUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync(email))!, TestData.Password)); // the new password was never set
    }

    [Fact]
    public async Task A_rejected_replacement_does_not_stop_the_deletion_of_confirmed_personal_data()
    {
        const string email = "pii-ersatz@example.de";
        await factory.CreateUserAsync(email, Roles.Vip);
        var (vehicle, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1);
        var original = await DocumentSeed.CreateDocumentAsync(factory, vehicle, entry);
        var junk = await DocumentSeed.CreateDocumentAsync(factory, vehicle, entry);
        await factory.WithDbAsync(async db =>
        {
            var o = await db.Documents.SingleAsync(d => d.PublicId == original);
            o.MarkPii(PiiState.Confirmed, null, factory.Clock.GetUtcNow());
            var j = await db.Documents.SingleAsync(d => d.PublicId == junk);
            db.Entry(j).Property(nameof(LifeTimeCircle.Domain.Documents.Document.ReplacesDocumentId)).CurrentValue = o.Id;
            j.Reject("Kein Ersatz", factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });
        factory.Clock.Advance(TimeSpan.FromDays(31));
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ScanProcessor>().DeleteExpiredPiiAsync(30, CancellationToken.None);
        }
        Assert.NotNull(await factory.WithDbAsync(db => db.Documents.Where(d => d.PublicId == original).Select(d => d.DeletedAt).SingleAsync()));
    }
}
