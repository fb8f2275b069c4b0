using System.Globalization;

namespace LifeTimeCircle.Infrastructure.Documents;

/// <summary>File sizes as people read them, the same way on every page: „10 MiB“, „0,5 MiB“, „400 KiB“.</summary>
public static class FileSizes
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static string Text(long bytes) => bytes >= 512 * 1024
        ? (bytes / 1024d / 1024d).ToString("0.#", German) + " MiB"
        : Math.Ceiling(bytes / 1024d).ToString("0", German) + " KiB";
}
