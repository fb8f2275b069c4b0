using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Imports;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Imports;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge.Import;

public sealed class ImportFactory : LtcFactory
{
    public const int MaxRows = 60;
    public const int MaxBytes = 16 * 1024;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["LTC_JOBS_WORKER"] = "false",
        ["LTC_IMPORT_MAX_ROWS"] = MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["LTC_IMPORT_MAX_BYTES"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Issue 18 end to end through the real forms: upload → dry-run job → report → „Import bestätigen“ → import job →
/// timeline; the files of the „Done when“ list, bad files, another owner, and the round trip through the CSV export.
/// </summary>
public sealed class ImportTests(ImportFactory app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ImportFactory>
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    private async Task<(HttpClient Client, string VehicleId)> OwnerAsync(string email, bool serviceBook = false)
    {
        var client = await Flows.SignedInClientAsync(app, email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 0, serviceBook);
        return (client, vehicleId);
    }

    /// <summary>Posts the upload form as a browser does; returns the response (a redirect to the run page on success).</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string vehicleId, byte[] content, string fileName = "historie.csv", string unit = "Km")
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Import");
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(unit), "Einheit" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Datei", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/Fahrzeuge/{vehicleId}/Import") { Content = form };
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }

    /// <summary>Upload and run the dry run; returns the run page's address and the page after the check.</summary>
    private async Task<(string RunUrl, IHtmlDocument Page)> CheckAsync(HttpClient client, string vehicleId, byte[] content, string unit = "Km")
    {
        var response = await UploadAsync(client, vehicleId, content, unit: unit);
        Html.AssertRedirect(response, $"/Fahrzeuge/{vehicleId}/Import/");
        var runUrl = response.Headers.Location!.OriginalString;
        var (_, waiting) = await Html.GetAsync(client, runUrl);
        Assert.Contains("wird geprüft", Html.Text(waiting));
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
        var (_, running) = await Html.GetAsync(client, runUrl);
        Assert.Contains("wird importiert", Html.Text(running));
        Assert.NotNull(running.QuerySelector("progress#import-progress"));
        Assert.NotNull(running.QuerySelector("noscript meta[http-equiv=refresh]"));
        await Jobs.DrainAsync(app, ImportProcessor.RunKind);
        var (_, done) = await Html.GetAsync(client, runUrl);
        Assert.Contains("Stand: importiert", Html.Text(done));
        return done;
    }

    private Task<List<Entry>> EntriesAsync(string vehicleId) => app.WithDbAsync(db =>
        db.Entries.AsNoTracking().Where(e => db.Vehicles.Any(v => v.Id == e.VehicleId && v.PublicId == vehicleId) && e.IsLatest).OrderBy(e => e.Date).ToListAsync());

    [Fact]
    public async Task A_german_excel_file_in_windows_1252_with_comma_decimals_and_dotted_dates_is_checked_confirmed_and_imported()
    {
        var (client, vehicleId) = await OwnerAsync("import-de@example.de", serviceBook: true);
        var csv = "FIN;Datum;Art;Ausgeführt von;Betrieb;Kilometerstand;Kosten;Bemerkung;T-Status\r\n"
            + ";14.05.2024;Ölwechsel;Fachwerkstatt;Autohaus Müller;123.456;1.234,56;Öl und Filter;T3\r\n"
            + ";02.01.2023;Inspektion;Händler;;98.000;89,90;Große Inspektion;\r\n"
            + ";15.03.2022;HU/AU;Gesetzliches;TÜV Süd;80.500;;;T1\r\n";
        var (runUrl, page) = await CheckAsync(client, vehicleId, Windows1252.GetBytes(csv));
        var text = Html.Text(page);
        Assert.Contains("Windows-1252", text);
        Assert.Contains("Semikolon", text);
        Assert.Contains("deutsch (1.234,56)", text);
        Assert.Contains("TT.MM.JJJJ", text);
        Assert.Contains("3 können importiert werden", text);
        Assert.Contains("T-Status aus der Datei wird nicht übernommen", text);
        Assert.Empty(await EntriesAsync(vehicleId)); // the dry run imports nothing

        var done = await ConfirmAsync(client, runUrl, page);
        Assert.Contains("3 Einträge importiert", Html.Text(done));
        var entries = await EntriesAsync(vehicleId);
        Assert.Equal(3, entries.Count);
        var oil = entries.Single(e => e.Category == EntryCategory.Oelwechsel);
        Assert.Equal((new DateOnly(2024, 5, 14), 123456, 123456L, "Autohaus Müller", "Öl und Filter", BusinessType.Fachwerkstatt),
            (oil.Date, oil.OdometerKm, oil.CostCents!.Value, oil.PerformedByName, oil.Remark, oil.PerformedBy));
        Assert.Equal(8990, entries.Single(e => e.Category == EntryCategory.Inspektion).CostCents);
        Assert.All(entries, e => Assert.NotNull(e.ImportRunId));

        var (_, timeline) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Eintragung");
        var timelineText = Html.Text(timeline);
        Assert.Contains("importiert", timelineText);
        // The vehicle has a physical service book (T2 for its own entries), but imported entries stay T1 without evidence.
        Assert.DoesNotContain("T2", timelineText);
        Assert.Contains("T1", timelineText);
        var audit = await app.WithDbAsync(db => db.AuditEvents.Where(a => a.Action == AuditActions.ImportConfirmed || a.Action == AuditActions.ImportCompleted).CountAsync());
        Assert.True(audit >= 2);
    }

