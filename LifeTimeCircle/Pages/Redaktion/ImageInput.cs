using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain.Images;
using LifeTimeCircle.Infrastructure.Cms;

namespace LifeTimeCircle.Pages.Redaktion;

/// <summary>What the image upload form of an article posts (shape only; the rules are in UploadedImage and ArticleImages).</summary>
public sealed class ImageInput
{
    [Required(ErrorMessage = "Bitte beschreiben Sie das Bild (Alternativtext).")]
    [StringLength(UploadedImage.MaxAltLength, ErrorMessage = "Der Alternativtext darf höchstens 200 Zeichen lang sein.")]
    public string? AltText { get; set; }

    public bool Titelbild { get; set; }

    public IFormFile? Datei { get; set; }
}

/// <summary>An article's images as the edit and image pages list them; <see cref="Confirm"/>: the image whose deletion is asked.</summary>
public sealed record ImageDesk(string ArticleId, bool Editable, IReadOnlyList<ArticleImageRow> Images, string? Confirm = null);
