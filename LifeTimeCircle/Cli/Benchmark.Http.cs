using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LifeTimeCircle.Data;
using LifeTimeCircle.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Cli;

/// <summary>
/// <c>bench-http</c> (docs/performance.md, issue 13): seeds a scratch data directory through the app's own code, starts
/// the app as a child process in Production mode on loopback (rate limits raised by configuration) and nginx with a
/// throw-away configuration serving the exact bytes the app returned for the same URLs, then runs wrk against both,
/// back to back, for the public mini-check, the owner's timeline and the Fahrzeugakte. Prints req/s, the ratio
/// (median of the rounds), CPU time per request of the app, RSS idle and after the load, and non-2xx counts.
/// </summary>
public static partial class Benchmark
{
    public static async Task<int> RunHttpAsync(WebApplication app, string[] args)
    {
        var (options, error) = HttpBench.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            return 2;
        }
        foreach (var tool in new[] { "wrk", "nginx" })
        {
            if (FindTool(tool) is null)
            {
                Console.Error.WriteLine($"{tool} fehlt / missing: apt-get install -y wrk nginx-light");
                return 1;
            }
        }
        var ltc = app.Services.GetRequiredService<LtcEnvironment>();
        string vehicleId, token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.Users.AnyAsync())
            {
                Console.Error.WriteLine("bench-http braucht ein leeres LTC_DATA_DIR (es legt Testdaten an).");
                return 2;
            }
            var sw = Stopwatch.StartNew();
            await SeedAsync(scope.ServiceProvider, options.Vehicles, options.Entries);
            var vehicle = await db.Vehicles.SingleAsync(v => v.Nickname == "Benchmark");
            vehicle.EnableShare();
            db.ChangeTracker.DetectChanges(); // the seed switched automatic detection off
            await db.SaveChangesAsync();
            (vehicleId, token) = (vehicle.PublicId, vehicle.ShareToken!);
            Console.WriteLine($"Seed: {options.Vehicles} Fahrzeuge, {options.Entries} Einträge am Benchmark-Fahrzeug in {sw.Elapsed.TotalSeconds:0.0} s");
        }

        var work = Directory.CreateTempSubdirectory("ltc-bench-http-");
        int appPort = FreePort(), nginxPort = FreePort();
        using var child = StartApp(ltc, appPort);
        using var nginx = new Process();
        try
        {
            var appBase = new Uri($"http://127.0.0.1:{appPort}");
            using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = appBase };
            await WaitLiveAsync(http, child);
            await SignInAsync(http);
            var cookie = handler.CookieContainer.GetCookieHeader(appBase);
            // An HTTP client from outside the request pipeline: it addresses pages by URL (see Platform/RoutesByNameTests).
            var pages = new (string Name, string Path, bool SignedIn)[]
            {
                ("Mini-Check /q/{token}", $"/q/{token}", false),
                ($"Zeitleiste ({options.Entries} Einträge)", $"/Fahrzeuge/{vehicleId}/Eintragung", true),
                ("Fahrzeugakte (angemeldet)", $"/Fahrzeuge/{vehicleId}/Fahrzeugakte", true),
            };

            // The exact bytes of each page become nginx's static files under the same path.
            Directory.CreateDirectory(Path.Combine(work.FullName, "www"));
            Directory.CreateDirectory(Path.Combine(work.FullName, "tmp"));
            var files = new List<(string Path, string File, string ContentType)>();
            for (var i = 0; i < pages.Length; i++)
            {
                var (bytes, contentType) = await FetchAsync(http, pages[i].Path);
                var file = $"{i}.html";
                await File.WriteAllBytesAsync(Path.Combine(work.FullName, "www", file), bytes);
                files.Add((pages[i].Path, file, contentType));
                Console.WriteLine($"{pages[i].Name}: {bytes.Length:N0} B");
            }
            if (!OperatingSystem.IsWindows()) MakeReadable(work);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "nginx.conf"), HttpBench.NginxConfig(work.FullName, nginxPort, files));
            nginx.StartInfo = new ProcessStartInfo(FindTool("nginx")!)
            {
                ArgumentList = { "-p", work.FullName, "-c", Path.Combine(work.FullName, "nginx.conf"), "-e", Path.Combine(work.FullName, "error.log") },
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            };
            nginx.Start();
            await WaitPortAsync(nginxPort, nginx);
            foreach (var (_, path, _) in pages)
            {
                using var nginxHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{nginxPort}") };
                var same = await nginxHttp.GetByteArrayAsync(path);
                var original = await File.ReadAllBytesAsync(Path.Combine(work.FullName, "www", files.First(f => f.Path == path).File));
                if (!same.AsSpan().SequenceEqual(original)) throw new InvalidOperationException("nginx liefert andere Bytes für " + path);
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            var idleRss = RssKb(child.Id);
            Console.WriteLine($"wrk -t{options.Threads} -c{options.Connections} -d{options.DurationSeconds}s, {options.Rounds} Runden, App und nginx direkt nacheinander; " +
                              $"vorher {options.WarmupSeconds} s Aufwärmen je Seite (App). Leerlauf-RSS der App: {idleRss / 1024.0:0.0} MB");
            foreach (var (_, path, signedIn) in pages)
            {
                await WrkAsync(options with { DurationSeconds = options.WarmupSeconds }, appBase + path.TrimStart('/'), signedIn ? cookie : null);
            }

            var results = pages.Select(_ => new List<(double App, double Nginx, double CpuMs, long Non2xx)>()).ToList();
            for (var round = 1; round <= options.Rounds; round++)
            {
                for (var i = 0; i < pages.Length; i++)
                {
                    var cookieHeader = pages[i].SignedIn ? cookie : null;
                    var cpuBefore = CpuTicks(child.Id);
                    var a = await WrkAsync(options, $"http://127.0.0.1:{appPort}{pages[i].Path}", cookieHeader);
                    var cpuMs = (CpuTicks(child.Id) - cpuBefore) * 10.0 / Math.Max(1, a.Requests);
                    var n = await WrkAsync(options, $"http://127.0.0.1:{nginxPort}{pages[i].Path}", cookieHeader);
                    // wrk counts only statuses ≥ 400; a redirect (expired sign-in) would pass, so every page is checked again.
                    var (after, _) = await FetchAsync(http, pages[i].Path);
                    var non2xx = a.Non2xx + a.SocketErrors + (after.Length == 0 ? 1 : 0);
                    results[i].Add((a.RequestsPerSecond, n.RequestsPerSecond, cpuMs, non2xx + n.Non2xx));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  Runde {round} {pages[i].Name,-30} App {a.RequestsPerSecond,9:0} req/s   nginx {n.RequestsPerSecond,9:0} req/s   " +
                        $"Verhältnis {a.RequestsPerSecond / n.RequestsPerSecond:0.000}   CPU {cpuMs:0.000} ms/Anfrage   nicht-2xx App {a.Non2xx} nginx {n.Non2xx}, Socketfehler {a.SocketErrors}"));
                }
            }
            var loadRss = RssKb(child.Id);
            await Task.Delay(TimeSpan.FromSeconds(10));
            var restRss = RssKb(child.Id);

            Console.WriteLine();
            Console.WriteLine($"Median über {options.Rounds} Runden:");
            Console.WriteLine("| Seite | App req/s | nginx req/s (gleiche Bytes) | Verhältnis | App-CPU je Anfrage | nicht-2xx |");
            Console.WriteLine("|---|---|---|---|---|---|");
            for (var i = 0; i < pages.Length; i++)
            {
                var r = results[i];
                var ratio = HttpBench.Median(r.Select(x => x.App / x.Nginx).ToList());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {pages[i].Name} | {HttpBench.Median(r.Select(x => x.App).ToList()):0} | {HttpBench.Median(r.Select(x => x.Nginx).ToList()):0} | " +
                    $"{ratio:0.000} | {HttpBench.Median(r.Select(x => x.CpuMs).ToList()):0.000} ms | {r.Sum(x => x.Non2xx)} |"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RSS der App: Leerlauf {idleRss / 1024.0:0.0} MB, direkt nach der Last {loadRss / 1024.0:0.0} MB, 10 s danach {restRss / 1024.0:0.0} MB"));
            return results.Any(r => r.Any(x => x.Non2xx > 0)) ? 1 : 0;
        }
        finally
        {
            Stop(nginx);
            Stop(child);
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                Console.Error.WriteLine("Temporäres Verzeichnis blieb liegen: " + work.FullName);
            }
        }
    }

    private static Process StartApp(LtcEnvironment ltc, int port)
    {
        var processPath = Environment.ProcessPath!;
        var start = new ProcessStartInfo(processPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet") start.ArgumentList.Add(typeof(Benchmark).Assembly.Location);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in HttpBench.UnitRuntimeEnvironment) start.Environment[name] = value;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["LTC_DATA_DIR"] = ltc.DataDir;
        // The secret the data was seeded with (read by this process, handed only to its child).
        start.Environment["LTC_SECRET_KEY"] = ltc.SecretKey;
        start.Environment["LTC_PUBLIC_URL"] = "https://bench.lifetimecircle.invalid";
        start.Environment["LTC_RATELIMIT_PUBLIC"] = "1000000";
        start.Environment["LTC_RATELIMIT_SIGNIN"] = "1000";
        var process = Process.Start(start)!;
        // The app's log lines are read and dropped (as the journal would take them); an unread pipe would block it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) Console.Error.WriteLine("[app] " + e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitLiveAsync(HttpClient http, Process child)
    {
        for (var i = 0; i < 600; i++)
        {
            if (child.HasExited) throw new InvalidOperationException("Die App hat sich beendet: Exit-Code " + child.ExitCode);
            try
            {
                using var response = await http.GetAsync("/health/live");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("Die App antwortet nicht.");
    }

    private static async Task WaitPortAsync(int port, Process process)
    {
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited) throw new InvalidOperationException("nginx hat sich beendet: " + await process.StandardError.ReadToEndAsync());
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("nginx antwortet nicht.");
    }

    private static async Task<(byte[] Bytes, string ContentType)> FetchAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK || bytes.Length == 0) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
        return (bytes, response.Content.Headers.ContentType?.ToString() ?? "text/html");
    }

    private static async Task<HttpBench.WrkResult> WrkAsync(HttpBench.Options o, string url, string? cookie)
    {
        var start = new ProcessStartInfo(FindTool("wrk")!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { $"-t{o.Threads}", $"-c{o.Connections}", $"-d{o.DurationSeconds}s" }) start.ArgumentList.Add(a);
        string? script = null;
        if (cookie is not null)
        {
            // The cookie goes in a script file, not on the command line (visible in the process list).
            script = Path.Combine(Path.GetTempPath(), $"ltc-bench-http-{Environment.ProcessId}.lua");
            await File.WriteAllTextAsync(script, HttpBench.WrkCookieScript(cookie));
            start.ArgumentList.Add("-s");
            start.ArgumentList.Add(script);
        }
        start.ArgumentList.Add(url);
        try
        {
            using var wrk = Process.Start(start)!;
            var output = await wrk.StandardOutput.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            return HttpBench.ParseWrk(output);
        }
        finally
        {
            if (script is not null) File.Delete(script);
        }
    }

    private static string? FindTool(string name) =>
        new[] { "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin" }.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>nginx's workers run as an unprivileged user when it is started as root: the files must be readable.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeReadable(DirectoryInfo dir)
    {
        const UnixFileMode Dir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        dir.UnixFileMode = Dir;
        foreach (var d in dir.GetDirectories("*", SearchOption.AllDirectories)) d.UnixFileMode = Dir;
        foreach (var f in dir.GetFiles("*", SearchOption.AllDirectories)) f.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    }

    private static long RssKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>utime + stime of the process in clock ticks (USER_HZ = 100 on Linux: 10 ms per tick).</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static void Stop(Process process)
    {
        try
        {
            if (process.StartInfo.FileName.Length == 0 || process.HasExited) return;
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // never started
        }
    }
}