    [Fact]
    public async Task An_english_csv_with_comma_delimiter_iso_dates_and_english_numbers_is_imported()
    {
        var (client, vehicleId) = await OwnerAsync("import-en@example.de");
        var csv = "\uFEFFDate,Type,Performed by,Workshop,Odometer,Cost,Remarks\n"
            + "2024-05-14,Oil change,Workshop,\"Smith & Sons, Ltd.\",\"12,345\",\"1,234.56\",\"Oil, filter\"\n"
            + "2023-11-02,Tires,Tire service,,11000,450.00,Winter tyres\n";
        var (runUrl, page) = await CheckAsync(client, vehicleId, Encoding.UTF8.GetBytes(csv));
        var text = Html.Text(page);
        Assert.Contains("UTF-8", text);
        Assert.Contains("Komma", text);
        Assert.Contains("englisch (1,234.56)", text);
        Assert.Contains("JJJJ-MM-TT", text);
        await ConfirmAsync(client, runUrl, page);
        var entries = await EntriesAsync(vehicleId);
        Assert.Equal(2, entries.Count);
        Assert.Equal((EntryCategory.Reifen, BusinessType.Reifenservice, 45000L), (entries[0].Category, entries[0].PerformedBy, entries[0].CostCents!.Value));
        Assert.Equal((12345, 123456L, "Smith & Sons, Ltd.", "Oil, filter"), (entries[1].OdometerKm, entries[1].CostCents!.Value, entries[1].PerformedByName, entries[1].Remark));
    }

    [Fact]
    public async Task A_lubelogger_service_record_export_is_recognised_without_mapping_and_its_miles_notes_and_tags_are_respected()
    {
        var (client, vehicleId) = await OwnerAsync("import-lube@example.de");
        // LubeLogger's GenericRecordExportModel header (hargata/lubelog, Models/ImportModel.cs), US dates, odometer in miles.
        var csv = "Id,Date,Odometer,Description,Notes,Cost,Tags\n"
            + "1,5/14/2024,10000,Oil Change,Synthetic 5W-30,49.99,maintenance oil\n"
            + "2,11/20/2023,9000,Brake pads,Front axle,210.00,\n";
        var (runUrl, page) = await CheckAsync(client, vehicleId, Encoding.UTF8.GetBytes(csv), unit: "Meilen");
        var text = Html.Text(page);
        Assert.Contains("LubeLogger", text);
        Assert.Contains("MM/TT/JJJJ", text);
        Assert.Contains("2 können importiert werden", text);
        Assert.Contains("„Ausgeführt von“ fehlt", text);
        await ConfirmAsync(client, runUrl, page);
        var entries = await EntriesAsync(vehicleId);
        Assert.Equal(2, entries.Count);
        var oil = entries.Single(e => e.Date == new DateOnly(2024, 5, 14));
        Assert.Equal((EntryCategory.Oelwechsel, 16093, 4999L), (oil.Category, oil.OdometerKm, oil.CostCents!.Value));
        Assert.Equal("Oil Change – Synthetic 5W-30 – Tags: maintenance oil", oil.Remark);
        Assert.True(oil.RequiredFieldsMissing);
        Assert.Equal(EntryCategory.Sonstiges, entries.Single(e => e.Date == new DateOnly(2023, 11, 20)).Category);
        var reasons = await app.WithDbAsync(db => db.TrustSummaries.Where(s => db.Vehicles.Any(v => v.Id == s.VehicleId && v.PublicId == vehicleId)).Select(s => s.Reasons).SingleAsync());
        Assert.Contains("entry_required_fields_missing", reasons);
        var (_, timeline) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Eintragung");
        Assert.Contains("Ausgeführt von: fehlt", Html.Text(timeline));
    }

    [Fact]
    public async Task A_file_with_three_bad_rows_reports_row_and_reason_and_the_seven_good_rows_import_after_confirmation()
    {
        var (client, vehicleId) = await OwnerAsync("import-bad@example.de");
        var rows = new List<string> { "Datum;Art;Ausgeführt von;Kilometerstand;Kosten" };
        for (var i = 0; i < 10; i++)
        {
            rows.Add(i switch
            {
                1 => "31.02.2020;Inspektion;Fachwerkstatt;20.000;",          // row 3: no such date
                4 => "01.05.2020;Zauberei;Fachwerkstatt;50.000;",            // row 6: unknown type
                7 => "01.08.2020;Reparatur;Fachwerkstatt;zwölf;12,00",       // row 9: odometer not a number
                _ => $"01.{i + 1:00}.2020;Reparatur;Eigenleistung;{(i + 1) * 10}.000;{i},50",
            });
        }
        var (runUrl, page) = await CheckAsync(client, vehicleId, Encoding.UTF8.GetBytes(string.Join("\n", rows)));
        var table = page.QuerySelector("table")!.TextContent;
        Assert.Contains("7 können importiert werden", Html.Text(page));
        Assert.Contains("3 mit Fehlern", Html.Text(page));
        var cells = page.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("td")!.TextContent.Trim()).ToList();
        Assert.Equal(["3", "6", "9"], cells);
        Assert.Contains("Das Datum ist nicht lesbar", table);
        Assert.Contains("Unbekannte Art", table);
        Assert.Contains("Der Kilometerstand ist keine ganze Zahl", table);
        Assert.Contains("Zauberei", table);

