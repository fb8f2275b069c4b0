using LifeTimeCircle.Data;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Backup;
using Microsoft.Extensions.Options;

namespace LifeTimeCircle.Cli;

/// <summary>
/// The operator commands, run instead of the web server (docs/operations.md): <c>LifeTimeCircle COMMAND …</c>.
/// One table: name, usage, what it does, whether the database is prepared first, and the handler. Exit codes:
/// 0 done, 1 refused (the German reason on standard error), 2 wrong call (usage on standard error).
/// Like the web server, every command first checks the configuration: an invalid <c>LTC_*</c> value stops it with exit
/// code 1 and the messages naming the variables, before the database is opened.
/// </summary>
public static class CommandDispatcher
{
    /// <summary>What happens to the database before the handler runs.</summary>
    public enum Database
    {
        /// <summary>Untouched: <c>restore</c> needs an empty data directory.</summary>
        Untouched,

        /// <summary>Migrated when <c>LTC_AUTO_MIGRATE</c> is true (as for the web server), roles seeded.</summary>
        AsConfigured,

        /// <summary>Always migrated (<c>migrate</c>).</summary>
        Migrated,
    }

    public sealed record Command(string Name, string Usage, string Description, Database Database, Func<WebApplication, string[], Task<int>> Run);

    public static readonly IReadOnlyList<Command> Commands =
    [
        new("migrate", "migrate", "wendet ausstehende Migrationen an und beendet sich (mit LTC_AUTO_MIGRATE=false)", Database.Migrated,
            (_, _) =>
            {
                Console.WriteLine("Datenbank ist migriert.");
                return Task.FromResult(0);
            }),
        new("backup", "backup [--out DIR]", "erstellt eine verschlüsselte Sicherung", Database.AsConfigured,
            (app, args) => BackupCommands.BackupAsync(app.Services, args, Console.Out, Console.Error)),
        new("restore", "restore ARCHIV [--allow-unencrypted]", "stellt eine Sicherung in ein leeres LTC_DATA_DIR wieder her", Database.Untouched,
            (app, args) => BackupCommands.RestoreAsync(app.Services, args, Console.Out, Console.Error)),
        new("create-superadmin", "create-superadmin EMAIL", "legt einen Superadmin an (Passwort aus LTC_INITIAL_PASSWORD oder stdin)", Database.AsConfigured,
            (app, args) => AdminCommands.CreateSuperadminAsync(app.Services, args)),
        new("create-moderator", "create-moderator EMAIL", "legt einen Moderator für Blog und News an (Passwort aus LTC_INITIAL_PASSWORD oder stdin)", Database.AsConfigured,
            (app, args) => AdminCommands.CreateModeratorAsync(app.Services, args)),
        new("rehash-vins", "rehash-vins", "berechnet die FIN-Prüfwerte nach einem Wechsel von LTC_SECRET_KEY neu", Database.AsConfigured,
            (app, _) => AdminCommands.RehashVinsAsync(app.Services)),
        new("bench-timeline", "bench-timeline [--vehicles N] [--entries N] [--requests N]", "misst Fahrzeugliste und Zeitleiste (leeres LTC_DATA_DIR)",
            Database.AsConfigured, Benchmark.RunAsync),
        new("bench-exports", "bench-exports [--entries N] [--documents N] [--rounds N] [--jobs N]", "misst Exporte und den Absturz-Drill (leeres LTC_DATA_DIR)",
            Database.AsConfigured, Benchmark.RunExportsAsync),
        new("bench-http", "bench-http [--vehicles N] [--entries N] [--duration S] [--rounds N] [--connections N]",
            "misst die App gegen nginx mit denselben Bytes (wrk; leeres LTC_DATA_DIR)", Database.AsConfigured, Benchmark.RunHttpAsync),
        new("bench-thumbnails", "bench-thumbnails [--images N] [--width PX] [--height PX]", "misst die Vorschaubilder pro Foto (ohne Datenbank)",
            Database.Untouched, Benchmark.RunThumbnailsAsync),
        new("pdf-examples", "pdf-examples [--out DIR] [--no-images]", "erzeugt Beispiel-PDFs jedes Exporttyps und ihre Seiten als PNG (docs/examples)", Database.Untouched,
            (_, args) => Task.FromResult(PdfExamples.Run(args))),
    ];

    /// <summary>
    /// A first argument that is a word (not an option such as <c>--urls=…</c> or a <c>key=value</c> setting) names a
    /// command; unknown words get the usage and exit code 2 instead of silently starting the web server.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && args[0].Length > 0 && !args[0].StartsWith('-') && !args[0].StartsWith('/') && !args[0].Contains('=', StringComparison.Ordinal);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            var help = args[0] is "help" or "hilfe";
            if (!help) Console.Error.WriteLine($"Unbekannter Befehl / unknown command: {args[0]}");
            Console.Error.Write(Usage());
            return 2;
        }
        if (ConfigurationErrors(app.Services) is { Count: > 0 } errors)
        {
            foreach (var error in errors) Console.Error.WriteLine(error);
            return 1;
        }
        if (command.Database != Database.Untouched)
        {
            var environment = app.Services.GetRequiredService<LtcEnvironment>();
            await DatabaseSetup.InitializeAsync(app.Services, migrate: command.Database == Database.Migrated || environment.AutoMigrate);
        }
        return await command.Run(app, args);
    }

    /// <summary>The failures of every options class registered with ValidateOnStart (the web server throws them instead).</summary>
    private static List<string> ConfigurationErrors(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OptionsValidationException))
        {
            return [.. e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(x => x.Failures)];
        }
    }

    public static string Usage()
    {
        var text = new System.Text.StringBuilder("Aufruf / usage: LifeTimeCircle [BEFEHL]   (ohne Befehl: Webserver)\n");
        foreach (var c in Commands)
        {
            text.Append("  ").Append(c.Usage.PadRight(62)).Append(c.Description).Append('\n');
        }
        text.Append("  ").Append("help".PadRight(62)).Append("zeigt diese Übersicht\n");
        return text.ToString();
    }
}
