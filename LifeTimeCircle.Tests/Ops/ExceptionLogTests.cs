using System.Net;
using LifeTimeCircle.Infrastructure.Logging;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Ops;

/// <summary>
/// An exception whose message quotes a hostile request value (markup, a bidi override, 10 KB) reaches the journal only
/// as its type, the request id and an escaped, cut message: never the raw value, from any logger (request logging,
/// the framework's exception handler, the error page).
/// </summary>
public sealed class ExceptionLogTests(ExceptionLogTests.Factory factory) : IClassFixture<ExceptionLogTests.Factory>
{
    /// <summary>The app plus one page filter that throws with the query value <c>wert</c> in the message, as a parser would.</summary>
    public sealed class Factory : LtcFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.Configure<MvcOptions>(o => o.Filters.Add(new ThrowingFilter())));
        }
    }

    private sealed class ThrowingFilter : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context)
        {
        }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
            // Not again on the re-executed error page (it sees the same query string).
            if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>() is null
                && context.HttpContext.Request.Query.TryGetValue("wert", out var value))
            {
                throw new FormatException($"Der Wert '{value}' ist ungültig.", new ArgumentException("Innen: " + value));
            }
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
        {
        }
    }

    [Fact]
    public async Task A_hostile_value_in_an_exception_message_never_reaches_the_log_raw()
    {
        var hostile = "<script>alert(1)</script>\u202Efdp.exe" + new string('x', 10 * 1024) + "ENDE";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?wert=" + Uri.EscapeDataString(hostile));
        request.Headers.Add("X-Request-Id", "ausnahme-1234567890");

        var response = await factory.CreateBrowserClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var page = Html.Text(await Html.ParseAsync(response));
        Assert.Contains("Es ist ein Fehler aufgetreten", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);

        var log = factory.LogText;
        Assert.DoesNotContain("<script>", log, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", log, StringComparison.Ordinal);
        Assert.DoesNotContain("ENDE", log, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', LogText.MaxExceptionMessage + 1), log, StringComparison.Ordinal);
        var lines = log.Split('\n').Where(l => l.Contains("RequestId=ausnahme-1234567890", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count > 0, log);
        // The type is named and the message is there, escaped and cut; every line of the request carries its id.
        Assert.Contains(lines, l => l.Contains("System.FormatException: Der Wert '\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E\\u202Efdp.exe", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Zeichen]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Unbehandelte Ausnahme System.FormatException", StringComparison.Ordinal));
        // One request line with the final status, not a second one for the re-executed error page.
        Assert.Single(lines, l => l.Contains("HTTP GET / 500", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("/Fehler/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ok", "ok")]
    [InlineData("a\nb\rc\u0000", "a\\u000Ab\\u000Dc\\u0000")]
    [InlineData("rechnung\u202Efdp.exe", "rechnung\\u202Efdp.exe")]
    [InlineData("\u200Bnull\u2066breit", "\\u200Bnull\\u2066breit")]
    [InlineData("<b>fett</b>", "\\u003Cb\\u003Efett\\u003C/b\\u003E")]
    [InlineData("Ölwechsel 😀", "Ölwechsel 😀")]
    public void Values_are_escaped_for_one_journal_line(string value, string expected) => Assert.Equal(expected, LogText.Safe(value));

    [Fact]
    public void A_lone_surrogate_is_escaped() => Assert.Equal("\\uD800kaputt", LogText.Safe("\uD800kaputt"));

    [Fact]
    public void Long_values_are_cut_with_a_note_of_what_was_left_out()
    {
        Assert.Equal("abc…[+7 Zeichen]", LogText.Safe("abcdefghij", 3));
        Assert.Equal("😀😀…[+2 Zeichen]", LogText.Safe("😀😀😀", 2));
        Assert.Equal("abc", LogText.Safe("abc", 3));
    }
}
