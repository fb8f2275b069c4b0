using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge;

/// <summary>Seeds a vehicle with entries directly through the domain and the DbContext (for sweeps and budgets).</summary>
public static class VehicleSeed
{
    private static int _counter;

    public static string NewVin()
    {
        var n = Interlocked.Increment(ref _counter) + Random.Shared.Next(0, 1_000_000) * 100;
        return "WVWZZZ1JZ" + n.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<(string VehicleId, string FirstEntryId)> CreateVehicleWithEntriesAsync(LtcFactory factory, string ownerEmail, int entries,
        bool serviceBook = false, AccidentStatus accident = AccidentStatus.Unfallfrei)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var vins = scope.ServiceProvider.GetRequiredService<VinProtector>();
        var owner = await db.Users.SingleAsync(u => u.Email == ownerEmail);
        var vin = Vin.Parse(NewVin());
        var now = factory.Clock.GetUtcNow();
        var vehicle = new Vehicle(owner.Id, vin, vins.Encrypt(vin), vins.Hmac(vin),
            new VehicleDetails("Volkswagen", "Golf", 2015, VehicleClass.Alltag, EngineType.Benzin, DriveLayout.Front, null, null, accident, serviceBook, null), now);
        db.Vehicles.Add(vehicle);
        await db.SaveChangesAsync();
        var start = new DateOnly(2000, 1, 1);
        string first = "";
        for (var i = 0; i < entries; i++)
        {
            var e = Entry.Create(vehicle.Id, new EntryValues(start.AddDays(i * 2), (EntryCategory)(i % 9), BusinessType.Fachwerkstatt,
                i % 3 == 0 ? "Autohaus Müller & Söhne" : null, 1000 + i * 100, i % 2 == 0 ? "Öl und Filter gewechselt, Bremsen geprüft." : null,
                i % 4 == 0 ? 12345 + i : null, i % 5 == 0), owner.Id, now, new DateOnly(2026, 11, 28));
            db.Entries.Add(e);
            if (i == 0) first = e.GroupId;
        }
        await db.SaveChangesAsync();
        return (vehicle.PublicId, first);
    }
}

public static class DocumentSeed
{
    /// <summary>Stores a small PDF through the real storage and adds its document row (quarantined, pending).</summary>
    public static async Task<string> CreateDocumentAsync(LtcFactory factory, string vehiclePublicId, string? entryGroupId = null)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Documents.DocumentStorage>();
        var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehiclePublicId);
        await using var pdf = new MemoryStream(System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% Rechnung\n%%EOF\n"));
        var stored = await storage.SaveAsync(pdf, CancellationToken.None);
        var doc = new LifeTimeCircle.Domain.Documents.Document(vehicle.Id, entryGroupId, LifeTimeCircle.Domain.Documents.DocumentKind.Rechnung,
            stored.ContentType, stored.StorageKey, stored.Sha256, stored.Size, "Rechnung Bremsen.pdf", vehicle.OwnerId, factory.Clock.GetUtcNow());
        db.Documents.Add(doc);
        await db.SaveChangesAsync();
        return doc.PublicId;
    }
}
