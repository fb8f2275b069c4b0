using System.Diagnostics;
using LifeTimeCircle.Infrastructure.Documents.Thumbnails;
using NetVips;

namespace LifeTimeCircle.Tests.Fahrzeuge.Galerie;

/// <summary>The image pipeline itself (ADR 0022): metadata stripped, orientation applied, bombs refused before decoding.</summary>
public sealed class ThumbnailPipelineTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ltc-thumbs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Target(string variant) => Path.Combine(_dir, "out-" + variant);

    [Fact]
    public void Thumbnails_have_no_exif_or_gps_and_are_turned_upright()
    {
        var source = Path.Combine(_dir, "handy.jpg");
        File.WriteAllBytes(source, TestImages.PhonePhoto(600, 400));
        using (var original = Image.NewFromFile(source))
        {
            // The fixture really carries what must go: EXIF with GPS and the orientation.
            Assert.Contains("exif-data", original.GetFields());
            Assert.Contains(original.GetFields(), f => f.StartsWith("exif-ifd3-GPSLatitude", StringComparison.Ordinal));
            Assert.Equal(6, (int)original.Get("orientation"));
            Assert.Equal((600, 400), (original.Width, original.Height));
        }

        var sizes = ThumbnailMaker.Make(source, Target);

        // Orientation 6 = turned by 90°: the landscape file becomes a portrait preview, never enlarged (400 < 1024).
        Assert.Equal(new ThumbnailSizes(320, 480, 400, 600), sizes);
        foreach (var variant in ThumbnailMaker.Variants)
        {
            using var thumb = Image.NewFromFile(Target(variant));
            var fields = thumb.GetFields();
            Assert.DoesNotContain("exif-data", fields);
            Assert.DoesNotContain("xmp-data", fields);
            Assert.DoesNotContain("icc-profile-data", fields);
            Assert.DoesNotContain(fields, f => f.StartsWith("exif-", StringComparison.Ordinal) || f.Contains("gps", StringComparison.OrdinalIgnoreCase));
            Assert.True(thumb.Height > thumb.Width, variant + " ist nicht aufgerichtet");
            var bytes = File.ReadAllBytes(Target(variant));
            Assert.Equal(-1, bytes.AsSpan().IndexOf("Exif\0\0"u8));
        }
        using (var webp = Image.NewFromFile(Target("1024.webp")))
        {
            Assert.Equal("webpload", webp.Get("vips-loader"));
            Assert.Equal((400, 600), (webp.Width, webp.Height));
        }
        using (var jpeg = Image.NewFromFile(Target("320.jpg")))
        {
            Assert.Equal("jpegload", jpeg.Get("vips-loader"));
            Assert.Equal((320, 480), (jpeg.Width, jpeg.Height));
        }
    }

    [Fact]
    public void A_wide_photo_gets_320_and_1024_pixel_previews()
    {
        var source = Path.Combine(_dir, "gross.jpg");
        File.WriteAllBytes(source, TestImages.PlainJpeg(4000, 3000));
        Assert.Equal(new ThumbnailSizes(320, 240, 1024, 768), ThumbnailMaker.Make(source, Target));
    }

    /// <summary>
    /// A 1000 × 50,000 strip passes the pixel limit and is narrower than 1024 px: without a height bound it would stay
    /// full size in memory (150 MB). The 4096 px bound shrinks it like any photo (security review 2026-12-03).
    /// </summary>
    [Fact]
    public void A_very_tall_strip_is_shrunk_to_the_height_bound()
    {
        var source = Path.Combine(_dir, "streifen.png");
        using (var black = Image.Black(1000, 50_000))
        using (var grey = (black + 200).Cast(Enums.BandFormat.Uchar))
        {
            File.WriteAllBytes(source, grey.PngsaveBuffer(compression: 9));
        }
        var nativeBefore = NetVips.Stats.MemHighwater;
        var sizes = ThumbnailMaker.Make(source, Target);
        var native = NetVips.Stats.MemHighwater - nativeBefore;
        output.WriteLine($"MEMORY strip vipsHighwaterGrowth={native} sizes={sizes}");
        Assert.Equal(new ThumbnailSizes(82, ThumbnailMaker.MaxHeight, 82, ThumbnailMaker.MaxHeight), sizes);
        Assert.True(native < 64 * 1024 * 1024, $"libvips-Speicher: {native} Bytes");
        using var large = Image.NewFromFile(Target("1024.webp"));
        Assert.Equal((82, ThumbnailMaker.MaxHeight), (large.Width, large.Height));
    }

    /// <summary>A grey PNG with transparency (two bands) is flattened on white like a colour one, not refused.</summary>
    [Fact]
    public void A_grey_png_with_transparency_gets_previews()
    {
        var source = Path.Combine(_dir, "grau-transparent.png");
        using (var black = Image.Black(400, 300, bands: 2))
        using (var grey = (black + new[] { 90.0, 128.0 }).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Bw))
        {
            File.WriteAllBytes(source, grey.PngsaveBuffer());
        }
        Assert.Equal(new ThumbnailSizes(320, 240, 400, 300), ThumbnailMaker.Make(source, Target));
        using var jpeg = Image.NewFromFile(Target("320.jpg"));
        Assert.False(jpeg.HasAlpha());
    }

    /// <summary>
    /// A 30000×30000 PNG (900 megapixels, ~110 KB on disk) is refused from its header: libvips' tracked pixel memory
    /// and the managed heap stay flat. The figures go to docs/performance.md.
    /// </summary>
    [Fact]
    public void A_30000_by_30000_png_is_refused_without_decoding_it()
    {
        var source = Path.Combine(_dir, "bombe.png");
        var bomb = TestImages.PngBomb();
        File.WriteAllBytes(source, bomb);
        Assert.Equal((30000, 30000), ThumbnailMaker.ReadHeader(source)); // the header is real and readable

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var managedBefore = GC.GetAllocatedBytesForCurrentThread();
        var nativeBefore = NetVips.Stats.MemHighwater;
        var rssBefore = Process.GetCurrentProcess().WorkingSet64;
        var ex = Assert.Throws<ThumbnailRefusedException>(() => ThumbnailMaker.Make(source, Target));
        var managed = GC.GetAllocatedBytesForCurrentThread() - managedBefore;
        var native = NetVips.Stats.MemHighwater - nativeBefore;
        var rss = Process.GetCurrentProcess().WorkingSet64 - rssBefore;

        Assert.Equal("TOO_MANY_PIXELS", ex.ReasonCode);
        Assert.Empty(Directory.GetFiles(_dir, "out-*"));
        output.WriteLine($"MEMORY bomb file={bomb.Length} managed={managed} vipsHighwaterGrowth={native} rssDelta={rss}");
        Assert.True(managed < 1024 * 1024, $"verwalteter Speicher: {managed} Bytes");
        Assert.True(native < 4 * 1024 * 1024, $"libvips-Speicher: {native} Bytes");
    }

    [Fact]
    public void A_file_that_is_no_image_is_refused_and_pdf_has_no_loader()
    {
        var source = Path.Combine(_dir, "kaputt.jpg");
        File.WriteAllBytes(source, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 1, 2, 3]);
        Assert.Equal("UNREADABLE", Assert.Throws<ThumbnailRefusedException>(() => ThumbnailMaker.Make(source, Target)).ReasonCode);
        // This libvips build has no PDF loader (ADR 0022): PDFs get a type icon.
        Assert.Equal(IntPtr.Zero, NetVips.NetVips.TypeFind("VipsOperation", "pdfload"));
    }
}
