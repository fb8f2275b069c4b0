namespace LifeTimeCircle.Domain.Cms;

public enum ArticleAction { Edit, Submit, SendBack, Approve, Publish, Schedule, Unpublish }

/// <summary>
/// Who may do what in which state (SPEC §1, §11; ADR 0017): moderators write and submit, admins review (approve or send
/// back), superadmins publish, schedule and withdraw. Admins and superadmins may write too. One table, used by the pages
/// (which buttons exist) and by the entity (which transitions happen).
/// </summary>
public static class ArticleWorkflow
{
    private static readonly IReadOnlyList<string> Writers = [Roles.Moderator, Roles.Admin, Roles.Superadmin];

    private static readonly Dictionary<ArticleAction, (ArticleState[] From, IReadOnlyList<string> Roles)> Rules = new()
    {
        [ArticleAction.Edit] = ([ArticleState.Draft, ArticleState.Approved], Writers),
        [ArticleAction.Submit] = ([ArticleState.Draft], Writers),
        [ArticleAction.SendBack] = ([ArticleState.InReview], Roles.Administrators),
        [ArticleAction.Approve] = ([ArticleState.InReview], Roles.Administrators),
        [ArticleAction.Publish] = ([ArticleState.Approved], [Roles.Superadmin]),
        [ArticleAction.Schedule] = ([ArticleState.Approved], [Roles.Superadmin]),
        [ArticleAction.Unpublish] = ([ArticleState.Published, ArticleState.Scheduled], [Roles.Superadmin]),
    };

    /// <summary>The role may do the action at all (independent of the article's state).</summary>
    public static bool RoleMay(string role, ArticleAction action) => Rules[action].Roles.Contains(role);

    /// <summary>The action is a transition out of this state.</summary>
    public static bool StateAllows(ArticleState state, ArticleAction action) => Rules[action].From.Contains(state);

    public static bool May(string role, ArticleState state, ArticleAction action) => RoleMay(role, action) && StateAllows(state, action);

    /// <summary>Moderators reach their own articles only; admins and superadmins every article.</summary>
    public static bool MaySee(string role, string userId, Article article) => MaySee(role, userId, article.AuthorId);

    public static bool MaySee(string role, string userId, string authorId) =>
        role is Roles.Admin or Roles.Superadmin || (role == Roles.Moderator && authorId == userId);

    internal static void Require(Article article, ArticleAction action)
    {
        if (!StateAllows(article.State, action)) throw new DomainException(Refusal(article.State, action));
    }

    private static string Refusal(ArticleState state, ArticleAction action) => action switch
    {
        ArticleAction.Edit => $"Ein Beitrag im Zustand „{StateName(state)}“ kann nicht bearbeitet werden.",
        _ => $"Das geht im Zustand „{StateName(state)}“ nicht.",
    };

    public static string StateName(ArticleState state) => state switch
    {
        ArticleState.Draft => "Entwurf",
        ArticleState.InReview => "In Prüfung",
        ArticleState.Approved => "Freigegeben",
        ArticleState.Scheduled => "Geplant",
        ArticleState.Published => "Veröffentlicht",
        _ => state.ToString(),
    };

    public static string KindName(ArticleKind kind) => kind == ArticleKind.Blog ? "Blog" : "News";
}
