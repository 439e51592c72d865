using Maillage.Core.Infrastructure.Campaigns;
using Maillage.Domain.Procedures;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Core.Tests.Features.Procedures;

public sealed class DossierRequirementsTests
{
    private static readonly Participant Seat = new("750100018", "Hôpital A");
    private static readonly Participant NewSeat = new("690000013", "Hôpital B");
    private static readonly Participant Filiere = new("CARDIOGEN", "CARDIOGEN");

    private static CentreSuccessionContext Context(bool coordinating, params Participant[] establishments) => new(
        coordinating,
        establishments.Length == 0 ? [Seat] : establishments,
        [new("S-C1", "Site constitutif 1"), new("S-C2", "Site constitutif 2")],
        [new("S-COORD", "Site coordonnateur")],
        Filiere,
        [new("A-1", "Association 1"), new("A-2", "Association 2")]);

    [Fact]
    public void A_coordinating_site_needs_the_seven_items_with_one_advisory_opinion_per_constitutive_head()
    {
        var items = DossierRequirements.ForCentreHeadSuccession(Context(coordinating: true));
        Assert.Equal([1, 2, 3, 4, 5, 5, 6, 7, 7], items.Select(i => i.Number));
        Assert.Equal(["outgoing_letter", "motivation_letter", "cv", "director_opinion:750100018", "advisory_opinion:S-C1", "advisory_opinion:S-C2",
            "filiere_opinion:CARDIOGEN", "association_opinion:A-1", "association_opinion:A-2"], items.Select(i => i.Id));
        Assert.All(items.Where(i => i.Number == 5), i => Assert.Equal(Party.ConstitutiveHead, i.Party));
        Assert.Equal(7, items.Select(i => i.Number).Distinct().Count());
    }

    [Fact]
    public void Another_centre_needs_the_coordinating_heads_advisory_opinion_instead()
    {
        var items = DossierRequirements.ForCentreHeadSuccession(Context(coordinating: false));
        var advisory = Assert.Single(items, i => i.Number == 5);
        Assert.Equal(Party.CoordinatingHead, advisory.Party);
        Assert.Equal("S-COORD", advisory.TargetId);
    }

    [Fact]
    public void A_seat_change_needs_an_opinion_from_each_establishment_concerned()
    {
        var items = DossierRequirements.ForCentreHeadSuccession(Context(false, Seat, NewSeat));
        Assert.Equal(["director_opinion:750100018", "director_opinion:690000013"], items.Where(i => i.Number == 4).Select(i => i.Id));
    }

    [Fact]
    public void A_filiere_coordinator_succession_has_five_items_with_the_governance_committee_opinion()
    {
        var items = DossierRequirements.ForFiliereCoordinatorSuccession(new FiliereSuccessionContext([Seat]), Filiere);
        Assert.Equal([1, 2, 3, 4, 5], items.Select(i => i.Number));
        Assert.Equal(Party.FiliereGovernance, items[^1].Party);
        Assert.Equal(3, DossierRequirements.Sections(ProcedureKind.FiliereCoordinatorSuccession).Count);
        Assert.Equal(5, DossierRequirements.Sections(ProcedureKind.CentreHeadSuccession).Count);
    }

    [Fact]
    public void A_change_of_seat_is_asked_by_the_receiving_establishment_with_the_original_directors_opinion()
    {
        var items = DossierRequirements.ForSeatChange(new SeatChangeContext(Seat, NewSeat));
        Assert.Equal(["receiving_request:690000013", "holder_request", "original_director_opinion:750100018", "means_evidence:690000013"], items.Select(i => i.Id));
    }

    [Fact]
    public void Completeness_lists_each_missing_section_and_item_in_annex_order()
    {
        var items = DossierRequirements.ForCentreHeadSuccession(Context(coordinating: false));
        var sections = DossierRequirements.CentreMissionSections;
        var full = new DossierContent(items.Select(i => i.Id).ToList(), sections.ToDictionary(s => s.Key, s => (string?)"Projet."));
        Assert.Empty(Completeness.Check(items, sections, full));

        var partial = new DossierContent(items.Select(i => i.Id).Where(id => id != "cv" && id != "association_opinion:A-2").ToList(),
            sections.ToDictionary(s => s.Key, s => s.Key == "mission_research" ? "  " : (string?)"Projet."));
        var gaps = Completeness.Check(items, sections, partial);
        Assert.Equal(["mission_research", "cv", "association_opinion:A-2"], gaps.Select(g => g.ItemOrSection));
        Assert.Contains("Pièce 3 manquante", gaps[1].Message, StringComparison.Ordinal);
        Assert.Contains("Association 2", gaps[2].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OpinionValue.Favourable, null, null, new string[0])]
    [InlineData(OpinionValue.Reserved, null, null, new string[0])]
    [InlineData(OpinionValue.Unfavourable, "Activité insuffisante.", null, new string[0])]
    [InlineData(OpinionValue.Unfavourable, "Motifs.", "Dr Autre", new string[0])]
    [InlineData(OpinionValue.Reserved, "Réserve.", "Dr Autre", new string[0])]
    [InlineData(OpinionValue.Unfavourable, null, null, new[] { "reasons" })]
    [InlineData(OpinionValue.Unfavourable, "   ", "Dr Autre", new[] { "reasons" })]
    [InlineData(OpinionValue.Favourable, null, "Dr Autre", new[] { "alternative_candidate" })]
    public void An_unfavourable_opinion_states_its_reasons_and_may_propose_someone_else(OpinionValue value, string? reasons, string? alternative, string[] fields)
    {
        Assert.Equal(fields, OpinionRules.Validate(value, reasons, alternative).Select(e => e.Field));
    }

