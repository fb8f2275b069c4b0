namespace LifeTimeCircle.Web;

/// <summary>Marks pages that stay reachable while a user's consent is missing (consent flow, sign-out, account security).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AllowWithoutConsentAttribute : Attribute;
