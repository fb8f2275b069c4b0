using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Konto;

/// <summary>Publishing a new AGB version (a new file in LTC_LEGAL_DIR, then a restart) blocks product pages until re-acceptance.</summary>
public sealed class ConsentVersionTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "ltc-tests", Guid.NewGuid().ToString("N"));
    private readonly string _legalDir = Path.Combine(Path.GetTempPath(), "ltc-tests", Guid.NewGuid().ToString("N"));

    private sealed class LegalFactory(string dataDir, string legalDir) : LtcFactory(dataDir)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("LTC_LEGAL_DIR", legalDir);
        }
    }

    public ConsentVersionTests()
    {
        foreach (var doc in new[] { "agb", "datenschutz" })
        {
            Directory.CreateDirectory(Path.Combine(_legalDir, doc));
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Legal", doc, "v1.md"), Path.Combine(_legalDir, doc, "v1.md"));
        }
    }

    [Fact]
    public async Task A_new_agb_version_blocks_product_pages_until_the_user_accepts_it()
    {
        using (var before = new LegalFactory(_dataDir, _legalDir))
        {
            var client = await Flows.SignedInClientAsync(before, "treu@example.de");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Profil")).StatusCode);
        }

        // Publish AGB v2 and restart.
        File.WriteAllText(Path.Combine(_legalDir, "agb", "v2.md"), "# Allgemeine Geschäftsbedingungen (AGB)\n\n## 1. Neu\nGeänderte Fassung.\n");
        using var after = new LegalFactory(_dataDir, _legalDir);
        var again = after.CreateBrowserClient();
        Html.AssertRedirect(await Flows.SignInAsync(again, "treu@example.de"), "/Dashboard");
        Html.AssertRedirect(await again.GetAsync("/Dashboard"), "/Konto/Einwilligung");
        Html.AssertRedirect(await again.GetAsync("/Profil"), "/Konto/Einwilligung");
        var (_, consent) = await Html.GetAsync(again, "/Konto/Einwilligung?returnUrl=%2FProfil");
        Assert.Contains("aktualisiert", Html.Text(consent));
        Assert.Contains("Version v2", Html.Text(consent));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Rechtliches/Agb")).StatusCode);

        var missing = await Html.SubmitAsync(again, consent, new Dictionary<string, string> { ["Input.AcceptDatenschutz"] = "true" });
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("Bitte akzeptieren Sie die AGB (Version v2).", Html.Text(await Html.ParseAsync(missing)));

        var accepted = await Html.SubmitAsync(again, consent, new Dictionary<string, string> { ["Input.AcceptAgb"] = "true", ["Input.AcceptDatenschutz"] = "true" });
        Html.AssertRedirect(accepted, "/Profil");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Profil")).StatusCode);
        var rows = await after.WithDbAsync(db => db.ConsentAcceptances.Where(c => c.Document == LegalDocumentType.Agb).Select(c => c.Version).ToListAsync());
        Assert.Equal(["v1", "v2"], rows.Order().ToList());
        var audit = await after.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.ConsentRequiredBlock));
        Assert.True(audit >= 1);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var dir in new[] { _dataDir, _legalDir })
        {
            try
            {
                Directory.Delete(dir, true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleanup.
            }
        }
    }
}
