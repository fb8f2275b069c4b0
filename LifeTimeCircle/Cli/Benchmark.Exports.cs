using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Exports;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Cli;

/// <summary>
/// <c>bench-exports</c> (docs/performance.md), on an empty scratch data directory:
/// 1. a vehicle with 500 entries and 100 approved documents; the owner requests the Trust-Zertifikat over real
///    HTTP and the status JSON is polled until it is finished (repeated, renewals confirmed);
/// 2. 200 export jobs are queued, the app is started as a separate process, killed with SIGKILL when about half
///    are done, started again, and the queue is drained; then every row is checked: succeeded, file present,
///    size and SHA-256 of the plain content as recorded, no leftover files.
/// </summary>
public static partial class Benchmark
{
    public static async Task<int> RunExportsAsync(WebApplication app, string[] args)
    {
        int entries = Arg(args, "--entries", 500), documents = Arg(args, "--documents", 100), rounds = Arg(args, "--rounds", 10), jobs = Arg(args, "--jobs", 200);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.Users.AnyAsync())
            {
                Console.Error.WriteLine("bench-exports braucht ein leeres LTC_DATA_DIR (es legt Testdaten an).");
                return 2;
            }
            await SeedAsync(scope.ServiceProvider, 1, entries);
        }
        var vehicleId = await AddEvidenceAsync(app.Services, documents);

        // Part 1: request → finished certificate, as the owner sees it.
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using (var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        using (var http = new HttpClient(handler) { BaseAddress = new Uri(address) })
        {
            await SignInAsync(http);
            var times = new List<double>();
            long size = 0;
            for (var round = 0; round < rounds; round++)
            {
                var form = await http.GetStringAsync($"/Fahrzeuge/{vehicleId}/Exporte");
                var started = Stopwatch.GetTimestamp();
                using var request = await http.PostAsync($"/Fahrzeuge/{vehicleId}/Exporte", new FormUrlEncodedContent(
                [
                    new("Type", nameof(ExportType.TrustZertifikat)), new("Bestaetigt", "true"), new("__RequestVerificationToken", Token().Match(form).Groups[1].Value),
                ]));
                if (request.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException("Anforderung fehlgeschlagen: " + (int)request.StatusCode);
                while (true)
                {
                    using var status = JsonDocument.Parse(await http.GetStringAsync("/Exporte?handler=Status"));
                    if (!status.RootElement.GetProperty("active").GetBoolean()) break;
                    await Task.Delay(10);
                }
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await using var scope = app.Services.CreateAsyncScope();
                var job = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ExportJobs.AsNoTracking()
                    .Where(j => j.Type == ExportType.TrustZertifikat).OrderByDescending(j => j.Id).FirstAsync();
                if (job.Status != ExportStatus.Succeeded) throw new InvalidOperationException("Zertifikat nicht erstellt: " + job.Error);
                size = job.SizeBytes ?? 0;
            }
            var first = times[0];
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Trust-Zertifikat ({entries} Einträge, {documents} Nachweise, {size:N0} Bytes): erste Anforderung {first:0} ms, danach p50 {Percentile(times, 0.5):0} ms, max {times[^1]:0} ms ({rounds} Anforderungen, Anforderung bis fertig über HTTP)"));
        }
        await app.StopAsync();

        // Part 2: a queue of jobs drained by the real app process, killed in the middle.
        await QueueJobsAsync(app.Services, jobs);
        var total = Stopwatch.StartNew();
        var worker = StartApp();
        await WaitAsync(app.Services, c => c.Succeeded >= jobs / 2, TimeSpan.FromMinutes(30));
        worker.Kill(entireProcessTree: true); // SIGKILL: no shutdown, leases stay, a file may be half written
        await worker.WaitForExitAsync();
        var running = await CountsAsync(app.Services);
        var leftovers = Directory.Exists(Path.Combine(DataDir(app), "exports")) ? Directory.GetFiles(Path.Combine(DataDir(app), "exports"), "*.part").Length : 0;
        Console.WriteLine($"kill -9 nach {total.Elapsed.TotalSeconds:0.0} s: {running.Succeeded} fertig, {running.Running} in Arbeit, {running.Queued} wartend, {leftovers} halbe Datei(en)");
        var second = StartApp();
        await WaitAsync(app.Services, c => c.Queued + c.Running == 0, TimeSpan.FromMinutes(30));
        total.Stop();
        second.Kill(entireProcessTree: true);
        await second.WaitForExitAsync();

        var (ok, problems) = await VerifyAsync(app.Services, DataDir(app));
        var end = await CountsAsync(app.Services);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{jobs} Jobs: {end.Succeeded} fertig, {end.Failed} fehlgeschlagen, {end.Queued + end.Running} offen; {ok} Dateien geprüft (Größe und SHA-256), {problems.Count} Abweichungen; {end.Retried} Job(s) mit zweitem Versuch; gesamt {total.Elapsed.TotalSeconds:0.0} s inkl. Neustart ({jobs / total.Elapsed.TotalSeconds:0.0} Jobs/s)"));
        foreach (var p in problems.Take(20)) Console.WriteLine("  " + p);
        return end.Succeeded == jobs && problems.Count == 0 ? 0 : 1;
    }

    private static string DataDir(WebApplication app) => app.Services.GetRequiredService<Infrastructure.LtcEnvironment>().DataDir;

    /// <summary>The app itself as a child process (same data directory and secret from the environment), on a free loopback port.</summary>
    private static Process StartApp()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var entry = System.Reflection.Assembly.GetEntryAssembly()!.Location;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(entry);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private sealed record Counts(int Queued, int Running, int Succeeded, int Failed, int Retried);

    private static async Task<Counts> CountsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.ExportJobs.AsNoTracking().Where(j => j.Version > 1000)
            .Select(j => new { j.Status, j.Attempts }).ToListAsync();
        return new Counts(rows.Count(r => r.Status == ExportStatus.Queued), rows.Count(r => r.Status == ExportStatus.Running),
            rows.Count(r => r.Status == ExportStatus.Succeeded), rows.Count(r => r.Status == ExportStatus.Failed), rows.Count(r => r.Attempts > 1));
    }

    private static async Task<Counts> WaitAsync(IServiceProvider services, Func<Counts, bool> done, TimeSpan limit)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var c = await CountsAsync(services);
            if (done(c)) return c;
            if (sw.Elapsed > limit) throw new TimeoutException($"Warteschlange nicht abgearbeitet: {c}");
            await Task.Delay(50);
        }
    }

    /// <summary>Approved, clean documents on the benchmark vehicle (the certificate's evidence index, the full export's files).</summary>
    private static async Task<string> AddEvidenceAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<DocumentStorage>();
        var vehicle = await db.Vehicles.SingleAsync(v => v.Nickname == "Benchmark");
        vehicle.EnableShare();
        var groups = await db.Entries.Where(e => e.VehicleId == vehicle.Id).OrderBy(e => e.Id).Select(e => e.GroupId).Take(count).ToListAsync();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            await using var pdf = new MemoryStream(System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% Rechnung {i}\n{new string('x', 20_000)}\n%%EOF\n"));
            var stored = await storage.SaveAsync(pdf, CancellationToken.None);
            var doc = new Document(vehicle.Id, groups.Count > 0 ? groups[i % groups.Count] : null, DocumentKind.Rechnung, stored.ContentType, stored.StorageKey,
                stored.Sha256, stored.Size, $"Rechnung {i + 1}.pdf", vehicle.OwnerId, now);
            doc.ScannedClean(now);
            doc.Approve(now);
            db.Documents.Add(doc);
        }
        await db.SaveChangesAsync();
        return vehicle.PublicId;
    }

    /// <summary>
    /// One job per vehicle and type, so that no new PDF version retires another job's file: vehicles with 50
    /// entries each, five types round robin (QR sticker, certificate, maintenance, redacted and full data export).
    /// </summary>
    private static async Task QueueJobsAsync(IServiceProvider services, int jobs)
    {
        ExportType[] types = [ExportType.QrPdf, ExportType.TrustZertifikat, ExportType.Wartungsstand, ExportType.DatenRedigiert, ExportType.DatenVoll];
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var source = await db.Vehicles.AsNoTracking().SingleAsync(v => v.Nickname == "Benchmark");
        var needed = (jobs + types.Length - 1) / types.Length;
        var protector = scope.ServiceProvider.GetRequiredService<Infrastructure.Security.VinProtector>();
        var queue = scope.ServiceProvider.GetRequiredService<Infrastructure.Jobs.JobQueue>();
        var now = DateTimeOffset.UtcNow;
        var owned = new List<Domain.Vehicles.Vehicle>();
        for (var i = 0; i < needed; i++)
        {
            var vin = Domain.Vehicles.Vin.Parse("WBAWARTE" + i.ToString("D9", CultureInfo.InvariantCulture));
            var v = new Domain.Vehicles.Vehicle(source.OwnerId, vin, protector.Encrypt(vin), protector.Hmac(vin),
                new Domain.Vehicles.VehicleDetails("BMW", "320d", 2018, Domain.Vehicles.VehicleClass.Alltag, Domain.Vehicles.EngineType.Diesel, Domain.Vehicles.DriveLayout.Heck, null, $"Warteschlange {i + 1}", Domain.Vehicles.AccidentStatus.Unfallfrei, true, null), now);
            v.EnableShare();
            db.Vehicles.Add(v);
            owned.Add(v);
        }
        await db.SaveChangesAsync();
        var start = new DateOnly(2015, 1, 1);
        foreach (var v in owned)
        {
            for (var e = 0; e < 50; e++)
            {
                db.Entries.Add(Domain.Vehicles.Entry.Create(v.Id, new Domain.Vehicles.EntryValues(start.AddDays(e * 30), (Domain.Vehicles.EntryCategory)(e % 9),
                    Domain.BusinessType.Fachwerkstatt, "Autohaus Beispiel", 1000 + e * 1500, "Inspektion.", 25_000, false), source.OwnerId, now, DateOnly.FromDateTime(now.UtcDateTime)));
            }
        }
        await db.SaveChangesAsync();
        for (var i = 0; i < jobs; i++)
        {
            // Version 1001+ marks the queue's jobs apart from part 1's certificates.
            ExportProcessor.Enqueue(db, queue, new ExportJob(types[i % types.Length], owned[i / types.Length].Id, source.OwnerId, "https://lifetimecircle.example", 1001, now.AddMilliseconds(i)));
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Every queued job succeeded and its file is there with the recorded size and SHA-256 of the plain content; nothing else is in the directory.</summary>
    private static async Task<(int Ok, List<string> Problems)> VerifyAsync(IServiceProvider services, string dataDir)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<ExportStorage>();
        var problems = new List<string>();
        var ok = 0;
        var rows = await db.ExportJobs.AsNoTracking().Where(j => j.Version > 1000).ToListAsync();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in rows)
        {
            if (job.Status != ExportStatus.Succeeded || job.FileKey is null) { problems.Add($"{job.PublicId} {job.Type}: {job.Status} {job.Error}"); continue; }
            referenced.Add(job.FileKey);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var counter = new CountingStream(sha);
            await storage.CopyPlainAsync(job.FileKey, job.PublicId, job.Encrypted, counter, CancellationToken.None);
            var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (hash != job.Sha256 || counter.Count != job.SizeBytes) problems.Add($"{job.PublicId} {job.Type}: Größe oder SHA-256 weicht ab");
            else ok++;
        }
        foreach (var job in await db.ExportJobs.AsNoTracking().Where(j => j.Version <= 1000 && j.FileKey != null).ToListAsync()) referenced.Add(job.FileKey!);
        foreach (var file in Directory.GetFiles(Path.Combine(dataDir, "exports")))
        {
            if (!referenced.Contains(Path.GetFileName(file))) problems.Add("Datei ohne Job: " + Path.GetFileName(file));
        }
        return (ok, problems);
    }

    private sealed class CountingStream(IncrementalHash hash) : Stream
    {
        public long Count { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Count;
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            Count += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