        var link = page.QuerySelector<IHtmlAnchorElement>("a[href*=Bericht]")!;
        Assert.Contains("Prüfbericht herunterladen", link.TextContent);
        var report = await client.GetAsync(link.GetAttribute("href"));
        Assert.Equal("text/csv", report.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment", report.Content.Headers.ContentDisposition!.ToString());
        var bytes = await report.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Zeile;Ergebnis;Spalte;Meldung;Wert", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("3;Fehler", lines[1]);

        await ConfirmAsync(client, runUrl, page);
        Assert.Equal(7, (await EntriesAsync(vehicleId)).Count);
    }

    [Fact]
    public async Task Importing_the_same_file_again_adds_nothing_and_reports_every_row_as_duplicate()
    {
        var (client, vehicleId) = await OwnerAsync("import-dup@example.de");
        var csv = Encoding.UTF8.GetBytes("Datum;Art;Ausgeführt von;Kilometerstand\n01.02.2021;Inspektion;Fachwerkstatt;10.000\n01.03.2022;Reifen;Reifenservice;20.000\n01.03.2022;Reifen;Reifenservice;20.000\n");
        var (runUrl, page) = await CheckAsync(client, vehicleId, csv);
        Assert.Contains("1 doppelt", Html.Text(page));
        await ConfirmAsync(client, runUrl, page);
        Assert.Equal(2, (await EntriesAsync(vehicleId)).Count);

        var (secondUrl, second) = await CheckAsync(client, vehicleId, csv);
        var text = Html.Text(second);
        Assert.Contains("0 können importiert werden", text);
        Assert.Contains("3 doppelt", text);
        Assert.Contains("gibt es schon", text);
        Assert.Null(second.QuerySelector("form[action*=Bestaetigen]"));
        // A forged confirmation changes nothing either.
        var token = second.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value
            ?? (await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Import")).Document.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var forged = await client.PostAsync(secondUrl + "?handler=Bestaetigen", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.True(forged.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Found, await Html.DescribeAsync(forged));
        Assert.Equal(0, await Jobs.DrainAsync(app, ImportProcessor.RunKind));
        Assert.Equal(2, (await EntriesAsync(vehicleId)).Count);
    }

    [Fact]
    public async Task Formula_looking_cells_are_imported_as_text_and_neutralised_again_in_the_export()
    {
        var (client, vehicleId) = await OwnerAsync("import-formel@example.de");
        var csv = "Datum;Art;Ausgeführt von;Betrieb;Kilometerstand;Kosten;Bemerkung\n"
            + "01.02.2021;Inspektion;Fachwerkstatt;@SUM(A1:A9);10.000;;\"=HYPERLINK(\"\"http://evil.example\"\";\"\"klick\"\")\"\n"
            + "01.03.2021;Pflege;Eigenleistung;;11.000;;+49 170 Rückruf\n"
            + "01.04.2021;Pflege;Eigenleistung;;12.000;=1+1;-2+3\n";
        var (runUrl, page) = await CheckAsync(client, vehicleId, Encoding.UTF8.GetBytes(csv));
        Assert.Contains("2 können importiert werden", Html.Text(page));
        Assert.Contains("Der Betrag ist nicht lesbar", Html.Text(page));
        await ConfirmAsync(client, runUrl, page);
        var entries = await EntriesAsync(vehicleId);
        Assert.Equal("=HYPERLINK(\"http://evil.example\";\"klick\")", entries[0].Remark);
        Assert.Equal("@SUM(A1:A9)", entries[0].PerformedByName);
        Assert.Equal("+49 170 Rückruf", entries[1].Remark);

        var export = await client.GetAsync($"/Fahrzeuge/{vehicleId}/Exporte/Tabelle");
        var body = Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync());
        Assert.Contains("'=HYPERLINK", body);
        Assert.Contains("'@SUM(A1:A9)", body);
        Assert.Contains("'+49 170", body);
        Assert.DoesNotContain(";=", body);
        Assert.DoesNotContain(";+", body);
        Assert.DoesNotContain(";@", body);
    }

