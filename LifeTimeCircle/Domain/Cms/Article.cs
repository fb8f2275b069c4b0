using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Cms;

public enum ArticleKind { Blog, News }

/// <summary>
/// Where an article stands (ADR 0017): Draft → InReview → Approved → Published (or Scheduled, published by the job at
/// its time). An admin sends an article in review back to Draft with a comment; a superadmin withdraws a published or
/// scheduled article to Approved. Editing an approved article makes it a draft again (the approval covered other text).
/// </summary>
public enum ArticleState { Draft, InReview, Approved, Scheduled, Published }

/// <summary>
/// A blog or news article (SPEC §11). The Markdown is what the author wrote; <see cref="Html"/> is its sanitised
/// rendering, made on save by the one renderer (Infrastructure/Cms/ArticleHtml) and shown as it is by preview and public
/// pages alike. Every save adds a <see cref="ArticleRevision"/>; transitions are checked by <see cref="ArticleWorkflow"/>.
/// </summary>
public sealed class Article
{
    public const int MaxTitleLength = 160;
    public const int MaxTeaserLength = 300;
    public const int MaxMarkdownLength = 40_000;
    public const int MaxReviewNoteLength = 1200;

    private Article() { }

    public Article(ArticleKind kind, string slug, ArticleText text, string html, string authorId, DateTimeOffset now)
    {
        PublicId = PublicIds.New();
        Kind = kind;
        Slug = slug;
        AuthorId = authorId;
        CreatedAt = now;
        Apply(text, html, now);
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public ArticleKind Kind { get; private set; }
    public string Slug { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Teaser { get; private set; } = "";
    public string Markdown { get; private set; } = "";
    public string Html { get; private set; } = "";
    public ArticleState State { get; private set; } = ArticleState.Draft;
    public string AuthorId { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Number of the current text's revision (1 = as created).</summary>
    public int Revision { get; private set; }
    /// <summary>The revision an admin last approved or sent back: „what changed since the last review“ compares with it.</summary>
    public int? ReviewedRevision { get; private set; }
    public string? ReviewNote { get; private set; }
    public string? ReviewedBy { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    public DateTimeOffset? PublishAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public string? PublishedBy { get; private set; }
    /// <summary>Set once: from then on the slug is public, and renaming it keeps a redirect from the old one.</summary>
    public DateTimeOffset? FirstPublishedAt { get; private set; }

    public bool IsPublic => State == ArticleState.Published;

    /// <summary>A new text (edit). Allowed while a draft, and for an approved article, which becomes a draft again.</summary>
    public void Edit(string slug, ArticleText text, string html, DateTimeOffset now)
    {
        ArticleWorkflow.Require(this, ArticleAction.Edit);
        if (State == ArticleState.Approved) State = ArticleState.Draft;
        Slug = slug;
        Apply(text, html, now);
    }

    /// <summary>
    /// The article's images changed (uploaded, checked, deleted, cover chosen; ADR 0024): the same text is rendered again with
    /// the images now ready. Allowed where editing is; an approved article becomes a draft again (the approval covered other
    /// images). The text's revision stays: the Markdown did not change.
    /// </summary>
    public void ImagesChanged(string html, DateTimeOffset now)
    {
        ArticleWorkflow.Require(this, ArticleAction.Edit);
        if (State == ArticleState.Approved) State = ArticleState.Draft;
        Html = html;
        UpdatedAt = now;
    }

    public void Submit(DateTimeOffset now)
    {
        ArticleWorkflow.Require(this, ArticleAction.Submit);
        State = ArticleState.InReview;
        UpdatedAt = now;
    }

    public void Approve(string adminId, string? note, DateTimeOffset now)
    {
        ArticleWorkflow.Require(this, ArticleAction.Approve);
        State = ArticleState.Approved;
        Reviewed(adminId, note, now);
    }

    /// <summary>Back to the author with a comment (required: the author must learn what to change).</summary>
    public void SendBack(string adminId, string note, DateTimeOffset now)
    {
        ArticleWorkflow.Require(this, ArticleAction.SendBack);
        if (string.IsNullOrWhiteSpace(note)) throw new DomainException("Bitte schreiben Sie, was geändert werden soll.", "ReviewNote");
        State = ArticleState.Draft;
        Reviewed(adminId, note, now);
    }

    public void Publish(string? superadminId, DateTimeOffset now)
    {
        ArticleWorkflow.Require(this, ArticleAction.Publish);
        State = ArticleState.Published;
        PublishedAt = now;
        FirstPublishedAt ??= now;
        PublishedBy = superadminId;
        PublishAt = null;
        UpdatedAt = now;
    }

    public void Schedule(string superadminId, DateTimeOffset at, DateTimeOffset now)
    {
        ArticleWorkflow.Require(this, ArticleAction.Schedule);
        if (at <= now) throw new DomainException("Der Zeitpunkt muss in der Zukunft liegen.", "PublishAt");
        State = ArticleState.Scheduled;
        PublishAt = at;
        PublishedBy = superadminId;
        UpdatedAt = now;
    }

    /// <summary>The scheduling job: publishes when the time has come; false when there is nothing to do (idempotent).</summary>
    public bool PublishIfDue(DateTimeOffset now)
    {
        if (State != ArticleState.Scheduled || PublishAt is not { } at || at > now) return false;
        State = ArticleState.Published;
        PublishedAt = at;
        FirstPublishedAt ??= at;
        PublishAt = null;
        UpdatedAt = now;
        return true;
    }

    public void Unpublish(DateTimeOffset now)
    {
        ArticleWorkflow.Require(this, ArticleAction.Unpublish);
        State = ArticleState.Approved;
        PublishAt = null;
        UpdatedAt = now;
    }

    private void Reviewed(string adminId, string? note, DateTimeOffset now)
    {
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed is { Length: > MaxReviewNoteLength }) throw new DomainException($"Der Kommentar darf höchstens {MaxReviewNoteLength} Zeichen lang sein.", "ReviewNote");
        ReviewedRevision = Revision;
        ReviewNote = trimmed;
        ReviewedBy = adminId;
        ReviewedAt = now;
        UpdatedAt = now;
    }

    private void Apply(ArticleText text, string html, DateTimeOffset now)
    {
        Title = text.Title;
        Teaser = text.Teaser;
        Markdown = text.Markdown;
        Html = html;
        Revision++;
        UpdatedAt = now;
    }
}

/// <summary>What an author writes, checked for shape: title, teaser (also the meta description) and Markdown body.</summary>
public sealed record ArticleText
{
    public ArticleText(string? title, string? teaser, string? markdown)
    {
        Title = (title ?? "").Trim();
        Teaser = (teaser ?? "").Trim();
        Markdown = (markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (Title.Length is < 3 or > Article.MaxTitleLength) throw new DomainException($"Der Titel muss 3 bis {Article.MaxTitleLength} Zeichen lang sein.", "Title");
        if (Teaser.Length is < 10 or > Article.MaxTeaserLength) throw new DomainException($"Der Anreißer muss 10 bis {Article.MaxTeaserLength} Zeichen lang sein.", "Teaser");
        if (Markdown.Length is < 10 or > Article.MaxMarkdownLength) throw new DomainException($"Der Text muss 10 bis {Article.MaxMarkdownLength} Zeichen lang sein.", "Markdown");
        // Invisible control characters would break the Atom feed (XML refuses them) and hide text from the review.
        if (HasControl(Title, false)) throw new DomainException("Bitte verwenden Sie im Titel keine Steuerzeichen.", "Title");
        if (HasControl(Teaser, false)) throw new DomainException("Bitte verwenden Sie im Anreißer keine Steuerzeichen.", "Teaser");
        if (HasControl(Markdown, true)) throw new DomainException("Bitte verwenden Sie im Text keine Steuerzeichen (außer Zeilenumbruch und Tabulator).", "Markdown");
    }

    /// <summary>Control characters (line breaks and tabs allowed where <paramref name="lines"/>), lone surrogates and non-characters — what XML can not carry.</summary>
    private static bool HasControl(string value, bool lines)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF') return true;
            if (char.IsControl(c) && !(lines && c is '\n' or '\t')) return true;
        }
        return false;
    }

    public string Title { get; }
    public string Teaser { get; }
    public string Markdown { get; }
}

/// <summary>One saved text of an article: kept for comparison („was hat sich seit der letzten Prüfung geändert“).</summary>
public sealed class ArticleRevision
{
    private ArticleRevision() { }

    public ArticleRevision(Article article, string savedBy, DateTimeOffset now)
    {
        ArticleId = article.Id;
        Article = article;
        Number = article.Revision;
        Slug = article.Slug;
        Title = article.Title;
        Teaser = article.Teaser;
        Markdown = article.Markdown;
        SavedBy = savedBy;
        SavedAt = now;
    }

    public long Id { get; private set; }
    public long ArticleId { get; private set; }
    public Article? Article { get; private set; }
    public int Number { get; private set; }
    public string Slug { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Teaser { get; private set; } = "";
    public string Markdown { get; private set; } = "";
    public string SavedBy { get; private set; } = "";
    public DateTimeOffset SavedAt { get; private set; }
}

/// <summary>An article's former public slug: the public page answers it with a permanent redirect to the current one.</summary>
public sealed class ArticleSlugRedirect
{
    private ArticleSlugRedirect() { }

    public ArticleSlugRedirect(ArticleKind kind, string slug, long articleId)
    {
        Kind = kind;
        Slug = slug;
        ArticleId = articleId;
    }

    public long Id { get; private set; }
    public ArticleKind Kind { get; private set; }
    public string Slug { get; private set; } = "";
    public long ArticleId { get; private set; }
}
