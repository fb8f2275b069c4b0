namespace LifeTimeCircle.Pages.Shared;

/// <summary>What <c>_FolderPhoto</c> needs to show one photo of a trust folder.</summary>
public sealed record FolderPhoto(string VehicleId, string DocId, string Title);
