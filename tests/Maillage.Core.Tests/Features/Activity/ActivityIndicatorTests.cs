using Maillage.Domain.Activity;
using Xunit;
using static Maillage.Core.Tests.Features.Activity.ActivityTestData;

namespace Maillage.Core.Tests.Features.Activity;

public sealed class ActivityIndicatorTests
{
    [Fact]
    public void Counts_acts_by_context_and_distinct_patients()
    {
        var r = Aggregate(
            Row(P1, context: "CS"), Row(P1, context: "CS_MULTI"), Row(P1, context: "TLC"), Row(P2, context: "HDJ"),
            Row(P2, context: "HDJ", date: "2024-03-02"), Row(P3, context: "AVIS_DOSSIER"), Row(P3, context: "AVIS_CS"),
            Row(P3, context: "RCP_ORG"), Row(P3, context: "RCP_NAT"), Row(P3, context: "RCP_NAT"));
        Assert.Empty(r.Rejects);
        var c = r.For("C75");
        Assert.Equal(2, c.ActivePatients);     // P1 (CS...), P2 (HDJ); P3 has no CS/TLC/HDJ
        Assert.Equal(3, c.Consultations);
        Assert.Equal(2, c.DayHospitalStays);
        Assert.Equal(2, c.FileOpinions);
        Assert.Equal(1, c.RcpOrganised);
        Assert.Equal(2, c.RcpNational);
        Assert.Equal(3, c.Patients);
        Assert.Equal(0, c.OutOfScopeActs);
    }

    [Fact]
    public void A_stay_over_several_days_counts_once()
    {
        var r = Aggregate(
            Row(P1, context: "HC", stay: "S1", date: "2024-05-01"), Row(P1, context: "HC", stay: "S1", date: "2024-05-02"),
            Row(P1, context: "HC", stay: "S1", date: "2024-05-03"), Row(P1, context: "HC", stay: "S2", date: "2024-06-01"),
            Row(P2, context: "HC", stay: "S1", date: "2024-05-01"),   // same stay id, another patient: another stay
            Row(P1, context: "AVIS_SALLE", stay: "S9", date: "2024-05-01"), Row(P1, context: "AVIS_SALLE", stay: "S9", date: "2024-05-04"));
        var c = r.For("C75");
        Assert.Equal(3, c.FullHospitalStays);
        Assert.Equal(1, c.BedsideOpinions);
        Assert.Equal(0, c.ActivePatients);  // hospitalisation alone is not the file active
        Assert.Equal(2, c.Patients);
    }

    [Fact]
    public void A_patient_with_acts_in_two_years_counts_in_each_year()
    {
        var r = Aggregate(Row(P1, date: "2023-12-31"), Row(P1, date: "2024-01-01"), Row(P1, date: "2024-02-01", context: "TLC"));
        Assert.Equal(1, r.For("C75", 2023).ActivePatients);
        Assert.Equal(1, r.For("C75", 2023).Consultations);
        Assert.Equal(1, r.For("C75", 2024).ActivePatients);
        Assert.Equal(2, r.For("C75", 2024).Consultations);
    }

    [Fact]
    public void Residence_is_the_one_of_the_latest_act_of_the_year()
    {
        // P1 moves from Paris (same département) to Lyon (other region) in June; file order does not matter.
        var r = Aggregate(Row(P1, date: "2024-06-10", residence: "69"), Row(P1, date: "2024-01-10", residence: "75"),
            Row(P2, date: "2024-01-10", residence: "69"), Row(P2, date: "2024-09-10", residence: "92", context: "RCP_NAT"));
        var c = r.For("C75");
        Assert.Equal(0, c.ResidentSameDepartement);
        Assert.Equal(1, c.ResidentSameRegion);   // P2's latest act (RCP_NAT, not file active) still gives the residence
        Assert.Equal(1, c.ResidentOtherRegion);
    }

    [Fact]
    public void Same_day_acts_with_different_residences_take_the_greatest_code_and_known_beats_empty()
    {
        var r = Aggregate(Row(P1, residence: ""), Row(P1, residence: "75"), Row(P2, residence: "92"), Row(P2, residence: "75"));
        var c = r.For("C75");
        Assert.Equal(1, c.ResidentSameDepartement); // P1: "75" beats ""
        Assert.Equal(1, c.ResidentSameRegion);      // P2: "92" > "75"
        Assert.Equal(0, c.ResidentUnknown);
    }

    [Fact]
    public void Residence_classes_relative_to_the_site()
    {
        var r = Aggregate(Row("1000000000000001", residence: "75"), Row("1000000000000002", residence: "92"),
            Row("1000000000000003", residence: "2A"), Row("1000000000000004", residence: "99"), Row("1000000000000005", residence: ""),
            Row("1000000000000006", residence: "976"));
        var c = r.For("C75");
        Assert.Equal((1, 1, 2, 1, 1), (c.ResidentSameDepartement, c.ResidentSameRegion, c.ResidentOtherRegion, c.ResidentAbroad, c.ResidentUnknown));
        Assert.Equal(c.ActivePatients, c.ResidentSameDepartement + c.ResidentSameRegion + c.ResidentOtherRegion + c.ResidentAbroad + c.ResidentUnknown);
    }

