using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Features.Procedures.Kinds;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Core.Tests.Features.Procedures;

/// <summary>The kinds' decisions that need no database, one row per procedure, and the registry's exhaustiveness.</summary>
public sealed class ProcedureKindsTests
{
    /// <summary>The kinds as the web host registers them (the database is never opened by these decisions).</summary>
    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<MaillageDbContext>(o => o.UseSqlite("Data Source=:memory:"));
        services.AddScoped<CallService>();
        services.AddProcedureKinds();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private static IProcedureKind KindOf(ProcedureKind kind)
    {
        using var sp = Services();
        using var scope = sp.CreateScope();
        return scope.ServiceProvider.GetRequiredService<ProcedureKinds>()[kind];
    }

    public static TheoryData<ProcedureKind, string, string> Classes => new()
    {
        { ProcedureKind.CentreHeadSuccession, nameof(CentreHeadSuccessionKind), "SUC" },
        { ProcedureKind.FiliereCoordinatorSuccession, nameof(FiliereCoordinatorSuccessionKind), "SUF" },
        { ProcedureKind.SeatChange, nameof(SeatChangeKind), "SIE" },
        { ProcedureKind.FiliereSeatChange, nameof(FiliereSeatChangeKind), "SIF" },
        { ProcedureKind.LabellingApplication, nameof(LabellingApplicationKind), "LAB" },
        { ProcedureKind.PlatformProject, nameof(PlatformProjectKind), "PEM" },
    };

    [Theory, MemberData(nameof(Classes))]
    public void Each_kind_has_its_class_and_the_prefix_of_its_references(ProcedureKind kind, string className, string prefix)
    {
        var k = KindOf(kind);
        Assert.Equal(kind, k.Kind);
        Assert.Equal(className, k.GetType().Name);
        Assert.Equal(prefix, k.IdPrefix);
    }

    [Fact]
    public void The_registry_covers_every_value_of_the_enum_once()
    {
        using var sp = Services();
        using var scope = sp.CreateScope();
        var kinds = scope.ServiceProvider.GetRequiredService<ProcedureKinds>();
        Assert.Equal(Enum.GetValues<ProcedureKind>().Order(), kinds.All.Select(k => k.Kind).Order());
        Assert.Equal(kinds.All.Count, kinds.All.Select(k => k.IdPrefix).Distinct().Count());
    }

    [Fact]
    public void A_registry_missing_a_kind_or_with_two_classes_for_one_is_refused_at_construction()
    {
        using var sp = Services();
        using var scope = sp.CreateScope();
        var all = scope.ServiceProvider.GetServices<IProcedureKind>().ToList();
        var missing = Assert.Throws<InvalidOperationException>(() => new ProcedureKinds(all.Where(k => k.Kind != ProcedureKind.SeatChange)));
        Assert.Contains("SeatChange", missing.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new ProcedureKinds([.. all, all[0]]));
    }

    public static TheoryData<ProcedureKind, string> SectionRows => new()
    {
        // Annex of the note of 19 September 2018: the successor's project for the centre's five missions, the FSMR's three axes.
        { ProcedureKind.CentreHeadSuccession, "mission_coordination mission_care mission_expertise mission_teaching mission_research" },
        { ProcedureKind.FiliereCoordinatorSuccession, "mission_care mission_research mission_teaching" },
        { ProcedureKind.SeatChange, "reason" },
        { ProcedureKind.FiliereSeatChange, "reason" },
        // The application's fixed sections; one more per site is added from the registry when the dossier is read.
        { ProcedureKind.LabellingApplication, "overview governance action_plan_coordination action_plan_care action_plan_expertise action_plan_teaching action_plan_research succession_plan" },
        // Note DGOS/MMR/2020/221: the letter of intent's six parts, and the two optional sections.
        { ProcedureKind.PlatformProject, "letter_centres letter_governance letter_scope letter_premises letter_budget letter_sustainability telemedicine training_projects" },
    };

    [Theory, MemberData(nameof(SectionRows))]
    public void Each_kind_asks_for_its_sections(ProcedureKind kind, string keys) =>
        Assert.Equal(keys, string.Join(' ', KindOf(kind).FixedSections.Select(s => s.Key)));

    public static TheoryData<ProcedureKind, string> RecipientRows => new()
    {
        { ProcedureKind.CentreHeadSuccession, "OutgoingHolder IncomingHolder CoordinatingHead EstablishmentDirectors RegionalAgency FiliereCoordinator" },
        { ProcedureKind.FiliereCoordinatorSuccession, "OutgoingHolder IncomingHolder EstablishmentDirectors RegionalAgency" },
        { ProcedureKind.SeatChange, "OutgoingHolder EstablishmentDirectors RegionalAgency FiliereCoordinator" },
        { ProcedureKind.FiliereSeatChange, "OutgoingHolder EstablishmentDirectors RegionalAgency" },
        { ProcedureKind.LabellingApplication, "CentreHeads EstablishmentDirectors RegionalAgency FiliereCoordinator" },
        { ProcedureKind.PlatformProject, "EstablishmentDirectors FiliereCoordinator CentreHeads RegionalAgency" },
    };

