using NetVips;

namespace LifeTimeCircle.Infrastructure.Documents.Thumbnails;

/// <summary>The sizes of the written previews (after the EXIF orientation was applied).</summary>
public sealed record ThumbnailSizes(int SmallWidth, int SmallHeight, int LargeWidth, int LargeHeight);

/// <summary>An image the pipeline refuses for good; <see cref="ReasonCode"/> is ours (stored on the row, shown to nobody).</summary>
public sealed class ThumbnailRefusedException(string reasonCode) : Exception("Vorschau abgelehnt: " + reasonCode)
{
    public string ReasonCode { get; } = reasonCode;
}

/// <summary>
/// Makes the previews of one image with libvips (ADR 0022): the header is read first and an image above
/// <see cref="MaxPixels"/> is refused before a single pixel is decoded (decompression bombs); otherwise one
/// shrink-on-load decode to at most 1024 px wide (never upscaled), rotated by its EXIF orientation, in sRGB, is kept in
/// memory and written as WebP and JPEG, then reduced to 320 px and written again. Every file is written with
/// <c>keep: none</c>: no EXIF (GPS), XMP, IPTC or ICC profile leaves the pipeline. Only the JPEG, PNG and WebP loaders
/// are allowed (the same types <see cref="FileSniffer"/> accepts); every other libvips loader is blocked.
/// </summary>
public static class ThumbnailMaker
{
    public const int SmallWidth = 320;
    public const int LargeWidth = 1024;
    /// <summary>The previews' height bound (4 × the large width): very tall strips shrink instead of staying full size.</summary>
    public const int MaxHeight = 4096;

    /// <summary>50 megapixels: more than any phone or camera photo an owner uploads; a 30000×30000 PNG (900 MP) is refused.</summary>
    public const long MaxPixels = 50_000_000;

    public static readonly string[] Variants = ["320.webp", "320.jpg", "1024.webp", "1024.jpg"];

    private static readonly Lazy<bool> Configured = new(() =>
    {
        // No operation cache: each job decodes one image once; a cache would only hold memory between jobs.
        Cache.Max = 0;
        Cache.MaxFiles = 0;
        Cache.MaxMem = 0;
        // Two cores shared with the web requests: libvips' thread pool stays small.
        NetVips.NetVips.Concurrency = 1;
        NetVips.NetVips.BlockUntrusted = true;
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in new[] { "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp" })
        {
            Operation.Block(loader, false);
        }
        return true;
    });

    /// <summary>Width and height from the file's header only (nothing decoded); refuses what libvips does not recognise.</summary>
    public static (int Width, int Height) ReadHeader(string sourcePath)
    {
        _ = Configured.Value;
        try
        {
            using var header = Image.NewFromFile(sourcePath, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
            return (header.Width, header.Height);
        }
        catch (VipsException)
        {
            throw new ThumbnailRefusedException("UNREADABLE");
        }
    }

    /// <summary>
    /// Writes the four variants through <paramref name="target"/> (variant name → path) and returns their sizes. Throws
    /// <see cref="ThumbnailRefusedException"/> for an image that will never make a preview.
    /// </summary>
    public static ThumbnailSizes Make(string sourcePath, Func<string, string> target)
    {
        var (width, height) = ReadHeader(sourcePath);
        if ((long)width * height > MaxPixels) throw new ThumbnailRefusedException("TOO_MANY_PIXELS");
        try
        {
            // thumbnail: shrink-on-load (JPEG DCT scaling, WebP scaled decode), autorotate, sRGB; Size.Down never enlarges.
            // The box is bounded in height too: a 1000 × 50,000 strip passes the pixel limit, and without the bound it would
            // stay full size in memory (150 MB) — within 1024 × 4096 it is 82 × 4096.
            using var decoded = Image.Thumbnail(sourcePath, LargeWidth, height: MaxHeight, size: Enums.Size.Down, noRotate: false,
                failOn: Enums.FailOn.Error);
            // JPEG has no alpha: transparent PNG/WebP areas become white rather than black.
            using var flat = decoded.HasAlpha() ? decoded.Flatten(background: [255, 255, 255]) : null;
            using var large = (flat ?? decoded).CopyMemory();
            Save(large, target("1024.webp"), target("1024.jpg"));
            using var small = large.Width > SmallWidth ? large.ThumbnailImage(SmallWidth, height: MaxHeight, size: Enums.Size.Down) : large.Copy();
            Save(small, target("320.webp"), target("320.jpg"));
            return new ThumbnailSizes(small.Width, small.Height, large.Width, large.Height);
        }
        catch (VipsException)
        {
            throw new ThumbnailRefusedException("UNDECODABLE");
        }
    }

    private static void Save(Image image, string webpPath, string jpegPath)
    {
        image.Webpsave(webpPath, q: 75, effort: 2, keep: Enums.ForeignKeep.None);
        image.Jpegsave(jpegPath, q: 80, optimizeCoding: true, interlace: true, keep: Enums.ForeignKeep.None);
    }
}
