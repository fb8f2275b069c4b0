using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Cms;

namespace LifeTimeCircle.Tests.Redaktion;

/// <summary>The workflow's rules without a host: every action × role × state, slugs and the line diff.</summary>
public sealed class ArticleWorkflowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private static Article Draft() => new(ArticleKind.Blog, "ein-beitrag", new ArticleText("Ein Beitrag", "Ein Anreißer mit Text.", "Ein Text mit genug Zeichen."), "<p>x</p>", "autor", Now);

    /// <summary>Characters XML can not carry would take the Atom feed down and hide text from the review.</summary>
    [Theory]
    [InlineData("Ein\u000bTitel", "Ein Anreißer mit Text.", "Ein Text mit genug Zeichen.", "Title")]
    [InlineData("Ein Titel", "Ein Anreißer\u0000 mit Text.", "Ein Text mit genug Zeichen.", "Teaser")]
    [InlineData("Ein Titel", "Ein Anreißer mit Text.", "Ein Text mit\u001b genug Zeichen.", "Markdown")]
    [InlineData("Ein Titel", "Ein Anreißer mit Text.", "Ein Text mit \uffff genug Zeichen.", "Markdown")]
    public void Control_characters_are_refused_with_a_field(string title, string teaser, string markdown, string field)
    {
        var ex = Assert.Throws<DomainException>(() => new ArticleText(title, teaser, markdown));
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Line_breaks_tabs_and_emoji_stay_allowed_in_the_text() =>
        Assert.Contains("\t", new ArticleText("Ein Titel 🚗", "Ein Anreißer mit Text.", "Zeile eins\n\tZeile zwei 🚗").Markdown, StringComparison.Ordinal);

    /// <summary>Who may do what at all (SPEC §1: moderators write, admins review, only superadmins publish).</summary>
    [Theory]
    [InlineData(Roles.Moderator, "Edit Submit")]
    [InlineData(Roles.Admin, "Edit Submit SendBack Approve")]
    [InlineData(Roles.Superadmin, "Edit Submit SendBack Approve Publish Schedule Unpublish")]
    [InlineData(Roles.User, "")]
    [InlineData(Roles.Vip, "")]
    [InlineData(Roles.Dealer, "")]
    public void Each_role_may_exactly_its_actions(string role, string allowed)
    {
        var expected = allowed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<ArticleAction>).ToHashSet();
        foreach (var action in Enum.GetValues<ArticleAction>())
        {
            Assert.True(ArticleWorkflow.RoleMay(role, action) == expected.Contains(action), $"{role} {action}");
        }
    }

    /// <summary>Every action from every state: only the listed transitions happen, every other one is refused with a German message.</summary>
    [Fact]
    public void Only_the_allowed_transitions_happen_from_each_state()
    {
        var allowed = new Dictionary<ArticleState, ArticleAction[]>
        {
            [ArticleState.Draft] = [ArticleAction.Edit, ArticleAction.Submit],
            [ArticleState.InReview] = [ArticleAction.SendBack, ArticleAction.Approve],
            [ArticleState.Approved] = [ArticleAction.Edit, ArticleAction.Publish, ArticleAction.Schedule],
            [ArticleState.Scheduled] = [ArticleAction.Unpublish],
            [ArticleState.Published] = [ArticleAction.Unpublish],
        };
        foreach (var state in Enum.GetValues<ArticleState>())
        {
            foreach (var action in Enum.GetValues<ArticleAction>())
            {
                var article = InState(state);
                var ok = allowed[state].Contains(action);
                var error = Record.Exception(() => Do(article, action));
                if (ok) Assert.True(error is null, $"{state} {action}: {error?.Message}");
                else Assert.True(error is DomainException, $"{state} {action} hätte abgelehnt werden müssen");
            }
        }
    }

    [Fact]
    public void The_whole_way_from_draft_to_published_and_back()
    {
        var a = Draft();
        a.Submit(Now);
        Assert.Equal(ArticleState.InReview, a.State);
        var back = Assert.Throws<DomainException>(() => a.SendBack("admin", "  ", Now));
        Assert.Equal("ReviewNote", back.Field);
        a.SendBack("admin", "Bitte kürzen.", Now);
        Assert.Equal((ArticleState.Draft, 1, "Bitte kürzen."), (a.State, a.ReviewedRevision!.Value, a.ReviewNote));
        a.Edit("ein-beitrag", new ArticleText("Ein Beitrag", "Ein Anreißer mit Text.", "Ein kürzerer Text."), "<p>y</p>", Now);
        Assert.Equal(2, a.Revision);
        a.Submit(Now);
        a.Approve("admin", null, Now);
        Assert.Equal((ArticleState.Approved, 2), (a.State, a.ReviewedRevision!.Value));
        // Editing an approved article makes it a draft again: the approval covered another text.
        a.Edit("ein-beitrag", new ArticleText("Ein Beitrag", "Ein Anreißer mit Text.", "Noch ein anderer Text."), "<p>z</p>", Now);
        Assert.Equal(ArticleState.Draft, a.State);
        a.Submit(Now);
        a.Approve("admin", null, Now);
        a.Publish("super", Now);
        Assert.True(a.IsPublic);
        Assert.Equal(Now, a.FirstPublishedAt);
        a.Unpublish(Now.AddDays(1));
        Assert.Equal(ArticleState.Approved, a.State);
        Assert.Equal(Now, a.FirstPublishedAt);
    }

    [Fact]
    public void A_scheduled_article_is_published_by_the_job_at_its_time_and_not_before()
    {
        var a = InState(ArticleState.Approved);
        Assert.Throws<DomainException>(() => a.Schedule("super", Now, Now));
        a.Schedule("super", Now.AddHours(2), Now);
        Assert.False(a.PublishIfDue(Now.AddHours(1)));
        Assert.Equal(ArticleState.Scheduled, a.State);
        Assert.True(a.PublishIfDue(Now.AddHours(2)));
        Assert.Equal((ArticleState.Published, Now.AddHours(2)), (a.State, a.PublishedAt!.Value));
        Assert.False(a.PublishIfDue(Now.AddHours(3)));
    }

    [Fact]
    public void A_moderator_sees_only_their_own_articles()
    {
        var a = Draft();
        Assert.True(ArticleWorkflow.MaySee(Roles.Moderator, "autor", a));
        Assert.False(ArticleWorkflow.MaySee(Roles.Moderator, "jemand-anderes", a));
        Assert.True(ArticleWorkflow.MaySee(Roles.Admin, "jemand-anderes", a));
        Assert.True(ArticleWorkflow.MaySee(Roles.Superadmin, "jemand-anderes", a));
        Assert.False(ArticleWorkflow.MaySee(Roles.User, "autor", a));
    }

    [Theory]
    [InlineData(null, "Öl, Wasser & Übergabe: 10 Tipps!", "oel-wasser-uebergabe-10-tipps")]
    [InlineData("", "Straße", "strasse")]
    [InlineData("hu-termin", "egal", "hu-termin")]
    public void Slugs_are_readable(string? typed, string title, string expected) => Assert.Equal(expected, Slug.Parse(typed, title));

    [Theory]
    [InlineData("Gross-Schreibung")]
    [InlineData("mit leerzeichen")]
    [InlineData("a")]
    [InlineData("feed")]
    [InlineData("index")]
    [InlineData("doppel--strich")]
    [InlineData("-vorne")]
    [InlineData("../etc")]
    public void Bad_slugs_are_refused_with_a_German_message(string typed)
    {
        var ex = Assert.Throws<DomainException>(() => Slug.Parse(typed, "Titel"));
        Assert.Equal("Slug", ex.Field);
    }

    [Fact]
    public void The_line_diff_shows_what_changed()
    {
        var diff = LineDiff.Compare("a\nb\nc\nd", "a\nB\nc\nd\ne");
        Assert.Equal(
            ["= a", "- b", "+ B", "= c", "= d", "+ e"],
            diff.Select(l => (l.Kind switch { DiffKind.Same => "= ", DiffKind.Removed => "- ", _ => "+ " }) + l.Text).ToArray());
        Assert.All(LineDiff.Compare("x\ny", "x\ny"), l => Assert.Equal(DiffKind.Same, l.Kind));
    }

    private static Article InState(ArticleState state)
    {
        var a = Draft();
        if (state == ArticleState.Draft) return a;
        a.Submit(Now);
        if (state == ArticleState.InReview) return a;
        a.Approve("admin", null, Now);
        if (state == ArticleState.Approved) return a;
        if (state == ArticleState.Scheduled) a.Schedule("super", Now.AddDays(1), Now);
        else a.Publish("super", Now);
        return a;
    }

    private static void Do(Article a, ArticleAction action)
    {
        switch (action)
        {
            case ArticleAction.Edit: a.Edit("ein-beitrag", new ArticleText("Neu", "Ein neuer Anreißer.", "Ein neuer Text."), "<p>n</p>", Now); break;
            case ArticleAction.Submit: a.Submit(Now); break;
            case ArticleAction.SendBack: a.SendBack("admin", "Bitte ändern.", Now); break;
            case ArticleAction.Approve: a.Approve("admin", null, Now); break;
            case ArticleAction.Publish: a.Publish("super", Now); break;
            case ArticleAction.Schedule: a.Schedule("super", Now.AddDays(2), Now); break;
            case ArticleAction.Unpublish: a.Unpublish(Now); break;
        }
    }
}