    [Fact]
    public void Decision_recipients_are_those_the_annex_lists()
    {
        Assert.Equal([Recipient.OutgoingHolder, Recipient.IncomingHolder, Recipient.CoordinatingHead, Recipient.EstablishmentDirectors,
            Recipient.RegionalAgency, Recipient.FiliereCoordinator], DecisionRecipients.For(ProcedureKind.CentreHeadSuccession));
        Assert.Equal([Recipient.OutgoingHolder, Recipient.IncomingHolder, Recipient.EstablishmentDirectors, Recipient.RegionalAgency],
            DecisionRecipients.For(ProcedureKind.FiliereCoordinatorSuccession));
    }
}

public sealed class SuccessorEligibilityTests
{
    private static readonly Maillage.Domain.Referential.Referential Campaign = CampaignCatalogue.Shipped.Get("2023-2028");
    private static readonly DateOnly Start = new(2025, 6, 15);

    private static DateOnly BornYearsBefore(int years) => Start.AddYears(-years);

    [Theory]
    [InlineData(HeadStatus.PuPh, true)]
    [InlineData(HeadStatus.McuPh, true)]
    [InlineData(HeadStatus.PhFullTime, true)]
    [InlineData(HeadStatus.ConsultantProfessor, true)]
    [InlineData(HeadStatus.PhPartTime, false)]
    [InlineData(HeadStatus.Contractual, false)]
    public void Status(HeadStatus status, bool eligible)
    {
        var r = SuccessorEligibility.CentreHead(SiteKind.CrmrConstitutive, status, BornYearsBefore(50), true, Campaign, Start);
        Assert.Equal(eligible, r.Eligible);
    }

    [Theory]
    // A consultant professor: from 65 keeps a clinical activity; from 68 may not head a coordinating site (N on the N-th birthday).
    [InlineData(64, false, SiteKind.CrmrCoordinating, true)]
    [InlineData(65, false, SiteKind.CrmrCoordinating, false)]
    [InlineData(65, true, SiteKind.CrmrCoordinating, true)]
    [InlineData(66, true, SiteKind.CrmrCoordinating, true)]
    [InlineData(67, true, SiteKind.CrmrCoordinating, true)]
    [InlineData(68, true, SiteKind.CrmrCoordinating, false)]
    [InlineData(69, true, SiteKind.CrmrCoordinating, false)]
    [InlineData(68, true, SiteKind.CrmrConstitutive, true)]
    [InlineData(69, false, SiteKind.Ccmr, false)]
    public void Consultant_professor_age(int age, bool clinical, SiteKind kind, bool eligible)
    {
        var r = SuccessorEligibility.CentreHead(kind, HeadStatus.ConsultantProfessor, BornYearsBefore(age), clinical, Campaign, Start);
        Assert.Equal(eligible, r.Eligible);
        Assert.All(r.Checks, c => Assert.False(string.IsNullOrWhiteSpace(c.Source)));
    }

    [Fact]
    public void The_day_before_the_68th_birthday_a_consultant_professor_may_still_be_designated_coordinator()
    {
        var birth = BornYearsBefore(68).AddDays(1);
        Assert.True(SuccessorEligibility.CentreHead(SiteKind.CrmrCoordinating, HeadStatus.ConsultantProfessor, birth, true, Campaign, Start).Eligible);
        Assert.False(SuccessorEligibility.CentreHead(SiteKind.CrmrCoordinating, HeadStatus.ConsultantProfessor, birth, true, Campaign, Start.AddDays(1)).Eligible);
    }

    [Fact]
    public void An_unknown_status_is_not_eligible()
    {
        Assert.False(SuccessorEligibility.CentreHead(SiteKind.Ccmr, null, null, null, Campaign, Start).Eligible);
    }

    [Theory]
    [InlineData(HeadStatus.PuPh, true, true)]
    [InlineData(HeadStatus.PuPh, false, false)]
    [InlineData(HeadStatus.McuPh, true, false)]
    [InlineData(HeadStatus.ConsultantProfessor, true, false)]
    [InlineData(null, true, false)]
    public void A_filiere_coordinator_is_a_PU_PH_who_is_or_was_head_of_a_reference_centre(HeadStatus? status, bool wasHead, bool eligible)
    {
        var r = SuccessorEligibility.FiliereCoordinator(status, wasHead);
        Assert.Equal(eligible, r.Eligible);
        Assert.Equal(2, r.Checks.Count);
    }
}
