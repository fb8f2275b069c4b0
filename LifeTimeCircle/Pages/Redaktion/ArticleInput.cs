using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using LifeTimeCircle.Domain.Cms;
using LifeTimeCircle.Infrastructure.Cms;
using LifeTimeCircle.Web;

namespace LifeTimeCircle.Pages.Redaktion;

/// <summary>What the new and the edit form post (shape only; the rules are in ArticleText and Slug).</summary>
public sealed class ArticleInput
{
    [Required(ErrorMessage = "Bitte wählen Sie Blog oder News.")]
    public ArticleKind? Kind { get; set; }

    [Required(ErrorMessage = "Bitte geben Sie einen Titel an.")]
    [StringLength(Article.MaxTitleLength, ErrorMessage = "Der Titel darf höchstens 160 Zeichen lang sein.")]
    public string? Title { get; set; }

    [StringLength(Domain.Cms.Slug.MaxLength, ErrorMessage = "Die Adresse darf höchstens 80 Zeichen lang sein.")]
    public string? Slug { get; set; }

    [Required(ErrorMessage = "Bitte schreiben Sie einen Anreißer.")]
    [StringLength(Article.MaxTeaserLength, ErrorMessage = "Der Anreißer darf höchstens 300 Zeichen lang sein.")]
    public string? Teaser { get; set; }

    [Required(ErrorMessage = "Bitte schreiben Sie den Text.")]
    [StringLength(Article.MaxMarkdownLength, ErrorMessage = "Der Text darf höchstens 40.000 Zeichen lang sein.")]
    public string? Markdown { get; set; }

    public ArticleText ToText() => new(Title, Teaser, Markdown);
}

public static class EditorialPrincipal
{
    /// <summary>The signed-in member of the editorial team as the workflow sees them.</summary>
    public static EditorialActor Editor(this ClaimsPrincipal user) => new(user.UserId(), user.PrimaryRole());
}
