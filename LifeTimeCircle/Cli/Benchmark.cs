using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Legal;
using LifeTimeCircle.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Cli;

/// <summary>
/// <c>bench-timeline</c>: seeds a scratch data directory with many vehicles and one vehicle with many entries,
/// starts the app on loopback and times the vehicle list, a timeline page and the entry form over real HTTP as
/// the signed-in owner (docs/performance.md). Refuses to run on a data directory that already has accounts.
/// </summary>
public static partial class Benchmark
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        int vehicles = Arg(args, "--vehicles", 100_000), entries = Arg(args, "--entries", 10_000), requests = Arg(args, "--requests", 300);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.Users.AnyAsync())
            {
                Console.Error.WriteLine("bench-timeline braucht ein leeres LTC_DATA_DIR (es legt Testdaten an).");
                return 2;
            }
            var sw = Stopwatch.StartNew();
            await SeedAsync(scope.ServiceProvider, vehicles, entries);
            Console.WriteLine($"Seed: {vehicles} Fahrzeuge, {entries} Einträge an einem Fahrzeug in {sw.Elapsed.TotalSeconds:0.0} s");
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(address) };
        await SignInAsync(http);
        string vehicleId;
        List<string> cursors;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var vehicle = await db.Vehicles.Where(v => v.Nickname == "Benchmark").Select(v => new { v.Id, v.PublicId }).SingleAsync();
            vehicleId = vehicle.PublicId;
            // Keyset cursors at every 50th entry: the edges of the timeline's pages, the deepest included.
            var groups = await db.Entries.Where(e => e.VehicleId == vehicle.Id && e.IsLatest)
                .OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Select(e => e.GroupId).ToListAsync();
            cursors = groups.Where((_, i) => i % 50 == 49).ToList();
            if (cursors.Count == 0) cursors = [.. groups.Take(1)];
        }
        // An HTTP client from outside the request pipeline: it addresses pages by URL (see Platform/RoutesByNameTests).
        var targets = new (string Name, Func<int, string> Url)[]
        {
            ("Fahrzeugliste", _ => "/Fahrzeuge"),
            ("Zeitleiste (zufällige Seite)", i => $"/Fahrzeuge/{vehicleId}/Eintragung?vor={cursors[i * 7919 % cursors.Count]}"),
            ("Zeitleiste Seite 1", _ => $"/Fahrzeuge/{vehicleId}/Eintragung"),
            ("Eintragsformular", _ => $"/Fahrzeuge/{vehicleId}/Eintragung/Neu"),
            ("Fahrzeugakte (Trust)", _ => $"/Fahrzeuge/{vehicleId}/Fahrzeugakte"),
        };
        Console.WriteLine($"{requests} Anfragen je Seite nach 20 Aufwärm-Anfragen; Zeit bis zur vollständigen Antwort über Loopback (obere Schranke der Serverzeit).");
        foreach (var (name, url) in targets)
        {
            for (var i = 0; i < 20; i++) await GetOkAsync(http, url(i));
            var times = new List<double>(requests);
            for (var i = 0; i < requests; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await GetOkAsync(http, url(i));
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-30} p50 {Percentile(times, 0.50),6:0.0} ms   p95 {Percentile(times, 0.95),6:0.0} ms   max {times[^1],6:0.0} ms"));
        }
        await app.StopAsync();
        return 0;
    }

    private static async Task GetOkAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK || body.Length == 0) throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private const string Email = "benchmark@example.de";
    private const string Password = "benchmark-passwort-123";

    private static async Task SignInAsync(HttpClient http)
    {
        var page = await http.GetStringAsync("/Konto/Anmelden");
        var token = Token().Match(page).Groups[1].Value;
        using var response = await http.PostAsync("/Konto/Anmelden", new FormUrlEncodedContent(
        [
            new("Input.Email", Email), new("Input.Password", Password), new("__RequestVerificationToken", token),
        ]));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException("Anmeldung im Benchmark fehlgeschlagen: " + (int)response.StatusCode);
    }

    private static async Task SeedAsync(IServiceProvider services, int vehicles, int entries)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var vins = services.GetRequiredService<VinProtector>();
        var legal = services.GetRequiredService<LegalDocuments>();
        var now = DateTimeOffset.UtcNow;
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var owner = new AppUser { UserName = Email, Email = Email, EmailConfirmed = true, CreatedAt = now };
        if (!(await users.CreateAsync(owner, Password)).Succeeded) throw new InvalidOperationException("Benchmark-Konto konnte nicht angelegt werden.");
        await users.AddToRoleAsync(owner, Roles.Vip);
        foreach (var doc in legal.All) db.ConsentAcceptances.Add(new ConsentAcceptance(owner.Id, doc.Type, doc.Version, now, "ui"));
        await db.SaveChangesAsync();

        // Other owners: 100 vehicles each, rows written directly (no password hashing per account).
        var owners = new List<string>();
        for (var i = 0; i < Math.Max(1, vehicles / 100); i++)
        {
            var u = new AppUser
            {
                UserName = $"halter{i}@example.de", NormalizedUserName = $"HALTER{i}@EXAMPLE.DE", Email = $"halter{i}@example.de",
                NormalizedEmail = $"HALTER{i}@EXAMPLE.DE", EmailConfirmed = true, SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = now,
            };
            db.Users.Add(u);
            owners.Add(u.Id);
        }
        await db.SaveChangesAsync();
        var details = new VehicleDetails("Volkswagen", "Golf", 2015, VehicleClass.Alltag, EngineType.Benzin, DriveLayout.Front, null, null, AccidentStatus.Unfallfrei, true, null);
        for (var i = 0; i < vehicles - 1; i++)
        {
            var vin = Vin.Parse("WVWZZZ" + i.ToString("D11", CultureInfo.InvariantCulture));
            db.Vehicles.Add(new Vehicle(owners[i % owners.Count], vin, vins.Encrypt(vin), vins.Hmac(vin), details, now));
            if (i % 5000 == 4999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        var own = Vin.Parse("WBA" + "BENCH".Replace('E', '3') + "000000001");
        var vehicle = new Vehicle(owner.Id, own, vins.Encrypt(own), vins.Hmac(own), details with { Nickname = "Benchmark" }, now);
        db.Vehicles.Add(vehicle);
        await db.SaveChangesAsync();
        var start = new DateOnly(1990, 1, 1);
        for (var i = 0; i < entries; i++)
        {
            db.Entries.Add(Entry.Create(vehicle.Id, new EntryValues(start.AddDays(i), (EntryCategory)(i % 9), BusinessType.Fachwerkstatt,
                "Autohaus Beispiel", 1000 + i * 30, i % 2 == 0 ? "Inspektion nach Herstellervorgabe." : null, i % 3 == 0 ? 19_990 : null, false),
                owner.Id, now, DateOnly.FromDateTime(now.UtcDateTime)));
            if (i % 5000 == 4999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
