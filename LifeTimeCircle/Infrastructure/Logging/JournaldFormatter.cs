using Serilog.Events;
using Serilog.Formatting;
using Serilog.Parsing;

namespace LifeTimeCircle.Infrastructure.Logging;

/// <summary>
/// One line per event for stdout under systemd: a syslog priority prefix (<c>&lt;3&gt;</c> … <c>&lt;7&gt;</c>) that
/// journald turns into the entry's priority (so <c>journalctl -p warning</c> filters correctly), no colours,
/// the request id on every line, exceptions folded onto the same line. String values and exception messages may
/// carry user input: they are escaped and cut (<see cref="LogText"/>); an exception is its type chain and stack,
/// never its full <see cref="Exception.ToString"/>.
/// </summary>
public sealed class JournaldFormatter : ITextFormatter
{
    /// <summary>The request id pushed by the request-id middleware (X-Request-Id); preferred over ASP.NET's own "RequestId".</summary>
    public const string RequestIdProperty = "LtcRequestId";

    public static int Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => 2,
        LogEventLevel.Error => 3,
        LogEventLevel.Warning => 4,
        LogEventLevel.Information => 6,
        _ => 7,
    };

    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write('<');
        output.Write(Priority(logEvent.Level));
        output.Write('>');
        if (logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string s })
        {
            output.Write(s.StartsWith("LifeTimeCircle.", StringComparison.Ordinal) ? s["LifeTimeCircle.".Length..] : s);
            output.Write(": ");
        }
        output.Write(OneLine(Render(logEvent)));
        if ((logEvent.Properties.TryGetValue(RequestIdProperty, out var rid) || logEvent.Properties.TryGetValue("RequestId", out rid))
            && rid is ScalarValue { Value: string id })
        {
            output.Write(" RequestId=");
            output.Write(LogText.Safe(id, 64));
        }
        if (logEvent.Exception is { } ex)
        {
            output.Write(" | ");
            output.Write(OneLine(LogText.Exception(ex)));
        }
        output.Write('\n');
    }

    /// <summary>Renders the message with string values unquoted (journald lines stay easy to grep).</summary>
    private static string Render(LogEvent logEvent)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is PropertyToken p && logEvent.Properties.TryGetValue(p.PropertyName, out var value) && value is ScalarValue { Value: string text })
            {
                writer.Write(LogText.Safe(text));
            }
            else
            {
                token.Render(logEvent.Properties, writer, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return writer.ToString();
    }

    private static string OneLine(string text) => text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", " | ", StringComparison.Ordinal);
}