    [Theory, MemberData(nameof(RecipientRows))]
    public void Each_kind_tells_its_decision_to_the_recipients_its_source_lists(ProcedureKind kind, string recipients) =>
        Assert.Equal(recipients, string.Join(' ', KindOf(kind).DecisionRecipientKinds));

    public static TheoryData<ProcedureKind, bool, bool, bool, bool, bool> FlagRows => new()
    {
        // kind, a filière coordinator acts for the holder, an approval goes into the yearly list, committee, jury, decided per site
        { ProcedureKind.CentreHeadSuccession, false, true, true, false, false },
        { ProcedureKind.FiliereCoordinatorSuccession, true, true, true, false, false },
        { ProcedureKind.SeatChange, false, true, false, false, false },
        { ProcedureKind.FiliereSeatChange, true, true, false, false, false },
        { ProcedureKind.LabellingApplication, false, true, false, true, true },
        { ProcedureKind.PlatformProject, false, false, false, true, false },
    };

    [Theory, MemberData(nameof(FlagRows))]
    public void Each_kind_says_who_holds_it_its_steps_and_whether_its_approval_enters_the_yearly_list(ProcedureKind kind, bool filiereHolder, bool yearlyList,
        bool committee, bool jury, bool perSite)
    {
        var k = KindOf(kind);
        Assert.Equal(filiereHolder, k.HolderIsFiliereCoordinator);
        Assert.Equal(yearlyList, k.EntersYearlyList);
        Assert.Equal(committee, k.HasCommitteeStep);
        Assert.Equal(jury, k.HasJuryStep);
        Assert.Equal(perSite, k.IsDecidedPerSite);
    }

    [Fact]
    public void A_kind_owns_only_the_dossiers_of_its_kind()
    {
        foreach (var kind in Enum.GetValues<ProcedureKind>())
        {
            var d = new Dossier { Id = "X", Kind = kind, Title = "", SeatFiness = "", CreatedBy = "" };
            foreach (var other in Enum.GetValues<ProcedureKind>())
                Assert.Equal(kind == other, KindOf(other).Owns(d));
        }
    }

    public static TheoryData<ProcedureKind, UserRole, string?, string?, bool> OpenerRows => new()
    {
        // The openers that need no registry look-up (the direction's rule reads the establishment's legal entity).
        { ProcedureKind.CentreHeadSuccession, UserRole.CentreHead, "SITE-1", null, true },
        { ProcedureKind.CentreHeadSuccession, UserRole.CentreHead, "SITE-2", null, false },
        { ProcedureKind.CentreHeadSuccession, UserRole.FiliereCoordinator, "SITE-1", "CARDIOGEN", false },
        { ProcedureKind.CentreHeadSuccession, UserRole.RegionalAgency, "SITE-1", null, false },
        { ProcedureKind.CentreHeadSuccession, UserRole.Association, "SITE-1", null, false },
        { ProcedureKind.FiliereCoordinatorSuccession, UserRole.FiliereCoordinator, null, "CARDIOGEN", true },
        { ProcedureKind.FiliereCoordinatorSuccession, UserRole.FiliereCoordinator, null, "FILNEMUS", false },
        { ProcedureKind.FiliereCoordinatorSuccession, UserRole.CentreHead, "SITE-1", "CARDIOGEN", false },
        { ProcedureKind.SeatChange, UserRole.CentreHead, "SITE-1", null, false },
        { ProcedureKind.SeatChange, UserRole.FiliereCoordinator, "SITE-1", "CARDIOGEN", false },
        // The filière's change of seat is asked by the receiving direction, not by the coordinator who moves.
        { ProcedureKind.FiliereSeatChange, UserRole.FiliereCoordinator, null, "CARDIOGEN", false },
        { ProcedureKind.FiliereSeatChange, UserRole.CentreHead, "SITE-1", "CARDIOGEN", false },
        { ProcedureKind.LabellingApplication, UserRole.CentreHead, "SITE-1", null, false },
        { ProcedureKind.PlatformProject, UserRole.CentreHead, "SITE-1", null, false },
    };

    [Theory, MemberData(nameof(OpenerRows))]
    public async Task Each_kind_names_who_may_open_it(ProcedureKind kind, UserRole role, string? centreId, string? filiere, bool allowed)
    {
        var scope = role switch { UserRole.CentreHead => "SITE-1", UserRole.FiliereCoordinator => "CARDIOGEN", _ => "11" };
        var caller = new Caller("someone", role, scope);
        Assert.Equal(allowed, await KindOf(kind).CanOpenAsync(caller, centreId, null, filiere, TestContext.Current.CancellationToken));
    }
}
