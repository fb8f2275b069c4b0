using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Pages.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge.Import;

/// <summary>
/// „Fahrzeuge und Einträge importieren“ (issue 18, ADR 0020 points 15–18) through the real forms and jobs: one file with
/// several FINs, own and new vehicles, the paywall at check and import time, another owner's FIN answered like the
/// vehicle form, undo of created vehicles, re-import, another owner, and a handover between check and import.
/// </summary>
public sealed class MultiImportTests(ImportFactory app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ImportFactory>
{
    private const string Header = "FIN;Marke;Modell;Datum;Art;Ausgeführt von;Kilometerstand\n";

    private static string Row(string vin, string date, string type, string km, string make = "", string model = "") =>
        $"{vin};{make};{model};{date};{type};Fachwerkstatt;{km}\n";

    private async Task<string> VehicleAsync(string email, string vin)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var vins = scope.ServiceProvider.GetRequiredService<VinProtector>();
        var owner = await db.Users.SingleAsync(u => u.Email == email);
        var parsed = Vin.Parse(vin);
        var vehicle = new Vehicle(owner.Id, parsed, vins.Encrypt(parsed), vins.Hmac(parsed),
            new VehicleDetails("Volkswagen", "Golf", 2015, VehicleClass.Alltag, null, null, null, null, AccidentStatus.Unfallfrei, false, null), app.Clock.GetUtcNow());
        db.Vehicles.Add(vehicle);
        await db.SaveChangesAsync();
        return vehicle.PublicId;
    }

    private async Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv)
    {
        var (_, list) = await Html.GetAsync(client, "/Fahrzeuge");
        var link = list.QuerySelector<IHtmlAnchorElement>("a[href='/Fahrzeuge/Importe']");
        Assert.NotNull(link); // reachable from the vehicle list
        Assert.Contains("Fahrzeuge und Einträge importieren", link!.TextContent);
        var (_, page) = await Html.GetAsync(client, "/Fahrzeuge/Importe");
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Km"), "Einheit" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Datei", "fahrzeuge.csv");
        var request = new HttpRequestMessage(HttpMethod.Post, "/Fahrzeuge/Importe") { Content = form };
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }

    private async Task<(string RunUrl, IHtmlDocument Page)> CheckAsync(HttpClient client, string csv)
    {
        var response = await UploadAsync(client, csv);
        Html.AssertRedirect(response, "/Fahrzeuge/Importe/");
        var runUrl = response.Headers.Location!.OriginalString;
        await Jobs.DrainAsync(app, ImportProcessor.CheckKind);
        var (status, page) = await Html.GetAsync(client, runUrl);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        output.WriteLine(Html.Text(page));
        return (runUrl, page);
    }

    private async Task<IHtmlDocument> ConfirmAsync(HttpClient client, string runUrl, IHtmlDocument page)
    {
        var response = await Html.SubmitAsync(client, page, new Dictionary<string, string>(), "main form[method=post][action*=Bestaetigen]");
        Html.AssertRedirect(response, runUrl);
        await Jobs.DrainAsync(app, ImportProcessor.RunKind);
        var (_, done) = await Html.GetAsync(client, runUrl);
        output.WriteLine(Html.Text(done));
        Assert.Contains("Stand: importiert", Html.Text(done));
        return done;
    }

    private Task<List<(string Make, string Model, int Entries)>> VehiclesOfAsync(string email) => app.WithDbAsync(async db =>
        (await db.Vehicles.Where(v => db.Users.Any(u => u.Id == v.OwnerId && u.Email == email)).OrderBy(v => v.Id)
            .Select(v => new { v.Make, v.Model, Entries = db.Entries.Count(e => e.VehicleId == v.Id && e.IsLatest) }).ToListAsync())
        .Select(v => (v.Make, v.Model, v.Entries)).ToList());

    [Fact]
    public async Task Three_vehicles_in_one_file_import_after_confirmation_a_second_import_adds_nothing_and_undo_removes_the_created_vehicles()
    {
        const string email = "multi-drei@example.de";
        var client = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        string own = VehicleSeed.NewVin(), b = VehicleSeed.NewVin(), c = VehicleSeed.NewVin();
        await VehicleAsync(email, own);
        var csv = Header
            + Row(own, "14.05.2024", "Inspektion", "10.000")
            + Row(b.ToLowerInvariant(), "01.03.2023", "Ölwechsel", "50.000", "Mercedes-Benz", "W123")
            + Row(own, "14.05.2023", "Reifen", "9.000")
            + Row(" " + b + " ", "01.03.2024", "Inspektion", "55.000") // normalised like the vehicle form: the same vehicle
            + Row(c, "02.02.2022", "Reparatur", "120.000", "Fiat", "500");
        var (runUrl, page) = await CheckAsync(client, csv);
        var text = Html.Text(page);
        Assert.Contains("3 FINs in der Datei", text);
        Assert.Equal(2, page.QuerySelectorAll("#groups-caption ~ tbody td").Count(td => td.TextContent.Contains("wird neu angelegt")));
        Assert.Contains("Ihr Fahrzeug: die Zeilen kommen dazu", text);
        Assert.Contains("5 können importiert werden", text);
        Assert.Single(await VehiclesOfAsync(email)); // the dry run creates nothing

        var done = await ConfirmAsync(client, runUrl, page);
        Assert.Contains("5 Einträge importiert", Html.Text(done));
        var vehicles = await VehiclesOfAsync(email);
        Assert.Equal(new List<(string, string, int)> { ("Volkswagen", "Golf", 2), ("Mercedes-Benz", "W123", 2), ("Fiat", "500", 1) }, vehicles);
        var audits = await app.WithDbAsync(db => db.AuditEvents.Where(a => a.Action == AuditActions.VehicleCreated && a.MetadataJson.Contains("\"import\"")
            && db.Users.Any(u => u.Id == a.ActorId && u.Email == email)).CountAsync());
        Assert.Equal(2, audits); // audited like a vehicle added by hand, with the import named

        // The same file again: every FIN is now the owner's own vehicle, every row a duplicate.
        var (_, again) = await CheckAsync(client, csv);
        var againText = Html.Text(again);
        Assert.DoesNotContain("wird neu angelegt", againText);
        Assert.Contains("0 können importiert werden", againText);
        Assert.Contains("5 doppelt", againText);
        Assert.Null(again.QuerySelector("form[action*=Bestaetigen]"));

        // Something of the owner's own on the Fiat: it stays, only the imported entries go; the Mercedes goes entirely.
        await app.WithDbAsync(async db =>
        {
            var fiat = await db.Vehicles.SingleAsync(v => v.Make == "Fiat" && db.Users.Any(u => u.Id == v.OwnerId && u.Email == email));
            db.Entries.Add(Entry.Create(fiat.Id, new EntryValues(new DateOnly(2024, 1, 5), EntryCategory.Pflege, BusinessType.Eigenleistung, null, 121000, null, null, false),
                fiat.OwnerId, app.Clock.GetUtcNow(), new DateOnly(2026, 11, 28)));
            return await db.SaveChangesAsync();
        });
        var (_, confirm) = await Html.GetAsync(client, runUrl + "/Rueckgaengig");
        Assert.Contains("Neu angelegt hat dieser Import: 2 Fahrzeuge", Html.Text(confirm));
        var undone = await Html.SubmitAsync(client, confirm, new Dictionary<string, string>(), "main form[method=post]");
        Html.AssertRedirect(undone, runUrl);
        var (_, after) = await Html.GetAsync(client, runUrl);
        Assert.Contains("5 Einträge wurden entfernt, 1 angelegtes Fahrzeug entfernt, 1 Fahrzeug bleibt", Html.Text(after));
        Assert.Equal(new List<(string, string, int)> { ("Volkswagen", "Golf", 0), ("Fiat", "500", 1) }, await VehiclesOfAsync(email));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.ImportVehicleRemoved && db.Users.Any(u => u.Id == a.ActorId && u.Email == email))));
    }

    [Fact]
    public async Task With_a_plan_allowing_one_more_vehicle_the_third_group_is_refused_with_the_paywall_message_and_the_rest_imports()
    {
        const string email = "multi-tarif@example.de";
        var client = await Flows.SignedInClientAsync(app, email);
        string own = VehicleSeed.NewVin(), b = VehicleSeed.NewVin(), c = VehicleSeed.NewVin();
        await VehicleAsync(email, own);
        await app.WithDbAsync(async db =>
        {
            var u = await db.Users.SingleAsync(x => x.Email == email);
            db.Entitlements.Add(new Entitlement(u.Id, 1, "test-admin", "Kulanz", app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        var csv = Header + Row(own, "14.05.2024", "Inspektion", "10.000") + Row(b, "01.03.2023", "Ölwechsel", "50.000", "BMW", "E30")
            + Row(c, "02.02.2022", "Reparatur", "120.000", "Fiat", "500") + Row(c, "02.02.2023", "Reparatur", "130.000");
        var (runUrl, page) = await CheckAsync(client, csv);
        var text = Html.Text(page);
        Assert.Contains("Ihr Tarif erlaubt noch 1 weiteres Fahrzeug", text);
        Assert.Contains("nicht importiert: Ihr Tarif erlaubt keine weiteren Fahrzeuge", text);
        Assert.NotNull(page.QuerySelector("#groups-caption ~ tbody a[href='/Tarife']"));
        Assert.Contains("2 können importiert werden", text);
        Assert.Contains("2 mit Fehlern", text);

        await ConfirmAsync(client, runUrl, page);
        Assert.Equal(new List<(string, string, int)> { ("Volkswagen", "Golf", 1), ("BMW", "E30", 1) }, await VehiclesOfAsync(email));
    }

    [Fact]
    public async Task The_plan_is_checked_again_at_import_time_through_the_registration()
    {
        const string email = "multi-spaeter@example.de";
        var client = await Flows.SignedInClientAsync(app, email);
        var b = VehicleSeed.NewVin();
        var (runUrl, page) = await CheckAsync(client, Header + Row(b, "01.03.2023", "Ölwechsel", "50.000", "BMW", "E30"));
        Assert.Contains("wird neu angelegt", Html.Text(page));
        await VehicleAsync(email, VehicleSeed.NewVin()); // meanwhile the free plan's one vehicle was added by hand

        var done = await ConfirmAsync(client, runUrl, page);
        Assert.Contains("nicht importiert: Ihr Tarif erlaubt keine weiteren Fahrzeuge", Html.Text(done));
        Assert.Contains("0 Einträge importiert", Html.Text(done));
        Assert.Equal(new List<(string, string, int)> { ("Volkswagen", "Golf", 0) }, await VehiclesOfAsync(email));
    }

    [Fact]
    public async Task A_vin_of_another_owner_is_refused_in_the_words_of_the_vehicle_form_and_behind_the_paywall_like_it()
    {
        await Flows.SignedInClientAsync(app, "multi-andere@example.de");
        var taken = VehicleSeed.NewVin();
        var otherVehicle = await VehicleAsync("multi-andere@example.de", taken);

        // With room in the plan: the form and the import give the same answer.
        var client = await Flows.SignedInClientAsync(app, "multi-sucher@example.de");
        var (_, form) = await Html.GetAsync(client, "/Fahrzeuge/Neu");
        var manual = await Html.ParseAsync(await Html.SubmitAsync(client, form, new Dictionary<string, string>
        {
            ["Input.Vin"] = taken, ["Input.Make"] = "BMW", ["Input.Model"] = "E30",
        }));
        Assert.Contains(VehicleRegistration.DuplicateMessage, manual.QuerySelector(".error-summary")!.TextContent);
        var (_, page) = await CheckAsync(client, Header + Row(taken, "01.03.2023", "Ölwechsel", "50.000", "BMW", "E30"));
        Assert.Contains(VehicleRegistration.DuplicateMessage, Html.Text(page));
        Assert.Null(page.QuerySelector("form[action*=Bestaetigen]"));

        // At the plan's limit the form shows the paywall and looks nothing up; so does the import.
        var full = await Flows.SignedInClientAsync(app, "multi-voll@example.de");
        await VehicleAsync("multi-voll@example.de", VehicleSeed.NewVin());
        var (_, fullForm) = await Html.GetAsync(full, "/Fahrzeuge/Neu");
        var manualFull = await Html.ParseAsync(await Html.SubmitAsync(full, fullForm, new Dictionary<string, string>
        {
            ["Input.Vin"] = taken, ["Input.Make"] = "BMW", ["Input.Model"] = "E30",
        }));
        Assert.DoesNotContain("bereits registriert", Html.Text(manualFull));
        var (_, fullPage) = await CheckAsync(full, Header + Row(taken, "01.03.2023", "Ölwechsel", "50.000", "BMW", "E30"));
        Assert.Contains(MultiVehicleImport.PaywallMessage, Html.Text(fullPage));
        Assert.DoesNotContain("bereits registriert", Html.Text(fullPage));
        Assert.Equal(0, await app.WithDbAsync(db => db.Entries.CountAsync(e => db.Vehicles.Any(v => v.Id == e.VehicleId && v.PublicId == otherVehicle))));
    }

    [Fact]
    public async Task Missing_make_or_bad_vin_are_row_errors_in_the_words_of_the_vehicle_form()
    {
        var client = await Flows.SignedInClientAsync(app, "multi-marke@example.de", Roles.Vip);
        var (_, page) = await CheckAsync(client, Header + Row(VehicleSeed.NewVin(), "01.03.2023", "Ölwechsel", "50.000", "", "E30")
            + Row("WVWIIII", "01.03.2023", "Ölwechsel", "50.000", "BMW", "E30") + Row("", "01.03.2023", "Ölwechsel", "50.000", "BMW", "E30"));
        var text = Html.Text(page);
        Assert.Contains(MultiVehicleImport.MakeMissing, text);
        Assert.Contains("Die FIN enthält nie die Buchstaben I, O oder Q", text);
        Assert.Contains("Bitte geben Sie die Fahrgestellnummer (FIN) ein.", text);
        Assert.DoesNotContain("WVWIIII", text); // the report masks what looks like a FIN
        Assert.Contains("0 können importiert werden", text);
        // The words are the form's own (data annotations of VehicleInput).
        string Message(string property, Type attribute) => ((ValidationAttribute)typeof(VehicleInput).GetProperty(property)!.GetCustomAttributes(attribute, false).Single()).ErrorMessage!;
        Assert.Equal(MultiVehicleImport.MakeMissing, Message(nameof(VehicleInput.Make), typeof(RequiredAttribute)));
        Assert.Equal(MultiVehicleImport.ModelMissing, Message(nameof(VehicleInput.Model), typeof(RequiredAttribute)));
        Assert.Equal(MultiVehicleImport.MakeTooLong, Message(nameof(VehicleInput.Make), typeof(StringLengthAttribute)));
        Assert.Equal(MultiVehicleImport.ModelTooLong, Message(nameof(VehicleInput.Model), typeof(StringLengthAttribute)));
    }

    [Fact]
    public async Task Another_owner_gets_404_for_every_page_of_the_run()
    {
        var owner = await Flows.SignedInClientAsync(app, "multi-eigen@example.de", Roles.Vip);
        var (runUrl, _) = await CheckAsync(owner, Header + Row(VehicleSeed.NewVin(), "01.03.2023", "Ölwechsel", "50.000", "BMW", "E30"));
        var stranger = await Flows.SignedInClientAsync(app, "multi-fremd@example.de", Roles.Vip);
        foreach (var url in new[] { runUrl, runUrl + "?handler=Bericht", runUrl + "/Rueckgaengig", runUrl + "/Zuordnung" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(url)).StatusCode);
        }
        var (_, own) = await Html.GetAsync(stranger, "/Fahrzeuge/Importe");
        var token = own.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var post = await stranger.PostAsync(runUrl + "?handler=Bestaetigen", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(ImportStatus.Geprueft, await app.WithDbAsync(db => db.ImportRuns.Where(r => r.VehicleId == null && db.Users.Any(u => u.Id == r.OwnerId && u.Email == "multi-eigen@example.de")).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_vehicle_handed_over_between_check_and_import_gets_nothing_of_the_sellers_file()
    {
        const string email = "multi-verkaeufer@example.de";
        var seller = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var vin = VehicleSeed.NewVin();
        var vehicleId = await VehicleAsync(email, vin);
        var (runUrl, page) = await CheckAsync(seller, Header + Row(vin, "01.03.2023", "Ölwechsel", "50.000", "Volkswagen", "Golf"));
        Assert.Contains("Ihr Fahrzeug: die Zeilen kommen dazu", Html.Text(page));
        await Flows.SignedInClientAsync(app, "multi-kaeufer@example.de");
        var buyerId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "multi-kaeufer@example.de").Select(u => u.Id).SingleAsync());
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
            await using var tx = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<TransferService>().MoveAsync(vehicle, buyerId, app.Clock.GetUtcNow(), CancellationToken.None);
            await tx.CommitAsync();
        }
        var done = await ConfirmAsync(seller, runUrl, page);
        Assert.Contains("0 Einträge importiert", Html.Text(done));
        Assert.Contains(VehicleRegistration.DuplicateMessage, Html.Text(done));
        Assert.Equal(0, await app.WithDbAsync(db => db.Entries.CountAsync(e => db.Vehicles.Any(v => v.Id == e.VehicleId && v.PublicId == vehicleId))));
    }
}
