using System.Text;
using System.Xml;
using LifeTimeCircle.Domain.Cms;

namespace LifeTimeCircle.Infrastructure.Cms;

/// <summary>
/// The Atom feed (RFC 4287) of one kind: the newest 20 published articles with title, dates, teaser and the stored
/// sanitised HTML as content. Every URL comes from <see cref="PublicUrls"/> (LTC_PUBLIC_URL), never from the request.
/// </summary>
public sealed class AtomFeed(ArticleReads reads, PublicUrls urls)
{
    public const int Entries = 20;
    private const string Ns = "http://www.w3.org/2005/Atom";

    public async Task<byte[]> WriteAsync(ArticleKind kind, CancellationToken ct)
    {
        var rows = await reads.NewestWithHtmlAsync(kind, Entries, ct);
        var items = rows.Select(r => r.Summary).ToList();
        var folder = "/" + ArticleWorkflow.KindName(kind);
        var listUrl = urls.Page(folder + "/Index");
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Indent = false, Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", Ns);
            xml.WriteAttributeString("xml", "lang", null, "de");
            xml.WriteElementString("id", Ns, listUrl);
            xml.WriteElementString("title", Ns, "LifeTimeCircle " + ArticleWorkflow.KindName(kind));
            xml.WriteElementString("updated", Ns, Instant(items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(i => i.UpdatedAt)));
            Link(xml, "self", urls.Page(folder + "/Feed"), "application/atom+xml");
            Link(xml, "alternate", listUrl, "text/html");
            xml.WriteStartElement("author", Ns);
            xml.WriteElementString("name", Ns, "LifeTimeCircle");
            xml.WriteEndElement();
            foreach (var (item, html) in rows)
            {
                var url = urls.Page(folder + "/Artikel", new { artikel = item.Slug });
                xml.WriteStartElement("entry", Ns);
                // The id stays when the slug changes.
                xml.WriteElementString("id", Ns, "urn:ltc:article:" + item.PublicId);
                xml.WriteElementString("title", Ns, item.Title);
                xml.WriteElementString("published", Ns, Instant(item.PublishedAt));
                xml.WriteElementString("updated", Ns, Instant(item.UpdatedAt > item.PublishedAt ? item.UpdatedAt : item.PublishedAt));
                Link(xml, "alternate", url, "text/html");
                xml.WriteElementString("summary", Ns, item.Teaser);
                xml.WriteStartElement("content", Ns);
                xml.WriteAttributeString("type", "html");
                xml.WriteString(html);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return buffer.ToArray();
    }

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", Ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Instant(DateTimeOffset at) => XmlConvert.ToString(at.ToUniversalTime(), "yyyy-MM-dd'T'HH:mm:ss'Z'");
}
