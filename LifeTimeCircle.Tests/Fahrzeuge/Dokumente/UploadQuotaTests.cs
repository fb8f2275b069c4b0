using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Browser;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Fahrzeuge.Dokumente;

/// <summary>Small limits so that the quota is reached quickly: 3 files or 1 MiB per 24 hours, 512 KiB per file.</summary>
public sealed class QuotaFactory : LtcFactory
{
    public static readonly IDictionary<string, string> Limits = new Dictionary<string, string>
    {
        ["LTC_JOBS_WORKER"] = "false",
        ["LTC_UPLOAD_MAX_BYTES"] = "524288",
        ["LTC_UPLOAD_DAILY_FILES"] = "3",
        ["LTC_UPLOAD_DAILY_BYTES"] = "1048576",
    };

    protected override IDictionary<string, string> Settings => Limits;
}

public sealed class UploadQuotaTests(QuotaFactory app) : IClassFixture<QuotaFactory>
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        "%PDF-1.4\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string vehicleId, byte[] content, string kind = "Rechnung")
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Dokumente/Neu");
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(kind), "Kind" },
            { new StringContent(""), "EntryId" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "Datei", "beleg.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Fahrzeuge/{vehicleId}/Dokumente/Neu") { Content = form };
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }

    private async Task<(HttpClient Client, string Vehicle)> OwnerAsync(string email)
    {
        var client = await Flows.SignedInClientAsync(app, email, Roles.Vip);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 0);
        return (client, vehicle);
    }

    private Task<int> DocumentsOfAsync(string email) =>
        app.WithDbAsync(db => db.Documents.CountAsync(d => d.UploadedBy == db.Users.Single(u => u.Email == email).Id));

    private int StoredFiles()
    {
        var dir = Path.Combine(app.DataDir, "files");
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length : 0;
    }

    /// <summary>„ab 29.11.2026 um 10:00 Uhr“: the moment in Berlin time, rounded up to the minute.</summary>
    private static string PossibleAgain(DateTimeOffset utc)
    {
        var local = TimeZoneInfo.ConvertTime(utc, Berlin);
        var minute = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, local.Offset);
        if (minute < local) minute = minute.AddMinutes(1);
        return $"ab {minute.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)} um {minute.ToString("HH:mm", CultureInfo.InvariantCulture)} Uhr";
    }

    [Fact]
    public async Task The_fourth_upload_within_24_hours_is_refused_in_german_keeps_the_form_and_stores_nothing_and_works_again_a_day_later()
    {
        var (owner, vehicle) = await OwnerAsync("viele-dateien@example.de");
        var first = app.Clock.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            Html.AssertRedirect(await UploadAsync(owner, vehicle, Pdf(1024)), $"/Fahrzeuge/{vehicle}/Dokumente/");
            app.Clock.Advance(TimeSpan.FromHours(1));
        }
        var filesBefore = StoredFiles();

        var refused = await UploadAsync(owner, vehicle, Pdf(1024), kind: "Gutachten");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await Html.ParseAsync(refused);
        var text = Html.Text(doc);
        Assert.Contains("Tageskontingent erreicht", text, StringComparison.Ordinal);
        Assert.Contains("höchstens 3 Dateien", text, StringComparison.Ordinal);
        Assert.Contains(PossibleAgain(first.AddHours(24)), text, StringComparison.Ordinal);
        Assert.Equal("Gutachten", doc.QuerySelector<IHtmlSelectElement>("#Kind")!.Value);
        Assert.NotNull(doc.QuerySelector(".error-summary a[href='#Datei']"));
        Assert.Equal(3, await DocumentsOfAsync("viele-dateien@example.de"));
        Assert.Equal(filesBefore, StoredFiles());

        // Rolling 24 hours: when the first upload is a day old, one more fits.
        app.Clock.Advance(first.AddHours(24) - app.Clock.GetUtcNow());
        Html.AssertRedirect(await UploadAsync(owner, vehicle, Pdf(1024)), $"/Fahrzeuge/{vehicle}/Dokumente/");
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(owner, vehicle, Pdf(1024))).StatusCode);
        Assert.Equal(4, await DocumentsOfAsync("viele-dateien@example.de"));
    }

    [Fact]
    public async Task An_upload_beyond_the_daily_bytes_is_refused_in_german_and_stores_nothing_but_a_smaller_one_fits()
    {
        var (owner, vehicle) = await OwnerAsync("grosse-dateien@example.de");
        var first = app.Clock.GetUtcNow();
        Html.AssertRedirect(await UploadAsync(owner, vehicle, Pdf(500 * 1024)), $"/Fahrzeuge/{vehicle}/Dokumente/");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Html.AssertRedirect(await UploadAsync(owner, vehicle, Pdf(400 * 1024)), $"/Fahrzeuge/{vehicle}/Dokumente/");
        var filesBefore = StoredFiles();

        var refused = await UploadAsync(owner, vehicle, Pdf(200 * 1024));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var text = Html.Text(await Html.ParseAsync(refused));
        Assert.Contains("Tageskontingent erreicht", text, StringComparison.Ordinal);
        Assert.Contains("höchstens 1 MiB", text, StringComparison.Ordinal);
        Assert.Contains(PossibleAgain(first.AddHours(24)), text, StringComparison.Ordinal);
        Assert.Equal(2, await DocumentsOfAsync("grosse-dateien@example.de"));
        Assert.Equal(filesBefore, StoredFiles());

        Html.AssertRedirect(await UploadAsync(owner, vehicle, Pdf(100 * 1024)), $"/Fahrzeuge/{vehicle}/Dokumente/");
    }

    [Fact]
    public async Task Two_simultaneous_uploads_at_the_limit_store_only_one()
    {
        var (owner, vehicle) = await OwnerAsync("gleichzeitig-hoch@example.de");
        for (var i = 0; i < 2; i++) Html.AssertRedirect(await UploadAsync(owner, vehicle, Pdf(2048)), $"/Fahrzeuge/{vehicle}/Dokumente/");
        var filesBefore = StoredFiles();

        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await UploadAsync(owner, vehicle, Pdf(2048));
        })).ToList();
        start.Release(tasks.Count);
        var responses = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(3, await DocumentsOfAsync("gleichzeitig-hoch@example.de"));
        Assert.Equal(filesBefore + 1, StoredFiles());
    }

    [Fact]
    public async Task A_chunked_upload_over_the_size_limit_gets_the_german_413_page()
    {
        var (owner, vehicle) = await OwnerAsync("gestueckelt@example.de");
        var filesBefore = StoredFiles();
        var response = await ChunkedUploadAsync(owner, vehicle, 3 * 1024 * 1024);
        await AssertTooLargeAsync(response);
        Assert.Equal(0, await DocumentsOfAsync("gestueckelt@example.de"));
        Assert.Equal(filesBefore, StoredFiles());
    }

    [Fact]
    public async Task A_chunked_upload_over_the_size_limit_gets_the_german_413_page_from_kestrel()
    {
        await using var kestrel = new KestrelFactory(QuotaFactory.Limits);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(kestrel.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        await kestrel.CreateUserAsync("kestrel-gross@example.de", Roles.Vip);
        Html.AssertRedirect(await Flows.SignInAsync(client, "kestrel-gross@example.de"), "/");
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(kestrel, "kestrel-gross@example.de", 0);

        var response = await ChunkedUploadAsync(client, vehicle, 3 * 1024 * 1024);
        await AssertTooLargeAsync(response);
        Assert.Equal(0, await kestrel.WithDbAsync(db => db.Documents.CountAsync()));
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        var doc = await Html.ParseAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, await Html.DescribeAsync(response));
        Assert.Equal("Datei zu groß", doc.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("größer als 0,5 MiB", Html.Text(doc), StringComparison.Ordinal);
        Assert.Equal("de", doc.DocumentElement.GetAttribute("lang"));
    }

    /// <summary>A multipart upload whose length is not known in advance: sent with Transfer-Encoding: chunked, no Content-Length.</summary>
    private static async Task<HttpResponseMessage> ChunkedUploadAsync(HttpClient client, string vehicleId, int size)
    {
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Dokumente/Neu");
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Rechnung"), "Kind" },
        };
        var file = new StreamContent(new UnknownLengthStream(Pdf(size)));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "Datei", "riesig.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Fahrzeuge/{vehicleId}/Dokumente/Neu") { Content = form };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Accept.ParseAdd("text/html");
        var response = await client.SendAsync(request);
        Assert.Null(request.Content.Headers.ContentLength);
        return response;
    }

    /// <summary>A readable stream that does not tell its length (like a phone's camera stream).</summary>
    private sealed class UnknownLengthStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 16 * 1024), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
