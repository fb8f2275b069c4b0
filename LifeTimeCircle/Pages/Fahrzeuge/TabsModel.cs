namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>What the Fahrzeugakte tab bar needs.</summary>
public sealed record TabsModel(string PublicId, string Active, string Title, string VinMasked);