    [Fact]
    public void Out_of_scope_acts_only_count_as_out_of_scope()
    {
        var r = Aggregate(Row(P1, outOfScope: "1", status: "confirme", orpha: "558"), Row(P1, outOfScope: "1", context: "HC", stay: "S"),
            Row(P2, outOfScope: "0"), Row(P3, centre: "C69", outOfScope: "1"));
        var c = r.For("C75");
        Assert.Equal(2, c.OutOfScopeActs);
        Assert.Equal(1, c.ActivePatients);
        Assert.Equal(1, c.Consultations);
        Assert.Equal(0, c.FullHospitalStays);
        Assert.Equal(0, c.ConfirmedPatients);
        Assert.Equal(0, c.OrphaCodedPatients);
        // A centre with only out-of-scope acts is present (its year gets replaced) with zeros elsewhere.
        var lyon = r.For("C69");
        Assert.Equal(1, lyon.OutOfScopeActs);
        Assert.Equal(0, lyon.Patients);
    }

    [Fact]
    public void Confirmed_and_orpha_coded_patients_count_once_whatever_their_acts()
    {
        var r = Aggregate(Row(P1, status: "confirme", orpha: "558"), Row(P1, status: "confirme", orpha: "558", date: "2024-04-01"),
            Row(P2, status: "en_cours"), Row(P3, orpha: "200", context: "AVIS_DOSSIER"));
        var c = r.For("C75");
        Assert.Equal(1, c.ConfirmedPatients);
        Assert.Equal(2, c.OrphaCodedPatients); // 200 is inactive but redirected to an active code
        Assert.Equal(3, c.Patients);
    }

    [Fact]
    public void Indicator_contexts_are_data()
    {
        var strict = new ActivityIndicatorDefinition(
            activePatients: [ActivityContext.Consultation], consultations: [ActivityContext.Consultation],
            dayHospitalStays: [ActivityContext.DayHospital], fullHospitalStays: [ActivityContext.FullHospitalisation, ActivityContext.BedsideOpinion],
            bedsideOpinions: [ActivityContext.BedsideOpinion], fileOpinions: [], rcpOrganised: [], rcpNational: [],
            patients: [ActivityContext.Consultation, ActivityContext.Teleconsultation]);
        var r = Aggregate(strict, Row(P1, context: "TLC"), Row(P2, context: "CS"), Row(P3, context: "HC", stay: "S"), Row(P3, context: "AVIS_SALLE", stay: "S"));
        var c = r.For("C75");
        Assert.Equal(1, c.ActivePatients);
        Assert.Equal(1, c.Consultations);
        Assert.Equal(2, c.Patients);
        Assert.Equal(1, c.FullHospitalStays); // one (patient, stay) with both contexts
        Assert.Equal(1, c.BedsideOpinions);
        Assert.Throws<ArgumentException>(() => new ActivityIndicatorDefinition([], [], [], [ActivityContext.Consultation], [], [], [], [], []));
    }

    [Theory]
    [InlineData("2017-2022")]
    [InlineData("2023-2028")]
    public void The_campaign_referentials_give_the_default_definition(string campaign)
    {
        var fromYaml = ActivityIndicatorDefinition.FromReferential(Maillage.Core.Infrastructure.Campaigns.CampaignCatalogue.Shipped.Get(campaign).Indicators);
        var d = ActivityIndicatorDefinition.Default;
        Assert.Equal(d.ActivePatients, fromYaml.ActivePatients);
        Assert.Equal(d.Consultations, fromYaml.Consultations);
        Assert.Equal(d.DayHospitalStays, fromYaml.DayHospitalStays);
        Assert.Equal(d.FullHospitalStays, fromYaml.FullHospitalStays);
        Assert.Equal(d.BedsideOpinions, fromYaml.BedsideOpinions);
        Assert.Equal(d.FileOpinions, fromYaml.FileOpinions);
        Assert.Equal(d.RcpOrganised, fromYaml.RcpOrganised);
        Assert.Equal(d.RcpNational, fromYaml.RcpNational);
        Assert.Equal(d.Patients, fromYaml.Patients);
        Assert.Throws<ArgumentException>(() => ActivityIndicatorDefinition.FromReferential(
            [new Maillage.Domain.Referential.IndicatorContexts("consultations", "distinct_patients", ["CS"])]));
    }

