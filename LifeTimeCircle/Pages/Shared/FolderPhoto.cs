using LifeTimeCircle.Infrastructure.Documents.Thumbnails;

namespace LifeTimeCircle.Pages.Shared;

/// <summary>
/// What <c>_FolderPhoto</c> needs to show one photo of a trust folder: the link target and title, and the document's
/// preview (ADR 0022) when the page loaded it — without one the photo is a text link.
/// </summary>
public sealed record FolderPhoto(string VehicleId, string DocId, string Title, ThumbnailView? Thumbnail = null);
