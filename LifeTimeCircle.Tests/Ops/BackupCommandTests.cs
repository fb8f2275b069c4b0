using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace LifeTimeCircle.Tests.Ops;

/// <summary>
/// The <c>backup</c> and <c>restore</c> commands as the operator and the systemd timer run them: the built app in its own
/// process, in Production, configured only by environment variables. Exit codes and messages are what is tested.
/// </summary>
public sealed class BackupCommandTests : IDisposable
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ltc-tests", "commands-" + Guid.NewGuid().ToString("N"));

    public BackupCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, true);
    }

    private sealed record Result(int ExitCode, string Output);

    private Result Run(string dataDir, string? backupKey, params string[] args)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LifeTimeCircle.dll"));
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("LTC_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["LTC_DATA_DIR"] = dataDir;
        psi.Environment["LTC_SECRET_KEY"] = "command-test-secret-0123456789-abcdefghijkl";
        psi.Environment["LTC_PUBLIC_URL"] = "https://lifetimecircle.example";
        if (backupKey is not null) psi.Environment["LTC_BACKUP_KEY"] = backupKey;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet startet nicht.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{string.Join(' ', args)}: Zeitlimit überschritten");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string[] Archives(string dataDir) =>
        Directory.Exists(Path.Combine(dataDir, "backups")) ? Directory.GetFiles(Path.Combine(dataDir, "backups"), "lifetimecircle-backup-*") : [];

    private static void AssertEmpty(string dataDir)
    {
        var left = Directory.Exists(dataDir) ? Directory.GetFileSystemEntries(dataDir, "*", SearchOption.AllDirectories) : [];
        Assert.True(left.Length == 0, "Im Zielverzeichnis liegt: " + string.Join(", ", left));
    }

    [Fact]
    public void In_production_the_backup_command_without_LTC_BACKUP_KEY_exits_non_zero_and_names_the_variable()
    {
        var data = Path.Combine(_root, "data");

        var result = Run(data, null, "backup");

        Assert.True(result.ExitCode != 0, result.Output);
        Assert.Contains("LTC_BACKUP_KEY", result.Output, StringComparison.Ordinal);
        Assert.Empty(Archives(data));
    }

    [Fact]
    public void A_malformed_LTC_BACKUP_KEY_stops_the_command_with_a_message_naming_the_variable_but_not_the_value()
    {
        foreach (var bad in new[] { "kein-base64-sondern-ein-passwort!", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) })
        {
            var data = Path.Combine(_root, "data-" + Guid.NewGuid().ToString("N"));

            var result = Run(data, bad, "backup");

            Assert.True(result.ExitCode != 0, result.Output);
            Assert.Contains("LTC_BACKUP_KEY", result.Output, StringComparison.Ordinal);
            Assert.Contains("32", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(bad, result.Output, StringComparison.Ordinal);
            Assert.Empty(Archives(data));
        }
    }

    [Fact]
    public void The_restore_command_refuses_another_key_leaving_the_target_empty_and_restores_with_the_right_key()
    {
        var data = Path.Combine(_root, "data");
        var backup = Run(data, KeyA, "backup");
        Assert.True(backup.ExitCode == 0, backup.Output);
        var archive = Assert.Single(Archives(data));
        var target = Path.Combine(_root, "restored");

        var wrong = Run(target, KeyB, "restore", archive);

        Assert.True(wrong.ExitCode != 0, wrong.Output);
        Assert.Contains("LTC_BACKUP_KEY", wrong.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", wrong.Output, StringComparison.Ordinal);
        AssertEmpty(target);

        var right = Run(target, KeyA, "restore", archive);

        Assert.True(right.ExitCode == 0, right.Output);
        Assert.Contains("PRAGMA integrity_check: ok", right.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(target, "lifetimecircle.db")));
    }
}