    [Fact]
    public async Task A_german_excel_workbook_with_typed_and_typed_in_dates_and_numbers_is_checked_and_imported()
    {
        var (client, vehicleId) = await OwnerAsync("import-xlsx@example.de");
        var xlsx = Workbook(
        [
            new() { ["Datum"] = new DateTime(2024, 5, 14), ["Art"] = "Ölwechsel", ["Ausgeführt von"] = "Fachwerkstatt", ["Betrieb"] = "Autohaus Müller",
                ["Kilometerstand"] = 123456, ["Kosten"] = 1234.56m, ["Bemerkung"] = "Öl und Filter" },
            // Typed in as text by a German user: dotted date, German thousands and decimals.
            new() { ["Datum"] = "02.01.2023", ["Art"] = "Inspektion", ["Ausgeführt von"] = "Händler", ["Betrieb"] = null,
                ["Kilometerstand"] = "98.000", ["Kosten"] = "89,90", ["Bemerkung"] = "=HYPERLINK(\"http://evil.example\")" },
            new() { ["Datum"] = new DateTime(2022, 3, 15), ["Art"] = "HU/AU", ["Ausgeführt von"] = "Gesetzliches", ["Betrieb"] = "TÜV Süd",
                ["Kilometerstand"] = 80500.0, ["Kosten"] = null, ["Bemerkung"] = null },
            new() { ["Datum"] = "31.02.2021", ["Art"] = "Reifen", ["Ausgeführt von"] = "Reifenservice", ["Betrieb"] = null,
                ["Kilometerstand"] = 70000, ["Kosten"] = null, ["Bemerkung"] = null },
        ]);
        Assert.Equal((byte)'P', xlsx[0]);
        var (runUrl, page) = await CheckAsync(client, vehicleId, xlsx);
        var text = Html.Text(page);
        Assert.Contains("Excel (.xlsx)", text);
        Assert.DoesNotContain("Trennzeichen", text);
        Assert.Contains("deutsch (1.234,56)", text);
        Assert.Contains("TT.MM.JJJJ", text);
        Assert.Contains("3 können importiert werden", text);
        var bad = page.QuerySelectorAll("table tbody tr").Single(tr => tr.TextContent.Contains("31.02.2021", StringComparison.Ordinal));
        Assert.Equal("5", bad.QuerySelector("td")!.TextContent.Trim()); // spreadsheet row 5 (the header is row 1)

        await ConfirmAsync(client, runUrl, page);
        var entries = await EntriesAsync(vehicleId);
        Assert.Equal(3, entries.Count);
        var oil = entries.Single(e => e.Category == EntryCategory.Oelwechsel);
        Assert.Equal((new DateOnly(2024, 5, 14), 123456, 123456L, "Autohaus Müller"), (oil.Date, oil.OdometerKm, oil.CostCents!.Value, oil.PerformedByName));
        var inspection = entries.Single(e => e.Category == EntryCategory.Inspektion);
        Assert.Equal((new DateOnly(2023, 1, 2), 98000, 8990L, "=HYPERLINK(\"http://evil.example\")"),
            (inspection.Date, inspection.OdometerKm, inspection.CostCents!.Value, inspection.Remark));
        Assert.Equal(80500, entries.Single(e => e.Category == EntryCategory.HuAu).OdometerKm);
    }

