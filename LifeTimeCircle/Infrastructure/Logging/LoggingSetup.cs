using Serilog;
using Serilog.Events;

namespace LifeTimeCircle.Infrastructure.Logging;

public static class LoggingSetup
{
    /// <summary>Serilog to stdout, journald-friendly. Framework noise and anything that could carry PII stays below Information.</summary>
    public static IServiceCollection AddLtcLogging(this IServiceCollection services, TextWriter? sink = null)
    {
        services.AddLtcOptions<LoggingOptions>();
        services.AddSerilog((sp, lc) =>
        {
            lc.MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .MinimumLevel.Override("System", LogEventLevel.Warning)
                .Enrich.FromLogContext();
            // Read here without validating: the logger is built with the host, before the start-up check can report an
            // invalid LTC_LOG_LEVEL as cleanly as every other variable (it is registered with ValidateOnStart above).
            var options = new LoggingOptions();
            options.Read(new LtcVariables(sp.GetRequiredService<IConfiguration>()));
            if (options.Level is { } level)
            {
                lc.MinimumLevel.Is(level);
            }
            var target = sp.GetService<LogSink>()?.Writer ?? sink;
            if (target is null)
            {
                lc.WriteTo.Console(new JournaldFormatter());
            }
            else
            {
                lc.WriteTo.Sink(new TextWriterSink(new JournaldFormatter(), target));
            }
        }, preserveStaticLogger: true);
        return services;
    }
}

/// <summary><c>LTC_LOG_LEVEL</c>: the minimum Serilog level (Verbose, Debug, Information, Warning, Error, Fatal); unset = Information.</summary>
public sealed class LoggingOptions : ILtcOptions
{
    public LogEventLevel? Level { get; set; }

    public void Read(LtcVariables v) =>
        Level = v.Text("LTC_LOG_LEVEL") is null ? null : v.Enum("LTC_LOG_LEVEL", LogEventLevel.Information);
}

/// <summary>Optional log destination other than stdout (tests register one to read every line).</summary>
public sealed class LogSink(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}

/// <summary>Writes formatted events to a TextWriter, one line each, thread-safe.</summary>
public sealed class TextWriterSink(Serilog.Formatting.ITextFormatter formatter, TextWriter writer) : Serilog.Core.ILogEventSink
{
    private readonly Lock _lock = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
