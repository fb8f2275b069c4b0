using LifeTimeCircle.Domain;

namespace LifeTimeCircle.Tests.Admin;

/// <summary>Direct tests of <see cref="RoleChangeRules"/>: who may change which role.</summary>
public sealed class RoleChangeRulesTests
{
    private static (RoleChangeVerdict Verdict, string? Message) Check(bool superadmin = false, bool stepUp = true, string actor = "a", string target = "t",
        string current = Roles.User, string next = Roles.Vip, int superadmins = 2) =>
        RoleChangeRules.Check(new RoleChange(actor, superadmin, stepUp, target, current, next, superadmins));

    [Fact]
    public void An_admin_with_a_fresh_step_up_may_make_a_user_vip() => Assert.Equal(RoleChangeVerdict.Allowed, Check().Verdict);

    [Fact]
    public void Without_a_fresh_step_up_nothing_is_decided_before_the_confirmation() =>
        Assert.Equal((RoleChangeVerdict.StepUpRequired, null), Check(stepUp: false, next: "erfunden"));

    [Theory]
    [InlineData("")]
    [InlineData("root")]
    [InlineData("Admin")]
    public void Only_one_of_the_six_roles_can_be_given(string role) =>
        Assert.Equal((RoleChangeVerdict.InvalidRole, RoleChangeRules.InvalidRoleMessage), Check(next: role));

    [Fact]
    public void Nobody_changes_their_own_role_not_even_a_superadmin() =>
        Assert.Equal((RoleChangeVerdict.Refused, RoleChangeRules.OwnRoleMessage), Check(superadmin: true, actor: "x", target: "x", current: Roles.Superadmin, next: Roles.User));

    [Theory]
    [InlineData(Roles.User, Roles.Superadmin)]
    [InlineData(Roles.Superadmin, Roles.Admin)]
    public void Only_a_superadmin_grants_or_takes_away_superadmin(string current, string next)
    {
        Assert.Equal((RoleChangeVerdict.Refused, RoleChangeRules.SuperadminOnlyMessage), Check(current: current, next: next));
        Assert.Equal(RoleChangeVerdict.Allowed, Check(superadmin: true, current: current, next: next).Verdict);
    }

    [Fact]
    public void The_last_superadmin_keeps_the_role() =>
        Assert.Equal((RoleChangeVerdict.Refused, RoleChangeRules.LastSuperadminMessage), Check(superadmin: true, current: Roles.Superadmin, next: Roles.Admin, superadmins: 1));

    [Fact]
    public void Every_refusal_is_german_text_for_the_page()
    {
        foreach (var message in new[] { RoleChangeRules.InvalidRoleMessage, RoleChangeRules.OwnRoleMessage, RoleChangeRules.SuperadminOnlyMessage, RoleChangeRules.LastSuperadminMessage })
        {
            Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
            Assert.EndsWith(".", message, StringComparison.Ordinal);
        }
    }
}
