using LifeTimeCircle.Domain.Documents;

namespace LifeTimeCircle.Tests.Domain;

public sealed class DocumentFileNameTests
{
    [Theory]
    [InlineData("rechnung\u202Efdp.exe", "application/pdf", "rechnungfdp.pdf")]
    [InlineData("bericht.html", "application/pdf", "bericht.pdf")]
    [InlineData("Foto vom Unfall.JPG", "image/jpeg", "Foto vom Unfall.jpg")]
    [InlineData("C:\\Users\\max\\Scan 1.pdf", "application/pdf", "Scan 1.pdf")]
    [InlineData("../../etc/passwd", "image/png", "passwd.png")]
    [InlineData("a\u0000b\u200Fc\u2066d.pdf", "application/pdf", "abcd.pdf")]
    [InlineData("\u202E", "application/pdf", "Dokument.pdf")]
    [InlineData("...", "image/webp", "Dokument.webp")]
    [InlineData("<script>.pdf", "application/pdf", "_script_.pdf")]
    [InlineData("Rechnung Bremsen.pdf", "application/pdf", "Rechnung Bremsen.pdf")]
    [InlineData("Übergabe März.png", "image/png", "Übergabe März.png")]
    public void Stored_names_keep_the_readable_part_and_end_in_the_sniffed_type(string uploaded, string contentType, string expected) =>
        Assert.Equal(expected, DocumentFileName.Normalize(uploaded, contentType));

    [Fact]
    public void Long_names_are_shortened_before_the_extension()
    {
        var name = DocumentFileName.Normalize(new string('x', 500) + ".pdf", "application/pdf");
        Assert.Equal(DocumentFileName.MaxBaseLength + 4, name.Length);
        Assert.EndsWith("x.pdf", name, StringComparison.Ordinal);
    }

    [Fact]
    public void The_document_stores_the_normalised_name()
    {
        var doc = new LifeTimeCircle.Domain.Documents.Document(1, null, DocumentKind.Rechnung, "application/pdf", "key", "sha", 10, "rechnung\u202Efdp.exe", "u", DateTimeOffset.UnixEpoch);
        Assert.Equal("rechnungfdp.pdf", doc.OriginalFileName);
    }
}