    [Fact]
    public void Partitions_of_disjoint_patients_joined_without_reinsertion_give_the_same_result_as_one()
    {
        // The scanner's partitions: each patient (with all its acts and stays) in exactly one aggregator, by key.
        string[] lines =
        [
            Row(P1, date: "2024-06-10", residence: "69"), Row(P1, date: "2024-01-10", residence: "75", status: "confirme"),
            Row(P1, context: "HC", stay: "S1", date: "2024-05-01"), Row(P1, context: "HC", stay: "S1", date: "2024-05-02"),
            Row(P2, context: "HDJ"), Row(P2, context: "CS", outOfScope: "1"), Row(P2, context: "AVIS_SALLE", stay: "S1"),
            Row(P3, centre: "C69", residence: "01", orpha: "558"), Row(P3, residence: "13"),
            Row("1000000000000004", residence: "92"), Row("1000000000000005", context: "HC", stay: "S9"),
        ];
        var whole = Aggregate(lines).Indicators;
        var parts = new[] { new ActivityAggregator(), new ActivityAggregator(), new ActivityAggregator() };
        foreach (var line in lines)
        {
            Assert.True(ActivityExtract.TryParse(System.Text.Encoding.UTF8.GetBytes(line), TestReferential, out var act, out _, out _), line);
            parts[(int)(act.Patient % 3)].Add(act);
        }
        Assert.Contains(parts, p => p.TableCount > 0 && p != parts[0]);
        parts[0].AbsorbDisjoint(parts[1]);
        parts[0].AbsorbDisjoint(parts[2]);
        Assert.Equal(whole, parts[0].Compute(TestReferential, ActivityIndicatorDefinition.Default));
    }

    [Fact]
    public void A_national_size_aggregate_read_on_every_core_gives_the_counts_of_each_centre_and_residence()
    {
        // Above 200,000 patients the tables are read in parallel (ADR 0012): the counts must be those of the acts.
        const int patients = 240_000;
        string[] residences = ["75", "69", "13", ""];
        var aggregator = new ActivityAggregator();
        var expected = new Dictionary<(string Centre, string Residence), int>();
        for (var i = 0; i < patients; i++)
        {
            var centre = i % 3 == 0 ? "C69" : "C75";
            var residence = residences[i % 4];
            var context = i % 5 == 0 ? "RCP_NAT" : "CS"; // a national RCP alone does not make a patient file active
            var line = Row(i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), centre: centre, residence: residence, context: context);
            Assert.True(ActivityExtract.TryParse(System.Text.Encoding.UTF8.GetBytes(line), TestReferential, out var act, out _, out _), line);
            aggregator.Add(act);
            if (context == "CS") expected[(centre, residence)] = expected.GetValueOrDefault((centre, residence)) + 1;
        }
        var found = new List<ActiveResidence>();
        var indicators = aggregator.Compute(TestReferential, _ => ActivityIndicatorDefinition.Default, found);
        Assert.Equal(["C69", "C75"], indicators.Select(i => i.CentreId));
        foreach (var centre in new[] { "C69", "C75" })
        {
            var row = indicators.Single(i => i.CentreId == centre);
            Assert.Equal(expected.Where(e => e.Key.Centre == centre).Sum(e => e.Value), row.ActivePatients);
            Assert.Equal(row.ActivePatients, row.Consultations);
            Assert.Equal(Enumerable.Range(0, patients).Count(i => (i % 3 == 0) == (centre == "C69")), row.Patients);
        }
        Assert.Equal(expected.OrderBy(e => e.Key.Centre, StringComparer.Ordinal).ThenBy(e => e.Key.Residence, StringComparer.Ordinal)
                .Select(e => (e.Key.Centre, e.Key.Residence, e.Value)),
            found.Select(r => (r.CentreId, r.Residence, r.ActivePatients)));
    }
}

public sealed class ActiveResidenceTests
{
    [Fact]
    public void The_file_active_by_departement_of_residence_sums_to_the_active_patients_and_uses_the_latest_act()
    {
        var aggregator = new ActivityAggregator();
        var lines = new[]
        {
            // P1 moves from Paris to Lyon in June: counted in 69. P2 in 92. P3 abroad, P4 unknown, P5 only in a national RCP (not file active).
            Row(P1, date: "2024-06-10", residence: "69"), Row(P1, date: "2024-01-10", residence: "75"),
            Row(P2, date: "2024-02-10", residence: "92"), Row(P2, date: "2024-03-10", residence: "92", context: "HDJ"),
            Row("1000000000000003", residence: "99"), Row("1000000000000004", residence: ""),
            Row("1000000000000005", residence: "13", context: "RCP_NAT"),
            Row("1000000000000006", centre: "C69", finess: F69, residence: "69"),
        };
        foreach (var line in lines)
        {
            Assert.True(ActivityExtract.TryParse(System.Text.Encoding.UTF8.GetBytes(line), TestReferential, out var act, out _, out _), line);
            aggregator.Add(act);
        }
        var residences = aggregator.ComputeResidences(TestReferential, _ => ActivityIndicatorDefinition.Default);
        Assert.Equal([("C69", "69", 1), ("C75", "", 1), ("C75", "69", 1), ("C75", "92", 1), ("C75", "99", 1)],
            residences.Select(r => (r.CentreId, r.Residence, r.ActivePatients)));
        var indicators = aggregator.Compute(TestReferential, ActivityIndicatorDefinition.Default);
        foreach (var i in indicators)
            Assert.Equal(i.ActivePatients, residences.Where(r => r.CentreId == i.CentreId && r.Year == i.Year).Sum(r => r.ActivePatients));
    }
}
