using System.Net;
using System.Text;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Infrastructure.Jobs;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Web;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace LifeTimeCircle.Tests.Exporte;

/// <summary>The app with the export worker switched off: tests drive <see cref="ExportProcessor"/> directly, so nothing depends on timing.</summary>
public sealed class ExportFactory : LtcFactory
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_JOBS_WORKER"] = "false" };
}

public sealed class ExportTests(ExportFactory app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ExportFactory>
{
    private async Task<bool> ProcessAsync()
    {
        return await Jobs.DrainAsync(app.Services, ExportProcessor.Kind) > 0;
    }

    private async Task<int> ExpireAsync()
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ExportProcessor>().ExpireDueAsync(CancellationToken.None);
    }

    /// <summary>A vehicle with entries, its mini-check switched on, one approved invoice on the first entry and one still in quarantine.</summary>
    private async Task<(string Vehicle, string Vin, string ApprovedSha, string QuarantinedDoc)> SeedAsync(string email, int entries = 4)
    {
        var (vehicle, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, entries);
        var approved = await DocumentSeed.CreateDocumentAsync(app, vehicle, entry);
        var quarantined = await DocumentSeed.CreateDocumentAsync(app, vehicle, null);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var doc = await db.Documents.SingleAsync(d => d.PublicId == approved);
        doc.ScannedClean(app.Clock.GetUtcNow());
        doc.Approve(app.Clock.GetUtcNow());
        var v = await db.Vehicles.SingleAsync(x => x.PublicId == vehicle);
        v.EnableShare();
        // A damage event of the Unfall-Trust folder with both documents linked (the export carries the folder, ADR 0023).
        var damage = new LifeTimeCircle.Domain.Vehicles.DamageEvent(v.Id, new DateOnly(2024, 3, 14), "Kotflügel vorne links", "Lackiererei Brandt",
            new DateOnly(2026, 11, 28), app.Clock.GetUtcNow());
        v.OpenAccidentFolder(app.Clock.GetUtcNow());
        db.DamageEvents.Add(damage);
        await db.SaveChangesAsync();
        var quarantinedId = await db.Documents.Where(d => d.PublicId == quarantined).Select(d => d.Id).SingleAsync();
        db.DamageEvidence.AddRange(
            new LifeTimeCircle.Domain.Vehicles.DamageEvidence(v.Id, damage.Id, doc.Id, LifeTimeCircle.Domain.Vehicles.DamageEvidenceRole.Reparaturrechnung, app.Clock.GetUtcNow()),
            new LifeTimeCircle.Domain.Vehicles.DamageEvidence(v.Id, damage.Id, quarantinedId, LifeTimeCircle.Domain.Vehicles.DamageEvidenceRole.Gutachten, app.Clock.GetUtcNow()));
        // A Restauration-Trust stage with a milestone and the approved document as its Nachweis (ADR 0023 §3).
        var stage = new LifeTimeCircle.Domain.Vehicles.RestorationStage(v.Id, LifeTimeCircle.Domain.Addons.AddonKeys.Restauration, app.Clock.GetUtcNow());
        stage.Update(LifeTimeCircle.Domain.Vehicles.StageKind.Lack, null, new DateOnly(2023, 3, 1), new DateOnly(2023, 6, 30), "Lackiererei Sonnenschein",
            "Komplettlackierung in Originalfarbe.", 425050, new DateOnly(2026, 11, 28), app.Clock.GetUtcNow());
        db.RestorationStages.Add(stage);
        await db.SaveChangesAsync();
        db.StageMilestones.Add(new LifeTimeCircle.Domain.Vehicles.StageMilestone(stage.Id, new DateOnly(2023, 4, 1), "Grundierung fertig", new DateOnly(2026, 11, 28), app.Clock.GetUtcNow()));
        db.StageEvidence.Add(new LifeTimeCircle.Domain.Vehicles.StageEvidence(v.Id, stage.Id, doc.Id, LifeTimeCircle.Domain.Vehicles.StageEvidenceRole.Nachweis, app.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
        var vin = scope.ServiceProvider.GetRequiredService<VinProtector>().Decrypt(v.VinCipher);
        return (vehicle, vin, doc.Sha256!, quarantined);
    }

    private static async Task<HttpResponseMessage> RequestAsync(HttpClient client, string vehicle, ExportType type)
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Exporte");
        var form = page.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form")
            .First(f => f.QuerySelector($"input[name=Type][value={type}]") is not null && f.QuerySelector("input[name=Bestaetigt]") is null);
        return await Html.SubmitFormAsync(client, form, new Dictionary<string, string>());
    }

    private Task<ExportJob> LatestJobAsync(ExportType type, string vehicle) =>
        app.WithDbAsync(db => db.ExportJobs.AsNoTracking().Where(j => j.Type == type && db.Vehicles.Any(v => v.Id == j.VehicleId && v.PublicId == vehicle))
            .OrderByDescending(j => j.Version).FirstAsync());

    private static string PdfText(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return string.Concat(doc.GetPages().Select(p => p.Text));
    }

    private static string NoSpace(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [Fact]
    public async Task An_owner_gets_a_trust_certificate_and_a_maintenance_report_that_expire_with_their_files()
    {
        const string email = "zertifikat@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, vin, sha, _) = await SeedAsync(email);

        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.TrustZertifikat), "/Exporte");
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.Wartungsstand), "/Exporte");
        var (_, waiting) = await Html.GetAsync(owner, "/Exporte");
        Assert.Contains("wartet", Html.Text(waiting));
        Assert.Contains("http-equiv=\"refresh\"", waiting.Head!.InnerHtml, StringComparison.Ordinal); // inside <noscript>
        Assert.NotNull(waiting.QuerySelector("progress"));

        Assert.True(await ProcessAsync());
        var (_, done) = await Html.GetAsync(owner, "/Exporte");
        Assert.DoesNotContain("refresh", done.Head!.InnerHtml, StringComparison.Ordinal);
        Assert.Null(done.QuerySelector("progress"));
        var certificate = await LatestJobAsync(ExportType.TrustZertifikat, vehicle);
        var maintenance = await LatestJobAsync(ExportType.Wartungsstand, vehicle);
        Assert.Equal(ExportStatus.Succeeded, certificate.Status);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(90), certificate.ExpiresAt);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(30), maintenance.ExpiresAt);

        var download = await owner.GetAsync($"/Exporte/{certificate.PublicId}/Datei");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        var pdf = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(certificate.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)));
        var text = NoSpace(PdfText(pdf));
        output.WriteLine($"Trust-Zertifikat: {pdf.Length} Bytes");
        Assert.Contains(NoSpace(TrustEngine.Disclaimer), text, StringComparison.Ordinal);
        Assert.Contains("Trust-Zertifikat", text, StringComparison.Ordinal);
        Assert.Contains(NoSpace("Fahrzeug-Identnummer (maskiert) " + vin[..3] + "***" + vin[^4..]), text, StringComparison.Ordinal); // label cell, value cell
        Assert.Contains(sha, text, StringComparison.Ordinal);
        Assert.Contains(certificate.VerificationCode!, text, StringComparison.Ordinal);
        Assert.Contains("Gültigbis", text, StringComparison.Ordinal); // umlauts survive as text
        Assert.DoesNotContain(vin, text, StringComparison.Ordinal);
        Assert.DoesNotContain(email, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bremsengeprüft", text, StringComparison.Ordinal); // remarks are free text
        using (var parsed = PdfDocument.Open(pdf))
        {
            Assert.Equal(595, (int)parsed.GetPage(1).Width); // A4 portrait in points
            Assert.Contains(parsed.GetPage(1).Letters, l => (l.FontName ?? "").Contains("DejaVu", StringComparison.Ordinal));
            Assert.Contains("/FontFile2", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal); // the font program is embedded
            Assert.True(parsed.Structure.Catalog.CatalogDictionary.ContainsKey(UglyToad.PdfPig.Tokens.NameToken.StructTreeRoot), "getaggtes PDF");
        }

        var maintenancePdf = await owner.GetByteArrayAsync($"/Exporte/{maintenance.PublicId}/Datei");
        var maintenanceText = NoSpace(PdfText(maintenancePdf));
        Assert.Contains("Wartungsstand", maintenanceText, StringComparison.Ordinal);
        Assert.Contains(NoSpace(TrustEngine.Disclaimer), maintenanceText, StringComparison.Ordinal);
        Assert.Contains("Fachwerkstatt", maintenanceText, StringComparison.Ordinal);
        Assert.DoesNotContain(vin, maintenanceText, StringComparison.Ordinal);

        // The printed code can be checked publicly.
        var anonymous = app.CreateBrowserClient();
        var (_, check) = await Html.GetAsync(anonymous, "/Zertifikat?code=" + certificate.VerificationCode);
        Assert.Contains("Zertifikat gültig", Html.Text(check));
        var (_, unknown) = await Html.GetAsync(anonymous, "/Zertifikat?code=AAAA-BBBB-CC");
        Assert.Contains("Kein Zertifikat gefunden", Html.Text(unknown));

        // A new version needs a confirmation and replaces the old file.
        var again = await RequestAsync(owner, vehicle, ExportType.TrustZertifikat);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var confirmPage = await Html.ParseAsync(again);
        Assert.Contains("Neue Fassung erstellen?", Html.Text(confirmPage));
        Assert.Equal(1, (await LatestJobAsync(ExportType.TrustZertifikat, vehicle)).Version);
        var confirm = confirmPage.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form").First(f => f.QuerySelector("input[name=Bestaetigt]") is not null);
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, confirm, new Dictionary<string, string>()), "/Exporte");
        Assert.True(await ProcessAsync());
        var second = await LatestJobAsync(ExportType.TrustZertifikat, vehicle);
        Assert.Equal((2, ExportStatus.Succeeded), (second.Version, second.Status));
        var first = await app.WithDbAsync(db => db.ExportJobs.AsNoTracking().SingleAsync(j => j.Id == certificate.Id));
        Assert.Equal((ExportStatus.Expired, (int?)2, (string?)null), (first.Status, first.ReplacedByVersion, first.FileKey));
        Assert.False(File.Exists(Path.Combine(app.DataDir, "exports", certificate.FileKey!)));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Exporte/{certificate.PublicId}/Datei")).StatusCode);

        // 90 days later the files are gone and the rows say so.
        app.Clock.Advance(TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1));
        Assert.True(await ExpireAsync() >= 2);
        var expired = await LatestJobAsync(ExportType.TrustZertifikat, vehicle);
        Assert.Equal(ExportStatus.Expired, expired.Status);
        Assert.Null(expired.FileKey);
        Assert.False(File.Exists(Path.Combine(app.DataDir, "exports", second.FileKey!)));
        owner = app.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(owner, email), "/");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Exporte/{second.PublicId}/Datei")).StatusCode);
        var (_, history) = await Html.GetAsync(owner, "/Exporte");
        Assert.Contains("abgelaufen", Html.Text(history));
        Assert.Contains("ersetzt durch Fassung 2", Html.Text(history));
        var (_, expiredCheck) = await Html.GetAsync(anonymous, "/Zertifikat?code=" + second.VerificationCode);
        Assert.Contains("Zertifikat nicht mehr gültig", Html.Text(expiredCheck));
        var audit = await app.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == second.PublicId).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.ExportRedactedRequested, audit);
        Assert.Contains(AuditActions.ExportRedactedReady, audit);
        Assert.Contains(AuditActions.ExportExpired, audit);
    }

    [Fact]
    public async Task A_full_export_needs_a_step_up_is_stored_encrypted_and_downloads_exactly_once()
    {
        const string email = "vollexport@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, vin, _, quarantined) = await SeedAsync(email);

        var refused = await RequestAsync(owner, vehicle, ExportType.DatenVoll);
        Html.AssertRedirect(refused, "/Exporte/Bestaetigen");
        Assert.False(await app.WithDbAsync(db => db.ExportJobs.AnyAsync(j => j.Type == ExportType.DatenVoll && j.RequestedBy == db.Users.Single(u => u.Email == email).Id)));
        Assert.True(await app.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.ExportDenied && a.TargetId == vehicle)));

        var (_, stepUpPage) = await Html.GetAsync(owner, refused.Headers.Location!.OriginalString);
        var stepUpForm = stepUpPage.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form")!;
        var wrong = await Html.SubmitFormAsync(owner, stepUpForm, new Dictionary<string, string> { ["Input.Secret"] = "falsch-falsch" });
        Assert.Contains("Das Passwort oder der Code ist falsch.", Html.Text(await Html.ParseAsync(wrong)));
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, stepUpForm, new Dictionary<string, string> { ["Input.Secret"] = TestData.Password }), $"/Fahrzeuge/{vehicle}/Exporte");

        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.DatenVoll), "/Exporte");
        Assert.True(await ProcessAsync());
        var job = await LatestJobAsync(ExportType.DatenVoll, vehicle);
        Assert.True(job.Encrypted);
        var raw = await File.ReadAllBytesAsync(Path.Combine(app.DataDir, "exports", job.FileKey!));
        Assert.Equal("LTCE1\n"u8.ToArray(), raw[..6]);
        Assert.DoesNotContain(vin, Encoding.Latin1.GetString(raw), StringComparison.Ordinal);

        var (_, list) = await Html.GetAsync(owner, "/Exporte");
        Assert.Null(list.QuerySelector($"a[href='/Exporte/{job.PublicId}/Datei']"));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Exporte/{job.PublicId}/Datei")).StatusCode);
        var prepare = list.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Token']").Single(f => f.QuerySelector($"input[value='{job.PublicId}']") is not null);
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, prepare, new Dictionary<string, string>()), "/Exporte");
        var (_, ready) = await Html.GetAsync(owner, "/Exporte");
        var downloadForm = ready.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>($"form[action='/Exporte/{job.PublicId}/Datei']")!;
        var token = downloadForm.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=Token]")!.Value;
        Assert.Null(await app.WithDbAsync(db => db.ExportJobs.Where(j => j.Id == job.Id && j.TokenHash == token).Select(j => j.TokenHash).SingleOrDefaultAsync()));

        var first = await Html.SubmitFormAsync(owner, downloadForm, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var json = await first.Content.ReadAsStringAsync();
        Assert.Contains($"\"vin\": \"{vin}\"", json, StringComparison.Ordinal);
        Assert.Contains("Öl und Filter gewechselt", json, StringComparison.Ordinal);
        Assert.Contains("contentBase64", json, StringComparison.Ordinal);
        Assert.Contains(quarantined, json, StringComparison.Ordinal); // the owner's own files, all of them
        // The Unfall-Trust folder with its free text and every link.
        using (var parsed = System.Text.Json.JsonDocument.Parse(json))
        {
            var damage = parsed.RootElement.GetProperty("damageEvents").EnumerateArray().Single();
            Assert.Equal(("2024-03-14", "Kotflügel vorne links", "Lackiererei Brandt"),
                (damage.GetProperty("date").GetString(), damage.GetProperty("damage").GetString(), damage.GetProperty("performedBy").GetString()));
            Assert.Equal(new string?[] { "Gutachten", "Reparaturrechnung" }, damage.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("role").GetString()).Order().ToArray());
            var stage = parsed.RootElement.GetProperty("restorationStages").EnumerateArray().Single();
            Assert.Equal(("restauration", "Lack", "2023-03-01", "2023-06-30", "Lackiererei Sonnenschein", 4250.50m),
                (stage.GetProperty("folder").GetString(), stage.GetProperty("kind").GetString(), stage.GetProperty("from").GetString(), stage.GetProperty("to").GetString(),
                 stage.GetProperty("performedBy").GetString(), stage.GetProperty("costEur").GetDecimal()));
            Assert.Equal("Grundierung fertig", stage.GetProperty("milestones").EnumerateArray().Single().GetProperty("text").GetString());
            Assert.Equal("Nachweis", stage.GetProperty("evidence").EnumerateArray().Single().GetProperty("role").GetString());
        }
        Assert.Equal(job.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(json))));
        Assert.False(File.Exists(Path.Combine(app.DataDir, "exports", job.FileKey!)));

        var second = await Html.SubmitFormAsync(owner, downloadForm, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        var actions = await app.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == job.PublicId).Select(a => new { a.Action, a.Result }).ToListAsync());
        Assert.Contains(actions, a => a.Action == AuditActions.ExportFullRequested);
        Assert.Contains(actions, a => a.Action == AuditActions.ExportFullReady);
        Assert.Contains(actions, a => a.Action == AuditActions.ExportDownloaded);
        Assert.Contains(actions, a => a.Action == AuditActions.ExportDenied && a.Result == AuditResult.Denied);
    }

    [Fact]
    public async Task A_missing_or_undecryptable_export_file_reads_expired_instead_of_failing()
    {
        const string email = "datei-weg@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, _, _, _) = await SeedAsync(email);
        var storage = app.Services.GetRequiredService<ExportStorage>();

        // A restored backup has no exports/ directory content: the download says so, the row reads „abgelaufen“.
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.Wartungsstand), "/Exporte");
        Assert.True(await ProcessAsync());
        var pdf = await LatestJobAsync(ExportType.Wartungsstand, vehicle);
        File.Delete(storage.PathOf(pdf.FileKey!));
        Html.AssertRedirect(await owner.GetAsync($"/Exporte/{pdf.PublicId}/Datei"), "/Exporte");
        var (_, list) = await Html.GetAsync(owner, "/Exporte");
        Assert.Contains("Diese Datei ist nicht mehr vorhanden. Bitte fordern Sie den Export neu an.", Html.Text(list));
        Assert.Equal(ExportStatus.Expired, (await LatestJobAsync(ExportType.Wartungsstand, vehicle)).Status);

        // The same after a restart: recovery marks rows whose file is gone.
        var renewal = await RequestAsync(owner, vehicle, ExportType.Wartungsstand);
        var confirmForm = (await Html.ParseAsync(renewal)).QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form").First(f => f.QuerySelector("input[name=Bestaetigt]") is not null);
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, confirmForm, new Dictionary<string, string>()), "/Exporte");
        Assert.True(await ProcessAsync());
        var again = await LatestJobAsync(ExportType.Wartungsstand, vehicle);
        File.Delete(storage.PathOf(again.FileKey!));
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ExportProcessor>().RecoverAsync(CancellationToken.None);
        }
        Assert.Equal(ExportStatus.Expired, (await LatestJobAsync(ExportType.Wartungsstand, vehicle)).Status);

        // A full export that cannot be decrypted any more (altered file, or a rotated LTC_SECRET_KEY) is reported, not a 500.
        // (A return URL with a control character is not followed, and is not a 500 either.)
        var (_, stepUp) = await Html.GetAsync(owner, "/Exporte/Bestaetigen?returnUrl=/Exporte%0Ax");
        var confirmed = await Html.SubmitFormAsync(owner, stepUp.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form")!,
            new Dictionary<string, string> { ["Input.Secret"] = TestData.Password });
        Html.AssertRedirect(confirmed, "/Exporte");
        Assert.Equal("/Exporte", confirmed.Headers.Location!.OriginalString);
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.DatenVoll), "/Exporte");
        Assert.True(await ProcessAsync());
        var full = await LatestJobAsync(ExportType.DatenVoll, vehicle);
        var bytes = await File.ReadAllBytesAsync(storage.PathOf(full.FileKey!));
        bytes[^1] ^= 0x01;
        await File.WriteAllBytesAsync(storage.PathOf(full.FileKey!), bytes);
        var (_, withPrepare) = await Html.GetAsync(owner, "/Exporte");
        var prepare = withPrepare.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Token']").Single(f => f.QuerySelector($"input[value='{full.PublicId}']") is not null);
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, prepare, new Dictionary<string, string>()), "/Exporte");
        var (_, ready) = await Html.GetAsync(owner, "/Exporte");
        var download = await Html.SubmitFormAsync(owner, ready.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>($"form[action='/Exporte/{full.PublicId}/Datei']")!, new Dictionary<string, string>());
        Html.AssertRedirect(download, "/Exporte");
        var (_, after) = await Html.GetAsync(owner, "/Exporte");
        Assert.Contains("Die Datei konnte nicht gelesen werden und wurde gelöscht. Bitte fordern Sie den Export neu an.", Html.Text(after));
        Assert.Equal(ExportStatus.Expired, (await LatestJobAsync(ExportType.DatenVoll, vehicle)).Status);
        Assert.False(File.Exists(storage.PathOf(full.FileKey!)));

        // A truncated file is reported the same way.
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.DatenVoll), "/Exporte");
        Assert.True(await ProcessAsync());
        var cut = await LatestJobAsync(ExportType.DatenVoll, vehicle);
        await File.WriteAllBytesAsync(storage.PathOf(cut.FileKey!), (await File.ReadAllBytesAsync(storage.PathOf(cut.FileKey!)))[..20]);
        var (_, listCut) = await Html.GetAsync(owner, "/Exporte");
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, listCut.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Token']")
            .Single(f => f.QuerySelector($"input[value='{cut.PublicId}']") is not null), new Dictionary<string, string>()), "/Exporte");
        var (_, readyCut) = await Html.GetAsync(owner, "/Exporte");
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, readyCut.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>($"form[action='/Exporte/{cut.PublicId}/Datei']")!,
            new Dictionary<string, string>()), "/Exporte");
        Assert.Equal(ExportStatus.Expired, (await LatestJobAsync(ExportType.DatenVoll, vehicle)).Status);
    }

    [Fact]
    public async Task Two_simultaneous_downloads_with_one_token_deliver_the_file_once()
    {
        const string email = "doppelt@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, vin, _, _) = await SeedAsync(email);
        var (_, stepUp) = await Html.GetAsync(owner, "/Exporte/Bestaetigen?returnUrl=/Exporte");
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, stepUp.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form")!,
            new Dictionary<string, string> { ["Input.Secret"] = TestData.Password }), "/Exporte");
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.DatenVoll), "/Exporte");
        Assert.True(await ProcessAsync());
        var job = await LatestJobAsync(ExportType.DatenVoll, vehicle);
        var (_, list) = await Html.GetAsync(owner, "/Exporte");
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, list.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Token']")!, new Dictionary<string, string>()), "/Exporte");
        var (_, ready) = await Html.GetAsync(owner, "/Exporte");
        Assert.NotNull(ready.QuerySelector($"form[action='/Exporte/{job.PublicId}/Datei']"));
        // The page may reload itself (no JavaScript, another export running): the prepared download stays.
        (_, ready) = await Html.GetAsync(owner, "/Exporte");
        var form = ready.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>($"form[action='/Exporte/{job.PublicId}/Datei']")!;

        // Whatever order the two requests run in, exactly one gets the file and the other a 404 (never both, never a 500).
        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Html.SubmitFormAsync(owner, form, new Dictionary<string, string>())));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotFound], responses.Select(r => r.StatusCode).Order());
        var delivered = responses.Single(r => r.StatusCode == HttpStatusCode.OK);
        Assert.Contains(vin, await delivered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.TargetId == job.PublicId && a.Action == AuditActions.ExportDenied)));
        var (_, after) = await Html.GetAsync(owner, "/Exporte");
        Assert.Null(after.QuerySelector($"form[action='/Exporte/{job.PublicId}/Datei']")); // a used token is not offered again
    }

    [Fact]
    public async Task The_listing_export_reads_back_with_the_disclaimer_and_without_owner_data_and_lives_30_days()
    {
        const string email = "inserat@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, vin, sha, _) = await SeedAsync(email);
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.Inserat), "/Exporte");
        Assert.True(await ProcessAsync());
        var job = await LatestJobAsync(ExportType.Inserat, vehicle);
        Assert.Equal(ExportStatus.Succeeded, job.Status);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(30), job.ExpiresAt);

        var download = await owner.GetAsync($"/Exporte/{job.PublicId}/Datei");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        var pdf = await download.Content.ReadAsByteArrayAsync();
        var text = NoSpace(PdfText(pdf));
        var token = await app.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicle).Select(v => v.ShareToken!).SingleAsync());
        Assert.Contains(NoSpace(TrustEngine.Disclaimer), text, StringComparison.Ordinal);
        Assert.Contains("VolkswagenGolf", text, StringComparison.Ordinal);
        Assert.Contains("Baujahr:2015", text, StringComparison.Ordinal);
        Assert.Contains("Trust-Ampel:", text, StringComparison.Ordinal);
        Assert.Contains("/q/" + token, text, StringComparison.Ordinal);
        // No owner data: no e-mail, no VIN (not even masked), no history, no names, remarks, costs or hashes.
        foreach (var secret in new[] { email, vin, vin[..3] + "***" + vin[^4..], "Müller", "Bremsen", "Fachwerkstatt", sha, "€", "km" })
        {
            Assert.DoesNotContain(NoSpace(secret), text, StringComparison.Ordinal);
        }

        // The text block to copy, on the vehicle's tab while the export is valid.
        var (_, tab) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Exporte");
        var block = tab.QuerySelector("textarea#listing-text")!.TextContent;
        Assert.Contains("Volkswagen Golf, Baujahr 2015", block, StringComparison.Ordinal);
        Assert.Contains(TrustEngine.Disclaimer, block, StringComparison.Ordinal);
        Assert.Contains("/q/" + token, block, StringComparison.Ordinal);
        Assert.DoesNotContain(email, block, StringComparison.Ordinal);

        // After 30 days the file is deleted, the row stays, and the block is gone.
        app.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        Assert.True(await ExpireAsync() >= 1);
        Assert.Equal(ExportStatus.Expired, (await LatestJobAsync(ExportType.Inserat, vehicle)).Status);
        var (_, later) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Exporte");
        Assert.Null(later.QuerySelector("textarea#listing-text"));
    }

    [Fact]
    public async Task The_listing_export_is_for_vip_and_dealer_accounts_only()
    {
        const string email = "inserat-user@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.User);
        var (vehicle, _, _, _) = await SeedAsync(email);
        var (_, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Exporte");
        Assert.Contains(LifeTimeCircle.Pages.Fahrzeuge.Exporte.IndexModel.ListingOnlyMessage, Html.Text(page), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("input[name=Type][value=Inserat]"));
        // Posting it anyway is refused on the server.
        var form = page.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form").First(f => f.QuerySelector("input[name=Type]") is not null);
        var response = await Html.SubmitFormAsync(owner, form, new Dictionary<string, string> { ["Type"] = "Inserat" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(LifeTimeCircle.Pages.Fahrzeuge.Exporte.IndexModel.ListingOnlyMessage, Html.Text(await Html.ParseAsync(response)), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.ExportJobs.AnyAsync(j => j.Type == ExportType.Inserat && db.Vehicles.Any(v => v.Id == j.VehicleId && v.PublicId == vehicle))));
    }

    [Fact]
    public async Task An_unknown_export_type_is_refused_in_german_and_creates_nothing()
    {
        const string email = "quatsch@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, _, _, _) = await SeedAsync(email);
        var (_, page) = await Html.GetAsync(owner, $"/Fahrzeuge/{vehicle}/Exporte");
        var form = page.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form").First(f => f.QuerySelector("input[name=Type]") is not null);
        var response = await Html.SubmitFormAsync(owner, form, new Dictionary<string, string> { ["Type"] = "Quatsch" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bitte wählen Sie einen Export aus der Liste.", Html.Text(await Html.ParseAsync(response)), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.ExportJobs.AnyAsync(j => db.Vehicles.Any(v => v.Id == j.VehicleId && v.PublicId == vehicle))));
    }

    [Fact]
    public async Task Guessing_the_step_up_password_locks_it_after_five_wrong_tries()
    {
        const string email = "rateversuch@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (_, page) = await Html.GetAsync(owner, "/Exporte/Bestaetigen?returnUrl=/Exporte");
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form")!;
        for (var i = 1; i <= 5; i++)
        {
            var text = Html.Text(await Html.ParseAsync(await Html.SubmitFormAsync(owner, form, new Dictionary<string, string> { ["Input.Secret"] = $"falsch-{i}-falsch" })));
            Assert.Contains(i < 5 ? "Das Passwort oder der Code ist falsch." : StepUp.LockedOutMessage, text, StringComparison.Ordinal);
        }
        // Even the right password does not help now, and nothing was granted.
        var right = await Html.SubmitFormAsync(owner, form, new Dictionary<string, string> { ["Input.Secret"] = TestData.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(StepUp.LockedOutMessage, Html.Text(await Html.ParseAsync(right)), StringComparison.Ordinal);
        Assert.False(right.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(StepUp.CookieName + "=", StringComparison.Ordinal)));
        Assert.Equal(6, await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.StepUpFailed && a.TargetId == db.Users.Single(u => u.Email == email).Id)));
    }

    [Fact]
    public async Task The_redacted_export_and_the_account_export_leave_out_what_they_must()
    {
        const string email = "geschwaerzt@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, vin, sha, quarantined) = await SeedAsync(email);
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.DatenRedigiert), "/Exporte");
        Assert.True(await ProcessAsync());
        var job = await LatestJobAsync(ExportType.DatenRedigiert, vehicle);
        var json = await owner.GetStringAsync($"/Exporte/{job.PublicId}/Datei");
        Assert.Contains(sha, json, StringComparison.Ordinal);
        Assert.DoesNotContain(quarantined, json, StringComparison.Ordinal);
        Assert.DoesNotContain(vin, json, StringComparison.Ordinal);
        Assert.DoesNotContain("@", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Öl und Filter", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Müller", json, StringComparison.Ordinal);
        Assert.Contains("\"vinMasked\"", json, StringComparison.Ordinal);
        // The folder without the owner's free text, linking only the approved document.
        Assert.DoesNotContain("Kotflügel", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Brandt", json, StringComparison.Ordinal);
        using (var parsed = System.Text.Json.JsonDocument.Parse(json))
        {
            var damage = parsed.RootElement.GetProperty("damageEvents").EnumerateArray().Single();
            Assert.Equal("Reparaturrechnung", damage.GetProperty("evidence").EnumerateArray().Single().GetProperty("role").GetString());
            // The stage without the owner's text, costs or milestones.
            var stage = parsed.RootElement.GetProperty("restorationStages").EnumerateArray().Single();
            Assert.Equal("Lack", stage.GetProperty("kind").GetString());
            Assert.False(stage.TryGetProperty("costEur", out _));
            Assert.False(stage.TryGetProperty("milestones", out _));
        }
        Assert.DoesNotContain("Sonnenschein", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Grundierung", json, StringComparison.Ordinal);

        // Account export (GDPR): step-up, then encrypted one-time download with the user's own e-mail.
        var (_, list) = await Html.GetAsync(owner, "/Exporte");
        var konto = list.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Konto']")!;
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, konto, new Dictionary<string, string>()), "/Exporte/Bestaetigen");
        var (_, stepUpPage) = await Html.GetAsync(owner, "/Exporte/Bestaetigen?returnUrl=/Exporte");
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, stepUpPage.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form")!,
            new Dictionary<string, string> { ["Input.Secret"] = TestData.Password }), "/Exporte");
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, konto, new Dictionary<string, string>()), "/Exporte");
        Assert.True(await ProcessAsync());
        var (_, list2) = await Html.GetAsync(owner, "/Exporte");
        var accountJob = await app.WithDbAsync(db => db.ExportJobs.AsNoTracking().SingleAsync(j => j.Type == ExportType.Konto && j.RequestedBy == db.Users.Single(u => u.Email == email).Id));
        var prepare = list2.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Token']").Single(f => f.QuerySelector($"input[value='{accountJob.PublicId}']") is not null);
        Html.AssertRedirect(await Html.SubmitFormAsync(owner, prepare, new Dictionary<string, string>()), "/Exporte");
        var (_, ready) = await Html.GetAsync(owner, "/Exporte");
        var account = await Html.SubmitFormAsync(owner, ready.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>($"form[action='/Exporte/{accountJob.PublicId}/Datei']")!, new Dictionary<string, string>());
        var accountJson = await account.Content.ReadAsStringAsync();
        Assert.Contains(email, accountJson, StringComparison.Ordinal);
        Assert.Contains("\"consents\"", accountJson, StringComparison.Ordinal);
        Assert.Contains(vehicle, accountJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_user_gets_404_on_every_export_url()
    {
        const string email = "eigentum@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, _, _, _) = await SeedAsync(email);
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.TrustZertifikat), "/Exporte");
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.DatenRedigiert), "/Exporte");
        Assert.True(await ProcessAsync());
        var pdf = await LatestJobAsync(ExportType.TrustZertifikat, vehicle);
        var data = await LatestJobAsync(ExportType.DatenRedigiert, vehicle);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Exporte/{pdf.PublicId}/Datei")).StatusCode);

        var other = await Flows.SignedInClientAsync(app, "fremd-export@example.de", Roles.Vip);
        var (_, otherList) = await Html.GetAsync(other, "/Exporte");
        Assert.DoesNotContain(pdf.PublicId, otherList.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var token = (await Html.GetAsync(other, "/Exporte")).Item2.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        foreach (var (method, url, form) in new (string, string, Dictionary<string, string>)[]
        {
            ("GET", $"/Exporte/{pdf.PublicId}/Datei", []),
            ("GET", $"/Exporte/{data.PublicId}/Datei", []),
            ("POST", $"/Exporte/{data.PublicId}/Datei", new() { ["Token"] = "x" }),
            ("POST", "/Exporte?handler=Token", new() { ["JobId"] = pdf.PublicId }),
            ("GET", $"/Fahrzeuge/{vehicle}/Exporte", []),
            ("POST", $"/Fahrzeuge/{vehicle}/Exporte", new() { ["Type"] = "TrustZertifikat" }),
        })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method == "POST") request.Content = new FormUrlEncodedContent(form.Append(new("__RequestVerificationToken", token)));
            var response = await other.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url}: {(int)response.StatusCode}");
        }
        var status = await other.GetStringAsync("/Exporte?handler=Status");
        Assert.DoesNotContain(pdf.PublicId, status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_survives_a_crash_retries_a_limited_number_of_times_and_shows_in_health()
    {
        const string email = "warteschlange@example.de";
        var owner = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, _, _, _) = await SeedAsync(email);
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.Wartungsstand), "/Exporte");
        var job = await LatestJobAsync(ExportType.Wartungsstand, vehicle);

        // A runner on another host claims the job and "crashes": job and export rows stay Running with a lease.
        await Jobs.ClaimAndCrashAsync(app, ExportProcessor.Kind, "anderer-host:1:abcdefgh");
        await app.WithDbAsync(async db =>
        {
            var j = await db.ExportJobs.SingleAsync(x => x.Id == job.Id);
            j.Claim(app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });
        Assert.False(await ProcessAsync()); // lease still held
        app.Clock.Advance(ExportJob.LeaseDuration + TimeSpan.FromSeconds(1));
        Assert.True(await ProcessAsync()); // expired lease → claimed again, finished
        var finished = await LatestJobAsync(ExportType.Wartungsstand, vehicle);
        Assert.Equal((ExportStatus.Succeeded, 2), (finished.Status, finished.Attempts));

        // After a restart, jobs an earlier process on this host was running are taken up at once.
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.DatenRedigiert), "/Exporte");
        var second = await LatestJobAsync(ExportType.DatenRedigiert, vehicle);
        await Jobs.ClaimAndCrashAsync(app, ExportProcessor.Kind, JobRunner.HostPrefix + "4711:abcdefgh");
        await app.WithDbAsync(async db =>
        {
            (await db.ExportJobs.SingleAsync(x => x.Id == second.Id)).Claim(app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });
        // The crash left a half-written file and a finished file whose row was never updated.
        var storage = app.Services.GetRequiredService<ExportStorage>();
        var kept = (await LatestJobAsync(ExportType.Wartungsstand, vehicle)).FileKey!;
        await File.WriteAllTextAsync(storage.PathOf("0123456789abcdef0123456789abcdef.part"), "halb");
        await File.WriteAllTextAsync(storage.PathOf("fedcba9876543210fedcba9876543210"), "verwaist");
        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<JobRunner>().RecoverAsync(CancellationToken.None));
        }
        Assert.False(File.Exists(storage.PathOf("0123456789abcdef0123456789abcdef.part")));
        Assert.False(File.Exists(storage.PathOf("fedcba9876543210fedcba9876543210")));
        Assert.True(File.Exists(storage.PathOf(kept)));
        Assert.True(await ProcessAsync());
        Assert.Equal(ExportStatus.Succeeded, (await LatestJobAsync(ExportType.DatenRedigiert, vehicle)).Status);

        // A job that cannot succeed (the mini-check was switched off after the request) fails after three attempts with a reason.
        Html.AssertRedirect(await RequestAsync(owner, vehicle, ExportType.QrPdf), "/Exporte");
        await app.WithDbAsync(async db =>
        {
            (await db.Vehicles.SingleAsync(v => v.PublicId == vehicle)).DisableShare();
            await db.SaveChangesAsync();
            return 0;
        });
        // The finished exports queued „Export fertig“ notification mails: delivered, so only the export waits.
        await Jobs.DrainAsync(app, LifeTimeCircle.Infrastructure.Email.MailSender.Kind);
        var health = new HttpRequestMessage(HttpMethod.Get, "/health");
        health.Headers.Accept.ParseAdd("application/json");
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var healthJson = await (await app.CreateClient().SendAsync(health)).Content.ReadAsStringAsync();
        Assert.Contains("\"name\":\"jobs\",\"status\":\"degraded\"", healthJson, StringComparison.Ordinal);
        Assert.Contains("\"export.oldestWaitingMinutes\":16", healthJson, StringComparison.Ordinal);
        for (var i = 0; i < ExportJob.MaxAttempts; i++)
        {
            Assert.True(await ProcessAsync()); // one attempt, then a pause before the next
            Assert.Equal(i + 1, (await LatestJobAsync(ExportType.QrPdf, vehicle)).Attempts);
            app.Clock.Advance(TimeSpan.FromMinutes(2));
        }
        var failed = await LatestJobAsync(ExportType.QrPdf, vehicle);
        Assert.Equal((ExportStatus.Failed, ExportJob.MaxAttempts), (failed.Status, failed.Attempts));
        Assert.Equal("Der öffentliche Mini-Check ist ausgeschaltet.", failed.Error);
        Assert.False(await ProcessAsync());
        owner = app.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(owner, email), "/");
        var (_, list) = await Html.GetAsync(owner, "/Exporte");
        Assert.Contains("Nicht erstellt: Der öffentliche Mini-Check ist ausgeschaltet.", Html.Text(list));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ExportStorage.ChunkSize)]
    [InlineData(3 * ExportStorage.ChunkSize + 17)]
    public async Task Encrypted_export_files_round_trip_and_detect_tampering(int size)
    {
        var storage = app.Services.GetRequiredService<ExportStorage>();
        var plain = new byte[size];
        Random.Shared.NextBytes(plain);
        var stored = await storage.SaveAsync("job-" + size, encrypt: true, s => s.WriteAsync(plain).AsTask(), CancellationToken.None);
        Assert.Equal(size, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(plain)), stored.Sha256);
        using var back = new MemoryStream();
        await storage.CopyPlainAsync(stored.FileKey, "job-" + size, true, back, CancellationToken.None);
        Assert.Equal(plain, back.ToArray());

        // Another job id derives another key; a flipped bit and a cut-off end are detected.
        await Assert.ThrowsAnyAsync<System.Security.Cryptography.CryptographicException>(() => storage.CopyPlainAsync(stored.FileKey, "other-job", true, Stream.Null, CancellationToken.None));
        var path = storage.PathOf(stored.FileKey);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^20] ^= 1;
        await File.WriteAllBytesAsync(path, bytes);
        await Assert.ThrowsAnyAsync<System.Security.Cryptography.CryptographicException>(() => storage.CopyPlainAsync(stored.FileKey, "job-" + size, true, Stream.Null, CancellationToken.None));
        bytes[^20] ^= 1;
        await File.WriteAllBytesAsync(path, bytes[..^16]);
        await Assert.ThrowsAnyAsync<Exception>(() => storage.CopyPlainAsync(stored.FileKey, "job-" + size, true, Stream.Null, CancellationToken.None));
    }
}
