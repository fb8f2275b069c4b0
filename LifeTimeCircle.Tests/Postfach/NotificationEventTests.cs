using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Infrastructure.Notifications;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Postfach;

/// <summary>
/// The events of issue 15 beyond the document review, each from its real place and with the fake clock: reminders
/// becoming due/overdue (once per state change), exports ready, certificates expiring (VIP 7 days ahead), new
/// accident-trust reasons and to-dos of the Trust-Ampel.
/// </summary>
public sealed class NotificationEventTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task<int> WatchAsync(Func<NotificationWatch, Task<int>> part)
    {
        using var scope = factory.Services.CreateScope();
        return await part(scope.ServiceProvider.GetRequiredService<NotificationWatch>());
    }

    private Task<List<string>> TitlesAsync(string email) => factory.WithDbAsync(db =>
        (from n in db.Notifications join u in db.Users on n.UserId equals u.Id where u.Email == email orderby n.Id select n.Title).ToListAsync());

    [Fact]
    public async Task A_reminder_notifies_once_when_it_becomes_due_and_once_when_it_becomes_overdue()
    {
        const string email = "ereignis-erinnerung@example.de";
        await factory.CreateUserAsync(email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1);
        var today = LifeTimeCircle.Web.Display.BerlinDate(factory.Clock.GetUtcNow());
        await factory.WithDbAsync(async db =>
        {
            var id = await db.Vehicles.Where(v => v.PublicId == vehicleId).Select(v => v.Id).SingleAsync();
            db.Reminders.Add(new Reminder(id, ReminderItem.HuAu, null, EntryCategory.Inspektion, today.AddDays(40), null, null, null, 30, 1000, today, factory.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });

        await WatchAsync(w => w.RemindersAsync(CancellationToken.None));
        Assert.Empty(await TitlesAsync(email)); // Geplant: nothing to say
        factory.Clock.Advance(TimeSpan.FromDays(15)); // 25 days left: bald fällig
        await WatchAsync(w => w.RemindersAsync(CancellationToken.None));
        await WatchAsync(w => w.RemindersAsync(CancellationToken.None));
        Assert.Equal(["Erinnerung bald fällig"], await TitlesAsync(email));
        factory.Clock.Advance(TimeSpan.FromDays(26)); // one day overdue
        await WatchAsync(w => w.RemindersAsync(CancellationToken.None));
        await WatchAsync(w => w.RemindersAsync(CancellationToken.None));
        Assert.Equal(["Erinnerung bald fällig", "Erinnerung überfällig"], await TitlesAsync(email));
        var mails = await Outbox.MessagesToAsync(factory, email);
        Assert.Equal(["LifeTimeCircle: Erinnerung bald fällig", "LifeTimeCircle: Erinnerung überfällig"], mails.Select(m => m.Subject).ToList());
        Assert.Contains("„HU/AU“ ist überfällig.", mails[1].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_notifies_when_ready_and_a_VIP_hears_of_the_expiring_certificate_7_days_ahead()
    {
        const string vip = "ereignis-vip@example.de";
        const string plain = "ereignis-normal@example.de";
        await factory.CreateUserAsync(vip, Roles.Vip);
        await factory.CreateUserAsync(plain);
        foreach (var email in new[] { vip, plain })
        {
            var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 2);
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<ExportRequests>().RequestAsync(vehicle.OwnerId, ExportType.TrustZertifikat, vehicle, CancellationToken.None));
        }
        await Jobs.DrainAsync(factory, ExportProcessor.Kind);
        Assert.Equal(["Export fertig"], await TitlesAsync(vip));
        Assert.Contains(await Outbox.MessagesToAsync(factory, plain), m => m.Subject == "LifeTimeCircle: Export fertig");

        factory.Clock.Advance(TimeSpan.FromDays(82)); // 8 days left
        Assert.Equal(0, await WatchAsync(w => w.CertificatesAsync(CancellationToken.None)));
        factory.Clock.Advance(TimeSpan.FromDays(2)); // 6 days left: the VIP is told, the others not yet
        Assert.Equal(1, await WatchAsync(w => w.CertificatesAsync(CancellationToken.None)));
        Assert.Equal(0, await WatchAsync(w => w.CertificatesAsync(CancellationToken.None)));
        Assert.Equal(["Export fertig", "Zertifikat läuft bald ab"], await TitlesAsync(vip));
        Assert.Equal(["Export fertig"], await TitlesAsync(plain));
        factory.Clock.Advance(TimeSpan.FromDays(5.5)); // half a day left
        Assert.Equal(1, await WatchAsync(w => w.CertificatesAsync(CancellationToken.None)));
        Assert.Equal(["Export fertig", "Zertifikat läuft bald ab"], await TitlesAsync(plain));
    }

    [Fact]
    public async Task New_accident_trust_reasons_and_to_dos_notify_once_and_the_first_look_only_records()
    {
        const string email = "ereignis-trust@example.de";
        await factory.CreateUserAsync(email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 2, accident: AccidentStatus.NichtUnfallfrei);
        await WatchAsync(w => w.TrustAsync(CancellationToken.None));
        Assert.Empty(await TitlesAsync(email));
        var id = await factory.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicleId).Select(v => v.Id).SingleAsync());
        var reasons = await factory.WithDbAsync(db => db.TrustSummaries.Where(s => s.VehicleId == id).Select(s => s.Reasons).SingleAsync());
        Assert.Contains("accident_not_free_requires_completed_accident_trust", reasons, StringComparison.Ordinal);

        // As if the vehicle had had no reasons at the last look: the accident reasons and the rest are news, once.
        await factory.WithDbAsync(db => db.TrustSummaries.Where(s => s.VehicleId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.NotifiedReasons, "")));
        Assert.Equal(2, await WatchAsync(w => w.TrustAsync(CancellationToken.None)));
        Assert.Equal(0, await WatchAsync(w => w.TrustAsync(CancellationToken.None)));
        var titles = await TitlesAsync(email);
        Assert.Equal(2, titles.Count);
        Assert.Equal("Unfall-Nachweise benötigt", titles[0]);
        Assert.StartsWith("Neue", titles[1], StringComparison.Ordinal);
    }
}
