using System.Buffers.Binary;
using System.IO.Compression;
using NetVips;

namespace LifeTimeCircle.Tests.Fahrzeuge.Galerie;

/// <summary>Images made in the test: a phone photo with GPS and EXIF orientation, a decompression bomb.</summary>
public static class TestImages
{
    /// <summary>
    /// A 600×400 JPEG whose EXIF says „rotate 90° clockwise“ (orientation 6) and holds a GPS position (52° 31′ N), with
    /// an sRGB ICC profile: what a phone writes. The caller checks that the fields really are in the file.
    /// </summary>
    public static byte[] PhonePhoto(int width = 600, int height = 400)
    {
        using var gradient = Image.Xyz(width, height);
        using var red = gradient[0] * (255.0 / width);
        using var green = gradient[1] * (255.0 / height);
        using var blue = gradient[0] * 0 + 90;
        using var bands = red.Bandjoin(green, blue);
        using var rgb = bands.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        using var tagged = rgb.Mutate(m =>
        {
            m.Set(GValue.BlobType, "exif-data", ExifWithGps());
            m.Set(GValue.GIntType, "orientation", 6);
        });
        return tagged.JpegsaveBuffer(q: 90, keep: Enums.ForeignKeep.All);
    }

    /// <summary>A small JPEG without metadata (seeds, budgets).</summary>
    public static byte[] PlainJpeg(int width, int height)
    {
        using var black = Image.Black(width, height, bands: 3);
        using var grey = black + 120;
        using var rgb = grey.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        return rgb.JpegsaveBuffer(q: 80);
    }

    /// <summary>
    /// A valid 30000×30000 one-bit grayscale PNG (900 megapixels; 900 MB once decoded to 8 bits) that compresses to about
    /// 110 KB: every row is filter 0 and zero bits.
    /// </summary>
    public static byte[] PngBomb(int side = 30000)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, side);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), side);
        ihdr[8] = 1; // bit depth
        ihdr[9] = 0; // grayscale
        Chunk(png, "IHDR", ihdr);
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + (side + 7) / 8];
            for (var y = 0; y < side; y++) z.Write(row);
        }
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32(typed));
        s.Write(len);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>"Exif\0\0" + little-endian TIFF: IFD0 with Orientation 6 and a GPS IFD pointer; GPS IFD with latitude 52° 31′ 0″ N.</summary>
    private static byte[] ExifWithGps()
    {
        var t = new byte[8 + 30 + 30 + 24];
        "II"u8.CopyTo(t);
        BinaryPrimitives.WriteUInt16LittleEndian(t.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), 8);
        void Entry(int at, ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(t.AsSpan(at), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(t.AsSpan(at + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(at + 4), count);
            BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(at + 8), value);
        }
        BinaryPrimitives.WriteUInt16LittleEndian(t.AsSpan(8), 2);
        Entry(10, 0x0112, 3, 1, 6);        // Orientation = 6
        Entry(22, 0x8825, 4, 1, 38);       // GPSInfo IFD at 38
        BinaryPrimitives.WriteUInt16LittleEndian(t.AsSpan(38), 2);
        Entry(40, 0x0001, 2, 2, 'N');      // GPSLatitudeRef "N\0"
        Entry(52, 0x0002, 5, 3, 68);       // GPSLatitude, three rationals at 68
        uint[] rationals = [52, 1, 31, 1, 0, 1];
        for (var i = 0; i < rationals.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(68 + 4 * i), rationals[i]);
        return [.. "Exif\0\0"u8, .. t];
    }
}
