using Microsoft.Data.Sqlite;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>
/// The command dispatcher as the operator meets it (the built app in its own process): an unknown word or <c>help</c>
/// prints the usage with every command and exits with 2 instead of starting the web server.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private static readonly string[] AllCommands = ["migrate", "backup", "restore", "create-superadmin", "create-moderator", "rehash-vins", "bench-timeline", "bench-exports", "bench-thumbnails", "pdf-examples"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ltc-tests", "cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    [Theory]
    [InlineData("sichern")]
    [InlineData("help")]
    public void An_unknown_command_or_help_prints_the_usage_and_exits_with_2(string word)
    {
        var (exitCode, output) = OptionsValidationTests.RunCommand(_root, new Dictionary<string, string>(), TimeSpan.FromSeconds(60), word);

        Assert.True(exitCode == 2, $"Exit-Code {exitCode}: {output}");
        foreach (var command in AllCommands) Assert.Contains(command, output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "data", "lifetimecircle.db")), "Die Datenbank wurde angelegt.");
    }

    [Fact]
    public void Migrate_applies_the_migrations_and_exits_with_0_even_when_automatic_migration_is_off()
    {
        var (exitCode, output) = OptionsValidationTests.RunCommand(_root, new Dictionary<string, string> { ["LTC_AUTO_MIGRATE"] = "false" }, "migrate");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Datenbank ist migriert.", output, StringComparison.Ordinal);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_root, "data", "lifetimecircle.db")};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM __EFMigrationsHistory";
        Assert.True(Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }
}
