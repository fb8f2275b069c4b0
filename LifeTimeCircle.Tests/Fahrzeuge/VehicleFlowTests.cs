using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Platform;
using LifeTimeCircle.Tests.Security;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Fahrzeuge;

public sealed class VehicleFlowTests(LtcFactory factory, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<LtcFactory>
{
    private static Dictionary<string, string> VehicleForm(string vin, string make = "Volkswagen", string model = "Golf") => new()
    {
        ["Input.Vin"] = vin, ["Input.Make"] = make, ["Input.Model"] = model, ["Input.BuildYear"] = "2015",
        ["Input.Class"] = "Alltag", ["Input.AccidentStatus"] = "Unfallfrei",
    };

    private static async Task<string> CreateVehicleAsync(HttpClient client, string vin)
    {
        var (_, page) = await Html.GetAsync(client, "/Fahrzeuge/Neu");
        var response = await Html.SubmitAsync(client, page, VehicleForm(vin));
        Html.AssertRedirect(response, "/Fahrzeuge/");
        return response.Headers.Location!.OriginalString.Split('/')[2];
    }

    private static Dictionary<string, string> EntryForm(string date, string km, string? cost = null, bool nachtrag = false) => new()
    {
        ["Input.Date"] = date, ["Input.Category"] = "Inspektion", ["Input.PerformedBy"] = "Fachwerkstatt",
        ["Input.PerformedByName"] = "Autohaus Schmidt", ["Input.Odometer"] = km, ["Input.Cost"] = cost ?? "", ["Input.IsNachtrag"] = nachtrag ? "true" : "false",
    };

    [Fact]
    public async Task An_owner_adds_a_vehicle_an_entry_with_german_cost_a_nachtrag_and_a_correction_with_history()
    {
        var client = await Flows.SignedInClientAsync(factory, "halterin@example.de");
        var id = await CreateVehicleAsync(client, "wvw zzz1jz yw000001");
        Assert.True(PublicIds.LooksValid(id));

        var (_, vehiclePage) = await Html.GetAsync(client, $"/Fahrzeuge/{id}");
        Assert.Contains("WVWZZZ1JZYW000001", Html.Text(vehiclePage));
        var (list, listDoc) = await Html.GetAsync(client, "/Fahrzeuge");
        Assert.Contains("WVW***0001", Html.Text(listDoc));
        Assert.DoesNotContain("WVWZZZ1JZYW000001", Html.Text(listDoc));

        var (_, form) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/Neu");
        Assert.Equal(4, form.QuerySelectorAll(".hint").Count(h => h.TextContent.Contains("Datenpflege = bessere Trust-Stufe & Verkaufswert", StringComparison.Ordinal)));
        Html.AssertRedirect(await Html.SubmitAsync(client, form, EntryForm("14.03.2024", "123.456", "1.234,56")), $"/Fahrzeuge/{id}/Eintragung");
        var (_, nachtragForm) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/Neu");
        Html.AssertRedirect(await Html.SubmitAsync(client, nachtragForm, EntryForm("02.05.2019", "60000", "89.90", nachtrag: true)), $"/Fahrzeuge/{id}/Eintragung");

        var stored = await factory.WithDbAsync(db => db.Entries.Where(e => db.Vehicles.Any(v => v.Id == e.VehicleId && v.PublicId == id)).OrderBy(e => e.Date).ToListAsync());
        Assert.Equal([8990L, 123456L], stored.Select(e => e.CostCents!.Value));
        Assert.True(stored[0].IsNachtrag);

        var (_, timeline) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung");
        Assert.Contains("1.234,56 €", Html.Text(timeline));
        Assert.Contains("123.456 km", Html.Text(timeline));
        var (_, archive) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Archiv");
        Assert.Contains("02.05.2019", Html.Text(archive));

        // Correct the 2024 entry: version 2, both versions in the history, no deletion anywhere.
        var group = stored[1].GroupId;
        var (_, correction) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/{group}/Korrektur");
        Assert.Equal("1234,56", correction.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Cost")!.Value);
        var corrected = await Html.SubmitAsync(client, correction, new Dictionary<string, string> { ["Input.Odometer"] = "123.465" });
        Html.AssertRedirect(corrected, $"/Fahrzeuge/{id}/Eintragung/{group}");
        var (_, history) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/{group}");
        Assert.Contains("2 Fassungen", Html.Text(history));
        Assert.Contains("123.465 km", Html.Text(history));
        Assert.Contains("123.456 km", Html.Text(history));
        var (_, timelineAfter) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung");
        Assert.Contains("2 Fassungen", Html.Text(timelineAfter));
        Assert.Equal(2, timelineAfter.QuerySelectorAll(".entry-list > li").Length);

        var actions = await factory.WithDbAsync(db => db.AuditEvents.Select(a => a.Action + " " + a.MetadataJson).ToListAsync());
        Assert.Contains(actions, a => a.StartsWith(AuditActions.VehicleCreated, StringComparison.Ordinal));
        Assert.Contains(actions, a => a.StartsWith(AuditActions.EntryVersionCreated, StringComparison.Ordinal));
        Assert.DoesNotContain(actions, a => a.Contains("WVWZZZ", StringComparison.Ordinal) || a.Contains("Autohaus", StringComparison.Ordinal));
        var encrypted = await factory.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == id).Select(v => v.VinCipher).SingleAsync());
        Assert.DoesNotContain("WVWZZZ1JZYW000001", encrypted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_entry_input_keeps_what_was_typed_and_explains_in_german()
    {
        var client = await Flows.SignedInClientAsync(factory, "tipper@example.de");
        var id = await CreateVehicleAsync(client, VehicleSeed.NewVin());
        var (_, form) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/Neu");
        var response = await Html.SubmitAsync(client, form, EntryForm("31.02.2024", "zwölf", "1,2,3"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Html.ParseAsync(response);
        var summary = doc.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("TT.MM.JJJJ", summary, StringComparison.Ordinal);
        Assert.Contains("Kilometerstand", summary, StringComparison.Ordinal);
        Assert.Contains("1.234,56", summary, StringComparison.Ordinal);
        Assert.Equal("zwölf", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Odometer")!.Value);
        Assert.Equal("Autohaus Schmidt", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_PerformedByName")!.Value);
        var future = await Html.SubmitAsync(client, form, EntryForm("01.01.2030", "1000"));
        Assert.Contains("nicht in der Zukunft", Html.Text(await Html.ParseAsync(future)));
    }

    [Fact]
    public async Task A_user_can_own_one_vehicle_a_vip_more_and_an_entitlement_raises_the_limit()
    {
        var user = await Flows.SignedInClientAsync(factory, "einer@example.de");
        await CreateVehicleAsync(user, VehicleSeed.NewVin());
        var (_, page) = await Html.GetAsync(user, "/Fahrzeuge/Neu");
        Assert.Contains("Im kostenlosen Tarif ist ein Fahrzeug enthalten", Html.Text(page));
        var refused = await Html.SubmitAsync(user, page, VehicleForm(VehicleSeed.NewVin()));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("VIP- oder Händler-Tarif", (await Html.ParseAsync(refused)).QuerySelector(".error-summary")!.TextContent);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Vehicles.CountAsync(v => db.Users.Any(u => u.Id == v.OwnerId && u.Email == "einer@example.de"))));

        await factory.WithDbAsync(async db =>
        {
            var u = await db.Users.SingleAsync(x => x.Email == "einer@example.de");
            db.Entitlements.Add(new Entitlement(u.Id, 1, "test-admin", "Kulanz", factory.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        await CreateVehicleAsync(user, VehicleSeed.NewVin());

        var vip = await Flows.SignedInClientAsync(factory, "sammler@example.de", Roles.Vip);
        for (var i = 0; i < 3; i++) await CreateVehicleAsync(vip, VehicleSeed.NewVin());
    }

    [Fact]
    public async Task After_a_secret_rotation_rehash_vins_restores_duplicate_detection()
    {
        var first = await Flows.SignedInClientAsync(factory, "rotation-erst@example.de");
        var vin = VehicleSeed.NewVin();
        await CreateVehicleAsync(first, vin);
        // The hash as the previous LTC_SECRET_KEY computed it: no longer what the current secret gives.
        var stale = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("vorheriger-geheimer-schluessel-0123456789"u8, System.Text.Encoding.UTF8.GetBytes("vin:" + vin)));
        await factory.WithDbAsync(async db =>
        {
            var v = await db.Vehicles.SingleAsync(x => db.Users.Any(u => u.Id == x.OwnerId && u.Email == "rotation-erst@example.de"));
            Assert.True(v.Rehash(stale));
            await db.SaveChangesAsync();
            return 0;
        });

        var (total, changed) = await LifeTimeCircle.Cli.AdminCommands.RehashVinsAsync(factory.Services, CancellationToken.None);
        Assert.True(total >= 1);
        Assert.Equal(1, changed);
        Assert.Equal((total, 0), await LifeTimeCircle.Cli.AdminCommands.RehashVinsAsync(factory.Services, CancellationToken.None)); // idempotent

        var second = await Flows.SignedInClientAsync(factory, "rotation-zweit@example.de");
        var (_, page) = await Html.GetAsync(second, "/Fahrzeuge/Neu");
        var response = await Html.SubmitAsync(second, page, VehicleForm(vin));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("bereits registriert", Html.Text(await Html.ParseAsync(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vin_of_another_account_is_refused_without_revealing_the_owner()
    {
        var first = await Flows.SignedInClientAsync(factory, "erstbesitz@example.de");
        var vin = VehicleSeed.NewVin();
        await CreateVehicleAsync(first, vin);
        var second = await Flows.SignedInClientAsync(factory, "zweitbesitz@example.de");
        var (_, page) = await Html.GetAsync(second, "/Fahrzeuge/Neu");
        var response = await Html.SubmitAsync(second, page, VehicleForm(vin.ToLowerInvariant()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Html.Text(await Html.ParseAsync(response));
        Assert.Contains("bereits registriert", text, StringComparison.Ordinal);
        Assert.DoesNotContain("erstbesitz", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lower_odometer_reading_is_flagged_and_the_owner_can_confirm_it()
    {
        var client = await Flows.SignedInClientAsync(factory, "tacho@example.de");
        var id = await CreateVehicleAsync(client, VehicleSeed.NewVin());
        var (_, form) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/Neu");
        await Html.SubmitAsync(client, form, EntryForm("01.06.2023", "80000"));
        var lower = await Html.SubmitAsync(client, form, EntryForm("01.09.2023", "70000"));
        Html.AssertRedirect(lower, $"/Fahrzeuge/{id}/Eintragung");
        var (_, timeline) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung");
        Assert.Contains("Unplausible Kilometerstände", Html.Text(timeline));
        Assert.Contains("niedriger als 80.000 km", Html.Text(timeline));

        var (_, akte) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Fahrzeugakte");
        Assert.Contains("Ein Kilometerstand ist unplausibel und noch nicht geklärt.", Html.Text(akte));

        var confirm = timeline.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Confirm']")!;
        Html.AssertRedirect(await Html.SubmitFormAsync(client, confirm, new Dictionary<string, string>()), $"/Fahrzeuge/{id}/Eintragung");
        var (_, after) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung");
        Assert.DoesNotContain("Unplausible Kilometerstände", Html.Text(after));
        var (_, akteAfter) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Fahrzeugakte");
        Assert.DoesNotContain("Kilometerstand ist unplausibel", Html.Text(akteAfter));
    }

    [Fact]
    public async Task A_nachtrag_with_more_km_flags_both_entries_and_correcting_the_outlier_clears_them()
    {
        var client = await Flows.SignedInClientAsync(factory, "nachtrag-km@example.de");
        var id = await CreateVehicleAsync(client, VehicleSeed.NewVin());
        var (_, form) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/Neu");
        Html.AssertRedirect(await Html.SubmitAsync(client, form, EntryForm("01.06.2020", "50000")), $"/Fahrzeuge/{id}/Eintragung");
        Html.AssertRedirect(await Html.SubmitAsync(client, form, EntryForm("01.06.2022", "80000")), $"/Fahrzeuge/{id}/Eintragung");
        var (_, clean) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung");
        Assert.DoesNotContain("Unplausible Kilometerstände", Html.Text(clean));

        // A Nachtrag dated between them with more kilometres than the later entry.
        Html.AssertRedirect(await Html.SubmitAsync(client, form, EntryForm("01.06.2021", "90000", nachtrag: true)), $"/Fahrzeuge/{id}/Eintragung");
        var (_, timeline) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung");
        var text = Html.Text(timeline);
        Assert.Contains("höher als 80.000 km im späteren Eintrag vom 01.06.2022", text);
        Assert.Contains("niedriger als 90.000 km im früheren Eintrag vom 01.06.2021", text);
        var groups = await factory.WithDbAsync(db => db.Entries.Where(e => e.IsLatest && db.Vehicles.Any(v => v.Id == e.VehicleId && v.PublicId == id))
            .OrderBy(e => e.Date).Select(e => e.GroupId).ToListAsync());
        Assert.Equal(2, await OpenFlagsAsync(id));

        // The flagged entry names its neighbour and links to it.
        var (_, later) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/{groups[2]}");
        Assert.Contains("niedriger als 90.000 km im früheren Eintrag vom 01.06.2021", Html.Text(later));
        Assert.NotNull(later.QuerySelector($"section.warning a[href$='/Eintragung/{groups[1]}']"));
        var (_, akte) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Fahrzeugakte");
        Assert.Contains("Ein Kilometerstand ist unplausibel und noch nicht geklärt.", Html.Text(akte));

        // Correcting the outlier (the Nachtrag) clears the flags of both entries.
        var (_, correction) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/{groups[1]}/Korrektur");
        var corrected = await Html.SubmitAsync(client, correction, new Dictionary<string, string> { ["Input.Odometer"] = "65.000" });
        Html.AssertRedirect(corrected, $"/Fahrzeuge/{id}/Eintragung/{groups[1]}");
        Assert.Equal(0, await OpenFlagsAsync(id));
        var (_, after) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung");
        Assert.DoesNotContain("Unplausible Kilometerstände", Html.Text(after));
        var (_, akteAfter) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Fahrzeugakte");
        Assert.DoesNotContain("Kilometerstand ist unplausibel", Html.Text(akteAfter));
        var resolutions = await factory.WithDbAsync(db => db.OdometerFlags.Where(f => db.Vehicles.Any(v => v.Id == f.VehicleId && v.PublicId == id))
            .Select(f => f.Resolution).OrderBy(r => r).ToListAsync());
        Assert.Equal(["entfallen", "korrigiert"], resolutions);

        // Correcting the earliest reading upwards conflicts with the (corrected) Nachtrag: both flagged; correcting it back clears both.
        var (_, first) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/{groups[0]}/Korrektur");
        await Html.SubmitAsync(client, first, new Dictionary<string, string> { ["Input.Odometer"] = "70.000" });
        Assert.Equal(2, await OpenFlagsAsync(id));
        var (_, firstAgain) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/{groups[0]}/Korrektur");
        await Html.SubmitAsync(client, firstAgain, new Dictionary<string, string> { ["Input.Odometer"] = "50.000" });
        Assert.Equal(0, await OpenFlagsAsync(id));
    }

    private Task<int> OpenFlagsAsync(string vehicleId) =>
        factory.WithDbAsync(db => db.OdometerFlags.CountAsync(f => f.ResolvedAt == null && db.Vehicles.Any(v => v.Id == f.VehicleId && v.PublicId == vehicleId)));

    [Fact]
    public async Task A_16_character_vin_with_build_year_1995_is_refused_with_the_message_and_keeps_the_input()
    {
        var client = await Flows.SignedInClientAsync(factory, "fin-baujahr@example.de", Roles.Vip);
        var (_, page) = await Html.GetAsync(client, "/Fahrzeuge/Neu");
        var form = VehicleForm("ABCDEFGH12345678");
        form["Input.BuildYear"] = "1995";
        var response = await Html.SubmitAsync(client, page, form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Html.ParseAsync(response);
        Assert.Contains(Vin.BuildYearMessage, doc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("ABCDEFGH12345678", doc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Vin")!.Value);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Vehicles.CountAsync(v => db.Users.Any(u => u.Id == v.OwnerId && u.Email == "fin-baujahr@example.de"))));

        // Built 1975, the same VIN is fine; changing the build year to 1995 afterwards is refused on the edit page.
        form["Input.BuildYear"] = "1975";
        var created = await Html.SubmitAsync(client, page, form);
        Html.AssertRedirect(created, "/Fahrzeuge/");
        var id = created.Headers.Location!.OriginalString.Split('/')[2];
        var (_, edit) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Bearbeiten");
        var refused = await Html.ParseAsync(await Html.SubmitAsync(client, edit, new Dictionary<string, string> { ["Input.BuildYear"] = "1995" }));
        Assert.Contains(Vin.BuildYearMessage, refused.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        // The build-year message says what the rule is.
        form["Input.Vin"] = VehicleSeed.NewVin();
        form["Input.BuildYear"] = "2101";
        var late = await Html.ParseAsync(await Html.SubmitAsync(client, page, form));
        Assert.Contains("Das Baujahr muss zwischen 1885 und", late.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("heute", late.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Engine_and_drive_come_from_a_list_and_the_free_text_note_stays_private()
    {
        var client = await Flows.SignedInClientAsync(factory, "motor@example.de");
        var (_, page) = await Html.GetAsync(client, "/Fahrzeuge/Neu");
        Assert.NotNull(page.QuerySelector("select#Input_Engine option[value='PluginHybrid']"));
        Assert.NotNull(page.QuerySelector("select#Input_Drive option[value='Allrad']"));
        var form = VehicleForm(VehicleSeed.NewVin());
        form["Input.Engine"] = "Diesel";
        form["Input.Drive"] = "Allrad";
        form["Input.EngineNote"] = "2.0 TDI 110 kW";
        var created = await Html.SubmitAsync(client, page, form);
        Html.AssertRedirect(created, "/Fahrzeuge/");
        var id = created.Headers.Location!.OriginalString.Split('/')[2];
        var (_, vehicle) = await Html.GetAsync(client, $"/Fahrzeuge/{id}");
        Assert.Contains("Diesel, Allrad", Html.Text(vehicle));
        Assert.Contains("2.0 TDI 110 kW", Html.Text(vehicle));
        // A value that is not on the list is refused, not stored.
        var (_, edit) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Bearbeiten");
        var bad = await Html.SubmitAsync(client, edit, new Dictionary<string, string> { ["Input.Engine"] = "Zweitakt" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Equal(EngineType.Diesel, await factory.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == id).Select(v => v.Engine).SingleAsync()));
    }

    [Fact]
    public async Task Old_free_text_moves_to_the_closest_list_value_once_and_stays_private()
    {
        var (id, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, (await factory.CreateUserAsync("altbestand@example.de")).Email!, 0);
        var (other, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, (await factory.CreateUserAsync("altbestand2@example.de")).Email!, 0);
        // As a database from before issue 22 holds it: free text in the old column, no list value yet.
        await factory.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Vehicles\" SET \"EngineDrive\" = {0}, \"Engine\" = NULL, \"Drive\" = NULL WHERE \"PublicId\" = {1}", "2.0 TDI 110 kW quattro", id);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Vehicles\" SET \"EngineDrive\" = {0}, \"Engine\" = NULL, \"Drive\" = NULL WHERE \"PublicId\" = {1}", "Wankel 1.3", other);
            return 0;
        });
        Assert.Equal(2, await factory.WithDbAsync(db => LifeTimeCircle.Data.DatabaseSetup.MoveLegacyEngineDriveAsync(db)));
        Assert.Equal(0, await factory.WithDbAsync(db => LifeTimeCircle.Data.DatabaseSetup.MoveLegacyEngineDriveAsync(db)));
        var moved = await factory.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == id || v.PublicId == other)
            .Select(v => new { v.PublicId, v.Engine, v.Drive, v.EngineNote, v.LegacyEngineDrive }).ToListAsync());
        var a = moved.Single(v => v.PublicId == id);
        Assert.Equal((EngineType.Diesel, DriveLayout.Allrad, "2.0 TDI 110 kW quattro", (string?)null), (a.Engine!.Value, a.Drive!.Value, a.EngineNote, a.LegacyEngineDrive));
        var b = moved.Single(v => v.PublicId == other);
        Assert.Equal((EngineType.Sonstiges, (DriveLayout?)null, "Wankel 1.3"), (b.Engine!.Value, b.Drive, b.EngineNote));
    }

    [Fact]
    public async Task The_trust_view_shows_the_light_reasons_and_todos_with_notes()
    {
        var client = await Flows.SignedInClientAsync(factory, "ampel@example.de");
        var (id, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "ampel@example.de", 2, serviceBook: true, accident: AccidentStatus.Unbekannt);
        var (_, akte) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Fahrzeugakte");
        Assert.Contains("Trust-Ampel: Orange", Html.Text(akte));
        Assert.Contains("Unfallstatus ist unbekannt. Trust ist begrenzt.", Html.Text(akte));
        Assert.Contains("keine Aussage über den technischen Zustand", Html.Text(akte));
        var noteForm = akte.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Note']").First();
        Html.AssertRedirect(await Html.SubmitFormAsync(client, noteForm, new Dictionary<string, string> { ["Note"] = "Unfallfreiheit beim Vorbesitzer erfragen" }),
            $"/Fahrzeuge/{id}/Fahrzeugakte");
        var (_, after) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Fahrzeugakte");
        Assert.Contains("Unfallfreiheit beim Vorbesitzer erfragen", after.QuerySelector("textarea")!.TextContent);
    }

    [Fact]
    public async Task A_timeline_page_with_50_entries_stays_within_30_KB_compressed()
    {
        var client = await Flows.SignedInClientAsync(factory, "budget@example.de", Roles.Vip);
        var (id, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "budget@example.de", 60);
        var (response, doc) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung");
        Assert.Equal(50, doc.QuerySelectorAll(".entry-list > li").Length);
        var html = PlatformTests.Gzip(await response.Content.ReadAsByteArrayAsync());
        output.WriteLine($"BUDGET timeline-50 html={html}");
        Assert.True(html <= 30 * 1024, $"Zeitleiste: {html} Bytes komprimiert");
        Assert.True(html <= 8 * 1024, $"Zeitleiste (späterer Besuch, nur HTML): {html} Bytes komprimiert");
    }

    [Fact]
    public async Task Another_owner_gets_404_on_every_vehicle_page_and_handler()
    {
        await factory.CreateUserAsync("besitzer@example.de", Roles.Vip);
        var (id, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "besitzer@example.de", 3);
        var document = await DocumentSeed.CreateDocumentAsync(factory, id, entry);
        var reminder = await factory.WithDbAsync(async db =>
        {
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == id);
            var r = new LifeTimeCircle.Domain.Reminders.Reminder(vehicle.Id, LifeTimeCircle.Domain.Reminders.ReminderItem.HuAu, null,
                EntryCategory.HuAu, null, null, 24, null, 30, 1000, new DateOnly(2026, 11, 28), factory.Clock.GetUtcNow());
            db.Reminders.Add(r);
            await db.SaveChangesAsync();
            return r.PublicId;
        });
        var importRun = await factory.WithDbAsync(async db =>
        {
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == id);
            var run = new LifeTimeCircle.Domain.Imports.ImportRun(vehicle.OwnerId, vehicle.Id, "import/none.csv", 10,
                LifeTimeCircle.Domain.Imports.OdometerUnit.Km, factory.Clock.GetUtcNow());
            db.ImportRuns.Add(run);
            await db.SaveChangesAsync();
            return run.PublicId;
        });
        var damage = await factory.WithDbAsync(async db =>
        {
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == id);
            var e = new DamageEvent(vehicle.Id, new DateOnly(2024, 3, 14), "Stoßfänger", null, new DateOnly(2026, 11, 28), factory.Clock.GetUtcNow());
            db.DamageEvents.Add(e);
            await db.SaveChangesAsync();
            return e.PublicId;
        });
        // The Restauration-Trust folder activated on the vehicle with one stage (ADR 0023 §3).
        var stage = await factory.WithDbAsync(async db =>
        {
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == id);
            var addon = new LifeTimeCircle.Domain.Addons.VehicleAddon(vehicle.Id, LifeTimeCircle.Domain.Addons.AddonKeys.Restauration);
            addon.Enable(factory.Clock.GetUtcNow());
            db.VehicleAddons.Add(addon);
            var s = new RestorationStage(vehicle.Id, LifeTimeCircle.Domain.Addons.AddonKeys.Restauration, factory.Clock.GetUtcNow());
            s.Update(StageKind.Lack, null, new DateOnly(2024, 3, 14), null, null, null, null, new DateOnly(2026, 11, 28), factory.Clock.GetUtcNow());
            db.RestorationStages.Add(s);
            await db.SaveChangesAsync();
            return s.PublicId;
        });
        // A workshop's system log with a note (its „Bemerkung ausblenden“ page, ADR 0019 item 11).
        var (grantId, _) = await LifeTimeCircle.Tests.Betrieb.WorkshopSeed.GrantedBusinessAsync(factory, id, "flow-protokoll@werkstatt.example", "Flow-Werkstatt");
        var log = await factory.WithDbAsync(async db =>
        {
            var grant = await db.WorkshopGrants.SingleAsync(g => g.PublicId == grantId);
            var e = new LifeTimeCircle.Domain.Workshops.SystemLogEvent(grant.VehicleId, grant.BusinessId, grant.Id, null,
                new LifeTimeCircle.Domain.Workshops.SystemLogValues(LifeTimeCircle.Domain.Workshops.SystemLogKind.ObdAuslesung, 2000, null, null, null, "Notiz"), null,
                LifeTimeCircle.Domain.Vehicles.PublicIds.New(), grant.GrantedBy, factory.Clock.GetUtcNow());
            db.SystemLogEvents.Add(e);
            await db.SaveChangesAsync();
            return e.PublicId;
        });
        var other = await Flows.SignedInClientAsync(factory, "fremd@example.de", Roles.Vip);
        var own = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(own, "besitzer@example.de"), "/");

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var r in EndpointCatalog.All(factory.Services).Where(r => r.ViewPath.StartsWith("/Fahrzeuge/", StringComparison.Ordinal) && r.Url.Contains("AAAA", StringComparison.Ordinal)))
        {
            // The catalog fills every id with a dummy value; use the first owner's real ids instead.
            var url = r.Url.Replace("/AAAAAAAAAAAAAAAAAAAAAA/Eintragung/AAAAAAAAAAAAAAAAAAAAAA", $"/{id}/Eintragung/{entry}", StringComparison.Ordinal)
                .Replace("/AAAAAAAAAAAAAAAAAAAAAA/Dokumente/AAAAAAAAAAAAAAAAAAAAAA", $"/{id}/Dokumente/{document}", StringComparison.Ordinal)
                .Replace("/AAAAAAAAAAAAAAAAAAAAAA/Erinnerungen/AAAAAAAAAAAAAAAAAAAAAA", $"/{id}/Erinnerungen/{reminder}", StringComparison.Ordinal)
                .Replace("/AAAAAAAAAAAAAAAAAAAAAA/Unfall/AAAAAAAAAAAAAAAAAAAAAA", $"/{id}/Unfall/{damage}", StringComparison.Ordinal)
                .Replace("/AAAAAAAAAAAAAAAAAAAAAA/Systemprotokolle/AAAAAAAAAAAAAAAAAAAAAA", $"/{id}/Systemprotokolle/{log}", StringComparison.Ordinal)
                .Replace("AAAAAAAAAAAAAAAAAAAAAA", id, StringComparison.Ordinal)
                .Replace("/Import/unbekannt", $"/Import/{importRun}", StringComparison.Ordinal)
                .Replace($"/Ordner/unbekannt/{id}", $"/Ordner/restauration/{stage}", StringComparison.Ordinal)
                .Replace("/Ordner/unbekannt", "/Ordner/restauration", StringComparison.Ordinal);
            checkedCount++;
            foreach (var (client, expectOk) in new[] { (other, false), (own, true) })
            {
                // The owner's POSTs prove nothing here and would delete the seeded objects (a stage's Loeschen) before their GETs.
                if (expectOk && r.Method == "POST") continue;
                var request = new HttpRequestMessage(new HttpMethod(r.Method), url);
                request.Headers.Accept.ParseAdd("text/html");
                if (r.Method == "POST")
                {
                    // A real antiforgery token of the caller's own session, so that only the owner check can refuse.
                    var (_, any) = await Html.GetAsync(client, "/Konto/Sicherheit");
                    var token = any.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
                    request.Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
                }
                var response = await client.SendAsync(request);
                var ok = response.StatusCode != HttpStatusCode.NotFound;
                if (!expectOk && response.StatusCode != HttpStatusCode.NotFound) failures.Add($"fremd {r.Method} {url}: {(int)response.StatusCode}");
                if (expectOk && r.Method == "GET" && !ok) failures.Add($"eigen {r.Method} {url}: 404");
            }
        }
        Assert.True(checkedCount >= 10, "zu wenige Fahrzeug-Endpunkte: " + checkedCount);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
