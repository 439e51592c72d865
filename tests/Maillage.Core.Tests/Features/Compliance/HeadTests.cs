using Maillage.Domain.Compliance;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;
using Xunit;
using static Maillage.Core.Tests.Features.Compliance.Reports;

namespace Maillage.Core.Tests.Features.Compliance;

/// <summary>Head eligibility by status and the consultant-professor age conditions around each birthday.</summary>
public sealed class HeadTests
{
    [Theory]
    [InlineData(HeadStatus.PuPh, FindingStatus.Met)]
    [InlineData(HeadStatus.McuPh, FindingStatus.Met)]
    [InlineData(HeadStatus.PhFullTime, FindingStatus.Met)]
    [InlineData(HeadStatus.ConsultantProfessor, FindingStatus.Met)]
    [InlineData(HeadStatus.PhPartTime, FindingStatus.NotMet)]
    [InlineData(HeadStatus.Contractual, FindingStatus.NotMet)]
    public void Head_status_for_every_kind(HeadStatus status, FindingStatus expected)
    {
        foreach (var kind in Enum.GetValues<SiteKind>())
        {
            var f = Finding(Site(kind, status: status, birth: new DateOnly(1970, 1, 1), clinical: true), Criterion.HeadStatus);
            Assert.Equal(expected, f.Status);
            Assert.Equal(status.Code(), f.Actual!.Text);
        }
    }

    [Fact]
    public void Missing_status_is_missing()
    {
        Assert.Equal(FindingStatus.Missing, Finding(Site(SiteKind.Ccmr, status: null), Criterion.HeadStatus).Status);
        Assert.Equal(FindingStatus.Missing, Finding(Site(SiteKind.Ccmr, status: null), Criterion.HeadAge).Status);
    }

    [Theory]
    [InlineData(HeadStatus.PuPh)]
    [InlineData(HeadStatus.McuPh)]
    [InlineData(HeadStatus.PhFullTime)]
    public void Age_rules_do_not_apply_to_other_statuses(HeadStatus status)
    {
        var f = Finding(Site(SiteKind.CrmrCoordinating, status: status, birth: new DateOnly(1940, 1, 1), clinical: false), Criterion.HeadAge);
        Assert.Equal(FindingStatus.NotApplicable, f.Status);
    }

    // The head's age at the as-of date: the day before the birthday (age − 1) and on it (age).
    public static TheoryData<int, bool, string, bool, FindingStatus> AgeCases()
    {
        var data = new TheoryData<int, bool, string, bool, FindingStatus>();
        foreach (var kind in new[] { "crmr_coordinating", "crmr_constitutive", "ccmr" })
        {
            foreach (var clinical in new[] { true, false })
            {
                foreach (var age in new[] { 64, 65, 66, 67, 68, 69 })
                {
                    foreach (var onBirthday in new[] { false, true })
                    {
                        var completed = onBirthday ? age : age - 1;
                        FindingStatus expected;
                        if (kind == "crmr_coordinating" && completed >= 68) expected = FindingStatus.NotMet;
                        else if (completed >= 65) expected = clinical ? FindingStatus.Met : FindingStatus.NotMet;
                        else expected = FindingStatus.Met;
                        data.Add(age, onBirthday, kind, clinical, expected);
                    }
                }
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(AgeCases))]
    public void Consultant_professor_around_each_birthday(int age, bool onBirthday, string kind, bool clinical, FindingStatus expected)
    {
        var birth = new DateOnly(1960, 3, 15);
        var birthday = birth.AddYears(age);
        var asOf = onBirthday ? birthday : birthday.AddDays(-1);
        var report = Site(Kind(kind), status: HeadStatus.ConsultantProfessor, birth: birth, clinical: clinical);
        var f = Finding(report, Criterion.HeadAge, asOf: asOf);
        Assert.Equal(expected, f.Status);
        Assert.Equal(onBirthday ? age : age - 1, HeadAgeCriterion.AgeAt(birth, asOf));
    }

    [Fact]
    public void Rule_ids_name_the_deciding_condition()
    {
        var birth = new DateOnly(1950, 1, 1);
        Assert.Equal("HEAD-AGE-CONSULTANT-68-COORD",
            Finding(Site(SiteKind.CrmrCoordinating, status: HeadStatus.ConsultantProfessor, birth: birth, clinical: true), Criterion.HeadAge).Rule);
        Assert.Equal("HEAD-AGE-CONSULTANT-65-CLINICAL",
            Finding(Site(SiteKind.CrmrConstitutive, status: HeadStatus.ConsultantProfessor, birth: birth, clinical: false), Criterion.HeadAge).Rule);
    }

    [Fact]
    public void Missing_birth_date_or_clinical_activity_is_missing()
    {
        Assert.Equal(FindingStatus.Missing, Finding(Site(SiteKind.Ccmr, status: HeadStatus.ConsultantProfessor, birth: null), Criterion.HeadAge).Status);
        Assert.Equal(FindingStatus.Missing,
            Finding(Site(SiteKind.Ccmr, status: HeadStatus.ConsultantProfessor, birth: new DateOnly(1955, 1, 1), clinical: null), Criterion.HeadAge).Status);
        // Under 65 the clinical activity is not required, so its absence does not matter.
        Assert.Equal(FindingStatus.Met,
            Finding(Site(SiteKind.Ccmr, status: HeadStatus.ConsultantProfessor, birth: new DateOnly(1970, 1, 1), clinical: null), Criterion.HeadAge).Status);
    }

    [Fact]
    public void Born_on_29_february_turns_a_year_older_on_1_march_in_common_years()
    {
        var birth = new DateOnly(1960, 2, 29);
        Assert.Equal(64, HeadAgeCriterion.AgeAt(birth, new DateOnly(2025, 2, 28)));
        Assert.Equal(65, HeadAgeCriterion.AgeAt(birth, new DateOnly(2025, 3, 1)));
    }

    [Fact]
    public void Campaign_2017_2022_has_no_consultant_professor_and_no_status_for_competence_centres()
    {
        var consultant = Site(SiteKind.CrmrConstitutive, status: HeadStatus.ConsultantProfessor, birth: new DateOnly(1970, 1, 1), clinical: true);
        Assert.Equal(FindingStatus.NotMet, Finding(consultant, Criterion.HeadStatus, R2017).Status);
        Assert.Equal(FindingStatus.NotApplicable, Finding(consultant, Criterion.HeadAge, R2017).Status);
        Assert.Equal(FindingStatus.NotApplicable, Finding(Site(SiteKind.Ccmr, status: HeadStatus.PhPartTime), Criterion.HeadStatus, R2017).Status);
    }
}
