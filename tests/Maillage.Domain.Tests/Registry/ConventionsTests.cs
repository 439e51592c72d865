using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Domain.Tests.Registry;

/// <summary>
/// An association whose convention has ended is no longer a party of any procedure (issue 12 §1; Alliance maladies rares,
/// fiche pratique « Participation des associations à la re-labellisation des centres de référence et de compétence », mai
/// 2022): the convention's end date is its last day in force.
/// </summary>
public sealed class ConventionsTests
{
    private static readonly DateOnly Today = new(2026, 12, 6);

    private static AssociationConvention Ending(DateOnly? endsOn, DateOnly? signedOn = null) =>
        new() { AssociationId = "ASSO-1", TargetKind = ConventionTarget.Network, TargetId = "CRMR-1", SignedOn = signedOn ?? new DateOnly(2020, 1, 1), EndsOn = endsOn };

    [Theory]
    [InlineData(-1, false)] // ended yesterday: no longer a party
    [InlineData(0, true)]   // ends today: in force on its last day
    [InlineData(1, true)]   // ends tomorrow
    public void A_convention_is_in_force_until_its_last_day(int endsInDays, bool inForce)
    {
        var c = Ending(Today.AddDays(endsInDays));
        Assert.Equal(inForce, Conventions.IsInForce(c, Today));
        Assert.Equal(inForce, Conventions.InForceOn(Today).Compile()(c));
    }

    [Fact]
    public void Open_ended_and_not_yet_signed_conventions()
    {
        Assert.True(Conventions.IsInForce(Ending(null), Today));
        Assert.True(Conventions.IsInForce(Ending(null, signedOn: Today), Today));
        Assert.False(Conventions.IsInForce(Ending(null, signedOn: Today.AddDays(1)), Today));
    }
}
