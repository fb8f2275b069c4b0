using System.Runtime.CompilerServices;

namespace LifeTimeCircle.Tests.Infrastructure;

/// <summary>
/// Runs before any test host is built. Every in-process app host would otherwise watch its appsettings files with
/// inotify; the suite keeps dozens of hosts alive at once and Linux allows 128 inotify instances per user by default
/// (a fresh CI machine hits the limit: "The configured user limit (128) on the number of inotify instances has been
/// reached"). Test hosts never change their configuration files, so they do not watch them.
/// </summary>
internal static class TestProcessSetup
{
    [ModuleInitializer]
    internal static void DoNotWatchConfigurationFiles()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