    [Fact]
    public async Task Round_trip_the_excel_export_imported_into_a_new_account_reproduces_the_entries_and_no_cell_is_a_formula()
    {
        await app.CreateUserAsync("rund-xlsx-alt@example.de");
        var (sourceId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, "rund-xlsx-alt@example.de", 12);
        await app.WithDbAsync(async db =>
        {
            var entry = await db.Entries.Where(e => db.Vehicles.Any(v => v.Id == e.VehicleId && v.PublicId == sourceId) && e.IsLatest).OrderBy(e => e.Id).FirstAsync();
            db.Entry(entry).Property(e => e.Remark).CurrentValue = "=HYPERLINK(\"http://evil.example\";\"klick\")";
            await db.SaveChangesAsync();
            return 0;
        });
        var sourceClient = app.CreateBrowserClient();
        await Flows.SignInAsync(sourceClient, "rund-xlsx-alt@example.de");
        var (_, exports) = await Html.GetAsync(sourceClient, $"/Fahrzeuge/{sourceId}/Exporte");
        var link = exports.QuerySelectorAll<IHtmlAnchorElement>("a").Single(a => a.TextContent.Contains("Als Excel exportieren", StringComparison.Ordinal));
        var export = await sourceClient.GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".xlsx", export.Content.Headers.ContentDisposition!.FileNameStar ?? export.Content.Headers.ContentDisposition.FileName!.Trim('"'), StringComparison.Ordinal);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes)))
        {
            var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEnd();
            Assert.Contains("HYPERLINK", sheet);
            Assert.DoesNotContain("<x:f", sheet, StringComparison.Ordinal); // text cells only, never a formula
            Assert.DoesNotContain("<f>", sheet, StringComparison.Ordinal);
        }
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(12, rows.Count);
        Assert.IsType<DateTime>(rows[0]["Datum"]); // typed: Excel sorts and filters by date
        Assert.IsType<double>(rows[0]["Kilometerstand"]);

        var (client, targetId) = await OwnerAsync("rund-xlsx-neu@example.de");
        var (runUrl, page) = await CheckAsync(client, targetId, bytes);
        Assert.Contains("12 können importiert werden", Html.Text(page));
        await ConfirmAsync(client, runUrl, page);
        var before = (await EntriesAsync(sourceId)).Select(Comparable).ToList();
        var after = (await EntriesAsync(targetId)).Select(Comparable).ToList();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Unrecognised_columns_are_mapped_by_the_owner_remembered_for_the_next_file_and_never_for_another_owner()
    {
        var (client, vehicleId) = await OwnerAsync("import-zuordnung@example.de");
        var csv = Encoding.UTF8.GetBytes("Wann;Was;Wer;Tacho;Notiz;\n01.02.2021;Inspektion;Fachwerkstatt;10.000;neue Bremsen;x\n01.03.2022;Reifen;Reifenservice;20.000;;\n");
        var (runUrl, page) = await CheckAsync(client, vehicleId, csv);
        var text = Html.Text(page);
        Assert.Contains("Stand: Spalten zuordnen", text);
        Assert.Contains("Pflichtspalten „Datum“, „Art“, „Ausgeführt von“, „Kilometerstand“", text);
        Assert.Null(page.QuerySelector("form[action*=Bestaetigen]"));
        var mapLink = page.QuerySelectorAll<IHtmlAnchorElement>("a").Single(a => a.TextContent.Trim() == "Spalten zuordnen").GetAttribute("href")!;

        // Another owner reaches neither the page nor its form.
        var (stranger, _) = await OwnerAsync("import-zuordnung-fremd@example.de");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(mapLink)).StatusCode);

        var (_, form) = await Html.GetAsync(client, mapLink);
        Assert.Equal(6, form.QuerySelectorAll("main select").Length);
        Assert.Contains("(ohne Überschrift)", Html.Text(form));
        Assert.All(form.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlSelectElement>("main select"), sel => Assert.Equal("Ignored", sel.Value));

        // Two columns for one field, and a required field left out: German messages, the choices kept.
        var wrong = new Dictionary<string, string> { ["Spalten[0]"] = "Date", ["Spalten[1]"] = "Date", ["Spalten[2]"] = "PerformedBy" };
        var response = await Html.SubmitAsync(client, form, wrong);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await Html.ParseAsync(response);
        var errors = Html.Text(again);
        Assert.Contains("„Datum“ ist schon der Spalte „Wann“ zugeordnet", errors);
        Assert.Contains("Bitte ordnen Sie „Art“, „Kilometerstand“ je einer Spalte zu", errors);
        Assert.Equal("Date", again.QuerySelector<AngleSharp.Html.Dom.IHtmlSelectElement>("#Spalten_1_")!.Value);
        Assert.NotNull(again.QuerySelector("a[href='#Spalten_1_']")); // the error summary links to the field
        var blank = await Html.SubmitAsync(client, form, new Dictionary<string, string>
            { ["Spalten[0]"] = "Date", ["Spalten[1]"] = "Type", ["Spalten[2]"] = "PerformedBy", ["Spalten[3]"] = "Odometer", ["Spalten[5]"] = "Remark" });
        Assert.Contains("keine Überschrift", Html.Text(await Html.ParseAsync(blank)));
        var forged = await Html.SubmitAsync(client, form, new Dictionary<string, string> { ["Spalten[0]"] = "Description" });
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);

        var right = new Dictionary<string, string>
            { ["Spalten[0]"] = "Date", ["Spalten[1]"] = "Type", ["Spalten[2]"] = "PerformedBy", ["Spalten[3]"] = "Odometer", ["Spalten[4]"] = "Remark" };
        Html.AssertRedirect(await Html.SubmitAsync(client, form, right), runUrl);
        Html.AssertRedirect(await Html.SubmitAsync(client, form, right), runUrl); // a second submit queues nothing
        await Jobs.DrainAsync(app, ImportProcessor.CheckKind);
        var (_, checkedPage) = await Html.GetAsync(client, runUrl);
        Assert.Contains("2 können importiert werden", Html.Text(checkedPage));
        await ConfirmAsync(client, runUrl, checkedPage);
        var entries = await EntriesAsync(vehicleId);
        Assert.Equal(2, entries.Count);
        Assert.Equal("neue Bremsen", entries[0].Remark);
        Assert.Null(entries[1].Remark);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.ImportColumnsMapped)));

        // The next file with the same names is recognised at once; another owner's is not.
        var next = Encoding.UTF8.GetBytes("WANN;Was;wer;Tacho\n01.02.2023;Pflege;Eigenleistung;30.000\n");
        var (_, nextPage) = await CheckAsync(client, vehicleId, next);
        Assert.Contains("1 können importiert werden", Html.Text(nextPage));
        var (otherClient, otherVehicle) = await OwnerAsync("import-zuordnung-fremd2@example.de");
        var (_, otherPage) = await CheckAsync(otherClient, otherVehicle, next);
        Assert.Contains("Stand: Spalten zuordnen", Html.Text(otherPage));
    }

    [Fact]
    public async Task An_unconfirmed_import_loses_its_file_after_seven_days_and_orphaned_files_go_after_a_day()
    {
        var (client, vehicleId) = await OwnerAsync("import-verfall@example.de");
        var (runUrl, page) = await CheckAsync(client, vehicleId, Encoding.UTF8.GetBytes("Datum;Art;Ausgeführt von;Kilometerstand\n01.02.2021;Inspektion;Fachwerkstatt;10.000\n"));
        var files = app.Services.GetRequiredService<ImportFiles>();
        var runId = runUrl.Split('/').Last();
        var key = await app.WithDbAsync(db => db.ImportRuns.Where(r => r.PublicId == runId).Select(r => r.FileKey).SingleAsync());
        Assert.True(File.Exists(files.PathOf(key!)));
        var now = app.Clock.GetUtcNow();
        async Task CheckedAgoAsync(TimeSpan ago) => await app.WithDbAsync(async db =>
        {
            var run = await db.ImportRuns.SingleAsync(r => r.PublicId == runId);
            db.Entry(run).Property(r => r.CheckedAt).CurrentValue = now - ago;
            return await db.SaveChangesAsync();
        });
        async Task CleanUpAsync()
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ImportCleanup>().RunAsync(new LifeTimeCircle.Infrastructure.Jobs.NoPayload(), null!, CancellationToken.None);
        }
        var oldOrphan = files.PathOf(new string('a', 32));
        var newOrphan = files.PathOf(new string('b', 32));
        await File.WriteAllTextAsync(oldOrphan, "x");
        await File.WriteAllTextAsync(newOrphan, "x");
        File.SetLastWriteTimeUtc(oldOrphan, (now - TimeSpan.FromDays(2)).UtcDateTime);
        File.SetLastWriteTimeUtc(newOrphan, (now - TimeSpan.FromHours(1)).UtcDateTime);

        await CheckedAgoAsync(TimeSpan.FromDays(6));
        await CleanUpAsync();
        Assert.True(File.Exists(files.PathOf(key!)));
        Assert.False(File.Exists(oldOrphan));
        Assert.True(File.Exists(newOrphan));
        File.Delete(newOrphan);

        await CheckedAgoAsync(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await CleanUpAsync();
        Assert.False(File.Exists(files.PathOf(key!)));
        var (_, expired) = await Html.GetAsync(client, runUrl);
        Assert.Contains("Stand: nicht bestätigt, Datei gelöscht", Html.Text(expired));
        Assert.Contains("nach 7 Tagen ohne Bestätigung gelöscht", Html.Text(expired));
        Assert.Null(expired.QuerySelector("form[action*=Bestaetigen]"));
        // The old confirmation form does nothing any more.
        Html.AssertRedirect(await Html.SubmitAsync(client, page, new Dictionary<string, string>(), "main form[method=post][action*=Bestaetigen]"), runUrl);
        Assert.Empty(await EntriesAsync(vehicleId));
        Assert.Equal(ImportStatus.Verfallen, await app.WithDbAsync(db => db.ImportRuns.Where(r => r.PublicId == runId).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task After_a_handover_the_buyer_reaches_none_of_the_sellers_imports_and_their_reports_are_gone()
    {
        var (seller, vehicleId) = await OwnerAsync("import-verkaeufer@example.de");
        var (doneUrl, donePage) = await CheckAsync(seller, vehicleId, Encoding.UTF8.GetBytes("Datum;Art;Ausgeführt von;Kilometerstand;Bemerkung\n01.02.2021;Inspektion;Fachwerkstatt;10.000;Privatnotiz\n31.02.2021;Reifen;Reifenservice;11.000;geheim\n"));
        await ConfirmAsync(seller, doneUrl, donePage);
        var (pendingUrl, _) = await CheckAsync(seller, vehicleId, Encoding.UTF8.GetBytes("Datum;Art;Ausgeführt von;Kilometerstand\n01.02.2022;Pflege;Eigenleistung;12.000\n"));
        var (buyerClient, _) = await OwnerAsync("import-kaeufer@example.de");
        var buyerId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "import-kaeufer@example.de").Select(u => u.Id).SingleAsync());
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Data.AppDbContext>();
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
            await using var tx = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Vehicles.TransferService>().MoveAsync(vehicle, buyerId, app.Clock.GetUtcNow(), CancellationToken.None);
            await tx.CommitAsync();
        }
        foreach (var url in new[] { doneUrl, doneUrl + "?handler=Bericht", doneUrl + "/Rueckgaengig", pendingUrl, pendingUrl + "/Zuordnung" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await buyerClient.GetAsync(url)).StatusCode);
        }
        var (_, index) = await Html.GetAsync(buyerClient, $"/Fahrzeuge/{vehicleId}/Import");
        Assert.DoesNotContain("Bisherige Importe", Html.Text(index));
        var runs = await app.WithDbAsync(db => db.ImportRuns.AsNoTracking().Where(r => db.Vehicles.Any(v => v.Id == r.VehicleId && v.PublicId == vehicleId)).ToListAsync());
        Assert.Equal([ImportStatus.Importiert, ImportStatus.Verfallen], runs.OrderBy(r => r.Id).Select(r => r.Status).ToArray());
        Assert.All(runs, r => Assert.Null(r.FileKey));
        Assert.Equal(0, await app.WithDbAsync(db => db.ImportIssues.CountAsync(i => runs.Select(r => r.Id).Contains(i.ImportRunId))));
        Assert.Single(await EntriesAsync(vehicleId)); // the imported entry stays as history of the car
    }

    [Fact]
    public async Task One_file_at_a_time_per_owner_and_at_most_twenty_a_day()
    {
        var (client, vehicleId) = await OwnerAsync("import-quote@example.de");
        var csv = Encoding.UTF8.GetBytes("Datum;Art;Ausgeführt von;Kilometerstand\n01.02.2021;Inspektion;Fachwerkstatt;10.000\n");
        Html.AssertRedirect(await UploadAsync(client, vehicleId, csv), $"/Fahrzeuge/{vehicleId}/Import/");
        var busy = await UploadAsync(client, vehicleId, csv); // the first is still waiting for its check
        Assert.Equal(HttpStatusCode.OK, busy.StatusCode);
        Assert.Contains("wird gerade geprüft oder importiert", Html.Text(await Html.ParseAsync(busy)));
        await Jobs.DrainAsync(app, ImportProcessor.CheckKind);
        await app.WithDbAsync(async db =>
        {
            var run = await db.ImportRuns.FirstAsync(r => db.Vehicles.Any(v => v.Id == r.VehicleId && v.PublicId == vehicleId));
            for (var i = 0; i < ImportRequests.MaxUploadsPerDay; i++)
            {
                db.ImportRuns.Add(new ImportRun(run.OwnerId, run.VehicleId, null!, 1, OdometerUnit.Km, app.Clock.GetUtcNow()));
            }
            await db.SaveChangesAsync();
            await db.ImportRuns.Where(r => r.OwnerId == run.OwnerId && r.Id != run.Id).ExecuteUpdateAsync(x => x.SetProperty(r => r.Status, ImportStatus.Abgelehnt));
            return 0;
        });
        var many = await UploadAsync(client, vehicleId, csv);
        Assert.Equal(HttpStatusCode.OK, many.StatusCode);
        Assert.Contains("in den letzten 24 Stunden schon 20 Dateien", Html.Text(await Html.ParseAsync(many)));
    }

    [Theory]
    [InlineData("zip", "entpackt größer als")]
    [InlineData("xls", "alten Excel-Format")]
    [InlineData("nosheet", "keine lesbare Excel-Arbeitsmappe")]
    [InlineData("brokenzip", "keine lesbare Excel-Arbeitsmappe")]
    [InlineData("quotes", "Anführungszeichen")]
    [InlineData("binary", "Binärdaten")]
    [InlineData("pdf", "PDF-Datei")]
    [InlineData("rows", "mehr als 60 Datenzeilen")]
    [InlineData("empty", "nur die Kopfzeile")]
    [InlineData("bom", "ungültige Zeichen")]
    [InlineData("utf16", "ungültige Zeichen")]
    public async Task A_bad_file_gets_a_clear_german_message_and_nothing_is_imported(string kind, string message)
    {
        var (client, vehicleId) = await OwnerAsync($"import-kaputt-{kind}@example.de");
        var header = "Datum;Art;Ausgeführt von;Kilometerstand\n";
        var content = kind switch
        {
            // A zip bomb: a worksheet of 12 MiB of zeros in 12 KiB; unpacking stops at 64 × the upload limit.
            "zip" => ZipBomb(),
            "xls" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
            "nosheet" => Zip(("word/document.xml", "<w:document/>"u8.ToArray())),
            "brokenzip" => ZipBomb()[..4096],
            "quotes" => Encoding.UTF8.GetBytes(header + "01.02.2021;\"Inspektion;Fachwerkstatt;10.000\n01.03.2021;Reifen;Reifenservice;20.000\n"),
            "binary" => [.. Encoding.ASCII.GetBytes("Datum;Art\n"), 0, 1, 2, 3],
            "pdf" => Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"),
            "rows" => Encoding.UTF8.GetBytes(header + string.Concat(Enumerable.Range(0, ImportFactory.MaxRows + 1).Select(i => $"01.02.2021;Inspektion;Fachwerkstatt;{i}\n"))),
            "empty" => Encoding.UTF8.GetBytes(header),
            "bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(header), 0xC3, 0x28, (byte)'\n'],
            // UTF-16 with BOM whose data holds a lone surrogate.
            "utf16" => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(header), 0x00, 0xD8, 0x41, 0x00, 0x0A, 0x00],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var dir = app.Services.GetRequiredService<ImportFiles>().Dir;
        var filesBefore = Directory.Exists(dir) ? Directory.GetFiles(dir).Length : 0;
        var (_, page) = await CheckAsync(client, vehicleId, content);
        var text = Html.Text(page);
        Assert.Contains(message, text);
        Assert.Equal(filesBefore, Directory.GetFiles(dir).Length); // the refused file is deleted
        Assert.Contains("Es wurde nichts importiert", text);
        Assert.Null(page.QuerySelector("form[action*=Bestaetigen]"));
        Assert.Empty(await EntriesAsync(vehicleId));
    }

    [Fact]
    public async Task A_file_above_the_size_limit_is_refused_at_upload_with_the_form_kept()
    {
        var (client, vehicleId) = await OwnerAsync("import-gross@example.de");
        var response = await UploadAsync(client, vehicleId, new byte[ImportFactory.MaxBytes + 1]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains("Die Datei ist größer als", Html.Text(page));
        Assert.Equal(0, await app.WithDbAsync(db => db.ImportRuns.CountAsync(r => db.Vehicles.Any(v => v.Id == r.VehicleId && v.PublicId == vehicleId))));
    }

    [Fact]
    public async Task Another_owner_gets_404_for_the_import_pages_the_report_and_the_confirmation()
    {
        var (owner, vehicleId) = await OwnerAsync("import-eigen@example.de");
        var (runUrl, _) = await CheckAsync(owner, vehicleId, Encoding.UTF8.GetBytes("Datum;Art;Ausgeführt von;Kilometerstand\n01.02.2021;Inspektion;Fachwerkstatt;10.000\n"));
        var (stranger, ownVehicle) = await OwnerAsync("import-fremd@example.de");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Fahrzeuge/{vehicleId}/Import")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(runUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(runUrl + "?handler=Bericht")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Fahrzeuge/{vehicleId}/Exporte/Tabelle")).StatusCode);
        // The run id under the stranger's own vehicle is not found either.
        var runId = runUrl.Split('/').Last();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Fahrzeuge/{ownVehicle}/Import/{runId}")).StatusCode);
        var (_, ownPage) = await Html.GetAsync(stranger, $"/Fahrzeuge/{ownVehicle}/Import");
        var token = ownPage.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var confirm = await stranger.PostAsync(runUrl + "?handler=Bestaetigen", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
        var anonymous = app.CreateBrowserClient();
        var redirect = await anonymous.GetAsync(runUrl);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
    }

    [Fact]
    public async Task Round_trip_the_csv_export_imported_into_a_new_account_reproduces_the_entries()
    {
        await app.CreateUserAsync("rund-alt@example.de");
        var (sourceId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, "rund-alt@example.de", 12);
        var sourceClient = app.CreateBrowserClient();
        await Flows.SignInAsync(sourceClient, "rund-alt@example.de");
        var (_, exports) = await Html.GetAsync(sourceClient, $"/Fahrzeuge/{sourceId}/Exporte");
        var link = exports.QuerySelectorAll<IHtmlAnchorElement>("a").Single(a => a.TextContent.Contains("Als CSV exportieren", StringComparison.Ordinal));
        var export = await sourceClient.GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        output.WriteLine(text);
        Assert.StartsWith("Datum;Art;Ausgeführt von;Betrieb;Kilometerstand;Kosten;Bemerkung", text);
        Assert.Contains("123,45", text); // German decimals

        var (client, targetId) = await OwnerAsync("rund-neu@example.de");
        var (runUrl, page) = await CheckAsync(client, targetId, bytes);
        Assert.Contains("12 können importiert werden", Html.Text(page));
        await ConfirmAsync(client, runUrl, page);
        var before = (await EntriesAsync(sourceId)).Select(Comparable).ToList();
        var after = (await EntriesAsync(targetId)).Select(Comparable).ToList();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task An_import_is_undone_as_a_whole_after_a_confirmation_page_and_only_by_its_owner()
    {
        var (client, vehicleId) = await OwnerAsync("import-undo@example.de");
        using (var scope = app.Services.CreateScope())
        {
            // One entry of the owner's own that must survive the undo.
            var db = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Data.AppDbContext>();
            var writer = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Vehicles.EntryWriter>();
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
            db.Entries.Add(Entry.Create(vehicle.Id, new EntryValues(new DateOnly(2019, 1, 1), EntryCategory.Pflege, BusinessType.Eigenleistung, null, 5000, null, null, false),
                vehicle.OwnerId, app.Clock.GetUtcNow(), new DateOnly(2026, 11, 28)));
            await db.SaveChangesAsync();
            _ = writer;
        }
        var (runUrl, page) = await CheckAsync(client, vehicleId, Encoding.UTF8.GetBytes("Datum;Art;Ausgeführt von;Kilometerstand\n01.02.2021;Inspektion;Fachwerkstatt;10.000\n01.03.2022;Reifen;Reifenservice;4.000\n"));
        var done = await ConfirmAsync(client, runUrl, page);
        Assert.Equal(3, (await EntriesAsync(vehicleId)).Count);
        var flagsBefore = await app.WithDbAsync(db => db.OdometerFlags.CountAsync(f => f.ResolvedAt == null && db.Vehicles.Any(v => v.Id == f.VehicleId && v.PublicId == vehicleId)));
        Assert.True(flagsBefore > 0); // 4.000 km in 2022 after 10.000 km in 2021 is flagged

        var link = done.QuerySelectorAll<IHtmlAnchorElement>("a").Single(a => a.TextContent.Contains("Import rückgängig machen", StringComparison.Ordinal));
        var (stranger, _) = await OwnerAsync("import-undo-fremd@example.de");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(link.GetAttribute("href"))).StatusCode);
        var (_, confirmPage) = await Html.GetAsync(client, link.GetAttribute("href")!);
        Assert.Contains("wird ganz entfernt: 2 Einträge", Html.Text(confirmPage));
        Assert.Equal(3, (await EntriesAsync(vehicleId)).Count); // GET changes nothing
        var response = await Html.SubmitAsync(client, confirmPage, new Dictionary<string, string>());
        Html.AssertRedirect(response, runUrl);
        var (_, after) = await Html.GetAsync(client, runUrl);
        Assert.Contains("2 Einträge wurden entfernt", Html.Text(after));
        Assert.Contains("Stand: rückgängig gemacht", Html.Text(after));
        var left = await EntriesAsync(vehicleId);
        Assert.Equal(EntryCategory.Pflege, Assert.Single(left).Category);
        Assert.Equal(0, await app.WithDbAsync(db => db.OdometerFlags.CountAsync(f => f.ResolvedAt == null && db.Vehicles.Any(v => v.Id == f.VehicleId && v.PublicId == vehicleId))));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.ImportUndone && a.TargetId == runUrl.Split('/', StringSplitOptions.None).Last())));
        // A second click changes nothing; after 7 days the import stays.
        Assert.Equal(HttpStatusCode.Redirect, (await Html.SubmitAsync(client, confirmPage, new Dictionary<string, string>())).StatusCode);
        var run = new ImportRun("u", 1, "00000000000000000000000000000000", 1, OdometerUnit.Km, app.Clock.GetUtcNow());
        run.Done(1, 0, app.Clock.GetUtcNow());
        Assert.True(run.CanUndo(app.Clock.GetUtcNow().AddDays(7)));
        Assert.False(run.CanUndo(app.Clock.GetUtcNow().AddDays(7).AddSeconds(1)));
    }

    private static (DateOnly, EntryCategory, BusinessType, string?, int, long?, string?) Comparable(Entry e) =>
        (e.Date, e.Category, e.PerformedBy, e.PerformedByName, e.OdometerKm, e.CostCents, e.Remark);

    /// <summary>A zip bomb within the upload limit: a worksheet part of 12 MiB of zeros, deflated to about 12 KiB.</summary>
    private static byte[] ZipBomb()
    {
        var bomb = Zip(("xl/worksheets/sheet1.xml", new byte[12 * 1024 * 1024]));
        Assert.True(bomb.Length <= ImportFactory.MaxBytes, "zip bomb " + bomb.Length);
        return bomb;
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] parts)
    {
        using var ms = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in parts)
            {
                using var s = zip.CreateEntry(name, System.IO.Compression.CompressionLevel.SmallestSize).Open();
                s.Write(content);
            }
        }
        return ms.ToArray();
    }

    /// <summary>A workbook as Excel writes it (MiniExcel): typed dates and numbers where given, text cells elsewhere.</summary>
    private static byte[] Workbook(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var ms = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(ms, rows.ToList());
        return ms.ToArray();
    }
}
