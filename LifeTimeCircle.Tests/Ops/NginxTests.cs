using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Tests.Browser;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Ops;

/// <summary>Real nginx from Debian on loopback with a throw-away certificate, in front of the real app, using the shipped site config.</summary>
public sealed class NginxFixture : IAsyncLifetime
{
    public KestrelFactory App { get; } = new();
    public int HttpPort { get; private set; }
    public int HttpsPort { get; private set; }
    private Process? _nginx;
    private string _dir = "";

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        Prerequisites.EnsurePackages("/usr/sbin/nginx", "nginx-light");
        Prerequisites.EnsurePackages("/usr/bin/openssl", "openssl");
        var appPort = new Uri(App.BaseUrl).Port;
        _dir = Path.Combine(Path.GetTempPath(), "ltc-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        foreach (var d in new[] { "body", "proxy", "fcgi", "uwsgi", "scgi" })
        {
            Directory.CreateDirectory(Path.Combine(_dir, d));
            File.SetUnixFileMode(Path.Combine(_dir, d), (UnixFileMode)0x1FF);
        }
        File.SetUnixFileMode(_dir, (UnixFileMode)0x1ED);
        Prerequisites.Run("/usr/bin/openssl", $"req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout {_dir}/key.pem -out {_dir}/cert.pem");
        HttpPort = FreePort();
        HttpsPort = FreePort();
        var site = (await File.ReadAllTextAsync(RepoPath("nginx", "lifetimecircle.conf")))
            .Replace("server 127.0.0.1:5000;", $"server 127.0.0.1:{appPort};", StringComparison.Ordinal)
            .Replace("    listen [::]:80;\n", "", StringComparison.Ordinal)
            .Replace("    listen [::]:443 ssl http2;\n", "", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{HttpPort};", StringComparison.Ordinal)
            .Replace("listen 443 ssl http2;", $"listen 127.0.0.1:{HttpsPort} ssl http2;", StringComparison.Ordinal)
            .Replace("/etc/letsencrypt/live/lifetimecircle.example/fullchain.pem", $"{_dir}/cert.pem", StringComparison.Ordinal)
            .Replace("/etc/letsencrypt/live/lifetimecircle.example/privkey.pem", $"{_dir}/key.pem", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_dir, "site.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(_dir, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{_dir}}/nginx.pid;
            error_log {{_dir}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{_dir}}/body;
                proxy_temp_path {{_dir}}/proxy;
                fastcgi_temp_path {{_dir}}/fcgi;
                uwsgi_temp_path {{_dir}}/uwsgi;
                scgi_temp_path {{_dir}}/scgi;
                include /etc/nginx/mime.types;
                # Test only: a request may name the client address nginx should see (a public client), as if it came
                # from outside; the shipped site config then treats it exactly like a remote visitor.
                set_real_ip_from 127.0.0.1;
                real_ip_header X-Test-Client;
                include {{_dir}}/site.conf;
            }
            """);
        Prerequisites.Run("/usr/sbin/nginx", $"-t -p {_dir} -c {_dir}/nginx.conf");
        _nginx = Process.Start(new ProcessStartInfo("/usr/sbin/nginx", $"-p {_dir} -c {_dir}/nginx.conf -g \"daemon off;\"")
        {
            UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, HttpsPort);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException("nginx startet nicht: " + await File.ReadAllTextAsync(Path.Combine(_dir, "error.log")));
    }

    public HttpClient Client(bool followRedirects = false) => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        AllowAutoRedirect = followRedirects,
        CookieContainer = new CookieContainer(),
        UseCookies = true,
    }) { BaseAddress = new Uri($"https://127.0.0.1:{HttpsPort}") };

    public static string RepoPath(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LifeTimeCircle.sln"))) dir = dir.Parent;
        return Path.Combine([dir!.FullName, .. parts]);
    }

    public async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        _nginx?.Dispose();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleanup.
        }
    }
}

public sealed class NginxTests(NginxFixture nginx) : IClassFixture<NginxFixture>
{
    [Fact]
    public async Task Http_redirects_to_https_and_https_sends_hsts()
    {
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var redirect = await plain.GetAsync($"http://127.0.0.1:{nginx.HttpPort}/Konto/Anmelden");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal("https", redirect.Headers.Location!.Scheme);
        Assert.Equal("/Konto/Anmelden", redirect.Headers.Location.AbsolutePath);

        using var client = nginx.Client();
        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").First(), StringComparison.Ordinal);
        Assert.True(page.Headers.Contains("X-Request-Id"));
    }

    [Fact]
    public async Task A_sign_in_works_through_the_proxy_and_the_app_sees_https_and_the_client_address()
    {
        await nginx.App.CreateUserAsync("proxy@example.de");
        using var client = nginx.Client();
        var (_, page) = await Html.GetAsync(client, "/Konto/Anmelden");
        var response = await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["Input.Email"] = "proxy@example.de", ["Input.Password"] = TestData.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("ltc.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Profil")).StatusCode);

        var env = nginx.App.Services.GetRequiredService<LtcEnvironment>();
        var expected = "Client=c:" + env.Hmac("ip", "127.0.0.1")[..12];
        Assert.Contains(expected, nginx.App.LogText, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy@example.de", nginx.App.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploads_just_under_the_limit_reach_the_app_and_just_over_get_a_clean_413()
    {
        using var client = nginx.Client();
        var limit = 11 * 1024 * 1024;
        var under = await client.PostAsync("/upload-probe", new ByteArrayContent(new byte[limit - 4096]));
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, under.StatusCode);
        Assert.True(under.Headers.Contains("X-Request-Id"), "the request reached the app");

        var over = await client.PostAsync("/upload-probe", new ByteArrayContent(new byte[limit + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        var body = await over.Content.ReadAsStringAsync();
        Assert.Contains("Datei zu groß", body, StringComparison.Ordinal);
        Assert.Contains("lang=\"de\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_over_long_address_and_over_large_headers_get_german_pages_from_nginx()
    {
        using var client = nginx.Client();
        var longUri = await client.GetAsync("/Fahrzeuge?q=" + new string('a', 10 * 1024));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longUri.StatusCode);
        var uriBody = await longUri.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Adresse zu lang</h1>", uriBody, StringComparison.Ordinal);
        Assert.Contains("lang=\"de\"", uriBody, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", "gross=" + new string('c', 10 * 1024));
        var bigHeader = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, bigHeader.StatusCode);
        Assert.Contains("<h1>Anfrage zu groß</h1>", await bigHeader.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, string? client = null, string? accept = null)
    {
        using var http = nginx.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (client is not null) request.Headers.Add("X-Test-Client", client);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, System.Text.RegularExpressions.Regex.Replace(body, "<code>[^<]*</code>", "<code></code>"));
    }

    [Theory]
    [InlineData("/health", null)]
    [InlineData("/HEALTH", null)]
    [InlineData("/Health?format=json", null)]
    [InlineData("/health/", null)]
    [InlineData("/HeAlTh/", "application/json")]
    [InlineData("/health", "application/json")]
    public async Task A_public_client_gets_the_plain_not_found_page_for_the_health_page_through_the_proxy(string path, string? accept)
    {
        const string publicClient = "198.51.100.23";
        var unknown = await GetAsync("/gibt/es/nicht", publicClient, accept);
        var health = await GetAsync(path, publicClient, accept);
        Assert.True(health.Status == HttpStatusCode.NotFound, $"{path}: {health.Status}\n{health.Body}");
        Assert.Equal(unknown.Body, health.Body);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/health/live", publicClient)).Status);
    }

    [Fact]
    public async Task The_host_itself_reads_the_health_page_through_the_proxy_under_any_spelling()
    {
        var page = await GetAsync("/HEALTH");
        Assert.True(page.Status == HttpStatusCode.OK, page.Body);
        Assert.Contains("Systemstatus", page.Body, StringComparison.Ordinal);
        var json = await GetAsync("/health", accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, json.Status);
        Assert.Contains("\"checks\"", json.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fingerprinted_assets_are_cached_for_a_year_through_the_proxy()
    {
        using var client = nginx.Client();
        var (_, doc) = await Html.GetAsync(client, "/");
        var css = doc.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        var response = await client.GetAsync(css);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }
}
