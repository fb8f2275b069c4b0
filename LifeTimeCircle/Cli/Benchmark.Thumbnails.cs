using System.Diagnostics;
using LifeTimeCircle.Infrastructure.Documents.Thumbnails;
using NetVips;

namespace LifeTimeCircle.Cli;

/// <summary>
/// <c>bench-thumbnails</c> (docs/performance.md, ADR 0022): makes photo-like JPEGs (noise over a gradient, so the
/// encoder and decoder do real work; default 12 MP, 4000×3000) in a scratch folder, then times
/// <see cref="ThumbnailMaker.Make"/> per image — header check, one shrink-on-load decode, four files — after two
/// warm-up runs, and reports the median, p95, libvips' peak tracked memory and the process's peak resident memory.
/// Needs no database.
/// </summary>
public static partial class Benchmark
{
    public static Task<int> RunThumbnailsAsync(WebApplication app, string[] args)
    {
        int images = Arg(args, "--images", 20), width = Arg(args, "--width", 4000), height = Arg(args, "--height", 3000);
        var work = Directory.CreateTempSubdirectory("ltc-bench-thumbs-");
        try
        {
            var sources = new List<string>();
            for (var i = 0; i < Math.Min(images, 4); i++)
            {
                using var noise = Image.Gaussnoise(width, height, mean: 128, sigma: 30 + 5 * i);
                using var xyz = Image.Xyz(width, height);
                using var ramp = xyz[0] * (127.0 / width);
                using var r = noise + ramp;
                using var g = noise * 0.8;
                using var b = noise - ramp;
                using var rgb = r.Bandjoin(g, b).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
                var path = Path.Combine(work.FullName, $"foto-{i}.jpg");
                rgb.Jpegsave(path, q: 90);
                sources.Add(path);
            }
            var size = new FileInfo(sources[0]).Length;
            string Target(string v) => Path.Combine(work.FullName, "out-" + v);
            for (var i = 0; i < 2; i++) ThumbnailMaker.Make(sources[i % sources.Count], Target);
            var times = new List<double>();
            for (var i = 0; i < images; i++)
            {
                var started = Stopwatch.GetTimestamp();
                ThumbnailMaker.Make(sources[i % sources.Count], Target);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            times.Sort();
            var outputs = ThumbnailMaker.Variants.Select(v => $"{v} {new FileInfo(Target(v)).Length / 1024} KB");
            Console.WriteLine($"bench-thumbnails: {images} Bilder {width}×{height} (JPEG q90, {size / 1024} KB), libvips {NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)}");
            Console.WriteLine($"  pro Bild: p50 {times[times.Count / 2]:0} ms, p95 {times[(int)Math.Min(times.Count - 1, Math.Ceiling(times.Count * 0.95) - 1)]:0} ms, max {times[^1]:0} ms");
            Console.WriteLine($"  libvips-Spitze {NetVips.Stats.MemHighwater / 1024 / 1024} MB, Prozess-Spitze (VmHWM) {PeakRss() / 1024} MB");
            Console.WriteLine("  Ausgabe: " + string.Join(", ", outputs));
            return Task.FromResult(0);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static long PeakRss() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
}
