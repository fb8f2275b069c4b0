using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;

namespace LifeTimeCircle.Tests.Domain;

public sealed class WorkshopRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 28);

    [Theory]
    [InlineData("abcd-efgh", "ABCDEFGH")]
    [InlineData(" ABCD EFGH ", "ABCDEFGH")]
    [InlineData("ABCDEFG", null)]
    [InlineData("ABCDEFGHJ", null)]
    [InlineData("ABCD-EFG0", null)] // 0 is not in the alphabet (looks like O)
    [InlineData("Autohaus Müller", null)]
    public void A_typed_business_code_is_normalised_or_refused(string typed, string? expected) =>
        Assert.Equal(expected, BusinessCodes.Normalize(typed));

    [Fact]
    public void New_codes_use_only_the_unambiguous_alphabet_and_print_with_a_dash()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = BusinessCodes.New();
            Assert.Equal(code, BusinessCodes.Normalize(BusinessCodes.Format(code)));
            Assert.DoesNotContain(code, c => c is '0' or 'O' or '1' or 'I' or 'L');
        }
    }

    [Fact]
    public void A_visit_ends_after_30_days_and_a_revoked_grant_never_reopens()
    {
        var visit = new WorkshopGrant(1, 2, "owner", "Frau A", GrantDuration.Besuch, Now);
        Assert.True(visit.IsActiveAt(Now.AddDays(30).AddSeconds(-1)));
        Assert.False(visit.IsActiveAt(Now.AddDays(30)));
        var permanent = new WorkshopGrant(1, 2, "owner", "Frau A", GrantDuration.Dauerhaft, Now);
        Assert.True(permanent.IsActiveAt(Now.AddYears(5)));
        Assert.True(permanent.Revoke(Now.AddDays(1)));
        Assert.False(permanent.IsActiveAt(Now.AddDays(1)));
        Assert.False(permanent.Revoke(Now.AddDays(2)));
        Assert.Throws<DomainException>(() => new WorkshopGrant(1, 2, "owner", "  ", GrantDuration.Besuch, Now));
    }

    [Fact]
    public void A_proposal_obeys_the_entry_rules_and_is_decided_once()
    {
        ProposalValues Values(DateOnly date, int km = 1000, long? cost = null, string? work = "Öl gewechselt") => new(date, EntryCategory.Oelwechsel, km, work, cost);
        Assert.Equal("Date", Assert.Throws<DomainException>(() => new WorkshopProposal(1, 2, 3, "u", Values(Today.AddDays(1)), Now, Today)).Field);
        Assert.Equal("Odometer", Assert.Throws<DomainException>(() => new WorkshopProposal(1, 2, 3, "u", Values(Today, km: -1), Now, Today)).Field);
        Assert.Equal("Cost", Assert.Throws<DomainException>(() => new WorkshopProposal(1, 2, 3, "u", Values(Today, cost: -5), Now, Today)).Field);
        Assert.Equal("WorkDone", Assert.Throws<DomainException>(() => new WorkshopProposal(1, 2, 3, "u", Values(Today, work: " "), Now, Today)).Field);

        var p = new WorkshopProposal(1, 2, 3, "u", Values(Today), Now, Today);
        Assert.True(p.IsEssential);
        Assert.Equal("Comment", Assert.Throws<DomainException>(() => p.Reject("  ", "owner", Now)).Field);
        p.Defer();
        Assert.True(p.IsOpen);
        p.Reject("Nicht bei Ihnen gemacht", "owner", Now);
        Assert.Equal(ProposalState.Abgelehnt, p.State);
        Assert.Throws<DomainException>(() => p.Accept("group", "owner", Now));
        Assert.False(WorkshopProposal.IsEssentialCategory(EntryCategory.Pflege));
    }

    [Fact]
    public void A_profile_needs_every_field_and_a_five_digit_postal_code()
    {
        var ok = new BusinessProfile(" Autohaus  Muster ", BusinessType.Autohaus, "Ring 1", "10115", "Berlin", "030 1");
        var b = new Business("u", ok, Now);
        Assert.Equal("Autohaus Muster", b.Name);
        Assert.Equal("AUTOHAUS MUSTER", b.NameKey);
        Assert.Equal("PostalCode", Assert.Throws<DomainException>(() => b.Update(ok with { PostalCode = "1011" }, Now)).Field);
        Assert.Equal("Type", Assert.Throws<DomainException>(() => b.Update(ok with { Type = BusinessType.Eigenleistung }, Now)).Field);
        Assert.Equal("Name", Assert.Throws<DomainException>(() => b.Update(ok with { Name = "A\u202Eb" }, Now)).Field);
    }
}
