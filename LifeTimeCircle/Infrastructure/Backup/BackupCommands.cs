namespace LifeTimeCircle.Infrastructure.Backup;

/// <summary>
/// The operator commands <c>backup [--out DIR]</c> and <c>restore ARCHIVE [--allow-unencrypted]</c>: exit code 0 on
/// success, 1 when refused (the German reason on standard error), 2 on a wrong call.
/// </summary>
public static class BackupCommands
{
    public static async Task<int> BackupAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var outIndex = Array.IndexOf(args, "--out");
        var outDir = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : null;
        var options = services.GetRequiredService<BackupOptions>();
        try
        {
            var archive = await services.GetRequiredService<BackupService>().CreateAsync(outDir, CancellationToken.None);
            if (options.HasKey)
            {
                output.WriteLine($"Sicherung erstellt (verschlüsselt, Schlüsselkennung {options.KeyId}): {archive}");
            }
            else
            {
                error.WriteLine($"WARNUNG: Sicherung UNVERSCHLÜSSELT erstellt ({BackupOptions.KeyVariable} fehlt; nur in Development und Testing erlaubt).");
                output.WriteLine("Sicherung erstellt: " + archive);
            }
            return 0;
        }
        catch (BackupRefusedException e)
        {
            error.WriteLine("Sicherung abgelehnt: " + e.Message);
            return 1;
        }
    }

    public static async Task<int> RestoreAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var rest = args.Skip(1).ToList();
        var allowUnencrypted = rest.Remove("--allow-unencrypted");
        if (rest.Count != 1 || rest[0].StartsWith("--", StringComparison.Ordinal))
        {
            error.WriteLine("Aufruf: LifeTimeCircle restore ARCHIV [--allow-unencrypted]   (in ein leeres LTC_DATA_DIR; " +
                            $"{BackupOptions.KeyVariable} = der Schlüssel, mit dem die Sicherung erstellt wurde)");
            return 2;
        }
        try
        {
            var result = await services.GetRequiredService<BackupService>().RestoreAsync(rest[0], allowUnencrypted, CancellationToken.None);
            output.WriteLine("Wiederhergestellt nach " + services.GetRequiredService<LtcEnvironment>().DataDir + ". PRAGMA integrity_check: " + result);
            return 0;
        }
        catch (BackupRefusedException e)
        {
            error.WriteLine("Wiederherstellung abgelehnt: " + e.Message);
            return 1;
        }
    }
}
