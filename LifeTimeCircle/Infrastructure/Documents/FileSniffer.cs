namespace LifeTimeCircle.Infrastructure.Documents;

/// <summary>Decides the type by the content's first bytes (magic numbers), never by name or client content type.</summary>
public static class FileSniffer
{
    public const int HeaderLength = 16;

    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8)) return "application/pdf";
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return "image/jpeg";
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return "image/png";
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }

    public static string Extension(string contentType) => LifeTimeCircle.Domain.Documents.DocumentFileName.ExtensionFor(contentType);
}
