using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Procedures;

/// <summary>
/// The dossiers' lists at the cost of a few queries (issue 14): the readable set computed in bulk is the per-dossier rule's
/// answer for every demo role and for every party named in a demo dossier, and « Ce qui m'attend » (/procedures) and Mon
/// espace run a bounded number of SQL commands, whatever the number of dossiers (the per-dossier rule ran 50–290).
/// </summary>
public sealed class ProcedureQueryCountTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The SQL commands a page may run for the ministry, on the demo data (15 dossiers). The per-dossier path ran 51 on
    /// /procedures (each draft's requirements, the list read twice); the bulk path runs 10, and 16 on Mon espace.
    /// </summary>
    private const int MinistryBound = 30;

    /// <summary>
    /// The SQL commands « Ce qui m'attend » and the API's dossiers and tasks may run for the roles a dossier's party names
    /// (centre head, filière, establishment direction, association), on the demo data. The per-dossier requirements of each
    /// dossier out of their scope ran 86–103 on /procedures and 59–100 on the API (5–6 queries a dossier); computed in bulk,
    /// a few queries per procedure kind: 23 on /procedures, 16–20 on the API.
    /// </summary>
    private const int PartyBound = 30;

    /// <summary>
    /// The same for Mon espace (the page and <c>GET /me/home</c>), which adds the role's own sections (reports to transmit,
    /// notifications, surveys: 6 commands for the ministry, 8 for a centre head): 90–111 per dossier, 27–31 in bulk.
    /// </summary>
    private const int PartyHomeBound = 40;

    /// <summary>The demo accounts of the roles a party names.</summary>
    private static readonly string[] PartyAccounts = ["responsable", "filiere-cardiogen", "etablissement", "association"];

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_procedures_page_and_home_run_a_bounded_number_of_SQL_commands_for_the_ministry_and_the_parties(DatabaseProvider db)
    {
        var app = apps[db];
        SqlCommandCounter.PreserveContext(app);
        var output = TestContext.Current.TestOutputHelper;
        var failures = new List<string>();
        foreach (var user in new[] { "admin", "ars-idf", "filiere-cardiogen", "etablissement", "responsable", "association", "expert",
                     Maillage.Core.Demo.DemoCommittee.MemberUserName })
        {
            using var client = await app.SignInAsync(user);
            foreach (var page in new[] { Routes.Pages.Procedures, Routes.Pages.MySpace })
            {
                var bound = user == "admin" ? MinistryBound : !PartyAccounts.Contains(user) ? (int?)null
                    : page == Routes.Pages.MySpace ? PartyHomeBound : PartyBound;
                await client.GetPageAsync(page); // warm: the first request of a client pays for its session
                using var counter = SqlCommandCounter.Start();
                await client.GetPageAsync(page);
                output?.WriteLine($"{db} {user} {page}: {counter.Count} SQL commands");
                Assert.True(counter.Count > 0, "the counter sees the request's commands");
                if (counter.Count > bound)
                    failures.Add($"{page} ran {counter.Count} SQL commands for {user} (bound {bound}):\n{string.Join("\n---\n", counter.Commands)}");
            }
        }
        if (failures.Count > 0) Assert.Fail(string.Join("\n\n", failures));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_API_s_dossiers_tasks_and_home_run_a_bounded_number_of_SQL_commands_for_the_parties(DatabaseProvider db)
    {
        var app = apps[db];
        SqlCommandCounter.PreserveContext(app);
        var output = TestContext.Current.TestOutputHelper;
        var failures = new List<string>();
        foreach (var user in PartyAccounts.Prepend("admin"))
        {
            AppUser account;
            await using (var s = app.Services.CreateAsyncScope())
                account = await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == user, Ct);
            using var client = await app.ApiClientAsync(account);
            foreach (var path in new[] { Routes.Api.Dossiers, Routes.Api.Procedures + "/tasks", Routes.Api.Me + "/home" })
            {
                (await client.GetAsync(path, Ct)).EnsureSuccessStatusCode(); // warm
                using var counter = SqlCommandCounter.Start();
                var response = await client.GetAsync(path, Ct);
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
                output?.WriteLine($"{db} {user} {path}: {counter.Count} SQL commands");
                Assert.True(counter.Count > 0, "the counter sees the request's commands");
                var bound = user == "admin" ? MinistryBound : path.EndsWith("/home", StringComparison.Ordinal) ? PartyHomeBound : PartyBound;
                if (counter.Count > bound)
                    failures.Add($"{path} ran {counter.Count} SQL commands for {user} (bound {bound}):\n{string.Join("\n---\n", counter.Commands)}");
            }
        }
        if (failures.Count > 0) Assert.Fail(string.Join("\n\n", failures));
    }

    /// <summary>A view's requirements as text, to compare two computations of them item by item and section by section.</summary>
    private static string Text(DossierRequirementsView r) => System.Text.Json.JsonSerializer.Serialize(new { r.Items, r.Sections });

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_bulk_requirements_are_each_dossier_s_own(DatabaseProvider db)
    {
        await using var s = apps[db].Services.CreateAsyncScope();
        var sp = s.ServiceProvider;
        var procedures = sp.GetRequiredService<ProcedureService>();
        var dbContext = sp.GetRequiredService<MaillageDbContext>();
        // As the lists read them (without their sites) and as a dossier's page reads them (with).
        var bare = await dbContext.Set<Dossier>().AsNoTracking().ToListAsync(Ct);
        var withSites = await dbContext.Set<Dossier>().AsNoTracking().Include(d => d.Sites).ToListAsync(Ct);
        Assert.True(Enum.GetValues<ProcedureKind>().All(k => bare.Any(d => d.Kind == k)), "the demo has dossiers of every procedure");
        Assert.Contains(withSites, d => d.Sites.Count > 0);
        foreach (var all in new[] { bare, withSites })
        {
            var bulk = await procedures.RequirementsAsync(all, Ct);
            Assert.Equal(all.Count, bulk.Count);
            foreach (var d in all)
            {
                var one = await procedures.RequirementsAsync(d, Ct);
                Assert.True(one.Items.Count > 0, $"{d.Id}: the dossier requires something");
                Assert.Equal(Text(one), Text(bulk[d.Id]));
            }
            // One dossier alone and each kind alone give the same answer as in the whole list.
            foreach (var group in all.GroupBy(d => d.Kind))
            {
                var ofKind = await procedures.RequirementsAsync(group.ToList(), Ct);
                foreach (var d in group) Assert.Equal(Text(bulk[d.Id]), Text(ofKind[d.Id]));
            }
        }
    }

    /// <summary>Every caller to compare: the demo accounts, and each party of each demo dossier as the registry names it.</summary>
    private static async Task<List<Caller>> CallersAsync(IServiceProvider sp)
    {
        var db = sp.GetRequiredService<MaillageDbContext>();
        var procedures = sp.GetRequiredService<ProcedureService>();
        var callers = (await DemoAccounts.PlanAsync(db, Ct)).Select(a => new Caller(a.UserName, a.Role, a.ScopeId)).ToList();
        callers.Add(new Caller("jury", UserRole.Expert, null));
        callers.AddRange(await db.Set<JuryMember>().AsNoTracking().Select(m => new Caller(m.UserName, UserRole.Expert, null)).ToListAsync(Ct));
        var lookups = sp.GetRequiredService<Maillage.Core.Features.Procedures.Kinds.ProcedureLookups>();
        foreach (var d in await db.Set<Dossier>().AsNoTracking().Include(x => x.Sites).ToListAsync(Ct))
        {
            if (d.CentreId is not null) callers.Add(new Caller("p", UserRole.CentreHead, d.CentreId));
            if (d.FiliereAcronym is not null) callers.Add(new Caller("p", UserRole.FiliereCoordinator, d.FiliereAcronym));
            foreach (var f in new[] { d.SeatFiness, d.OtherFiness }.OfType<string>())
            {
                callers.Add(new Caller("p", UserRole.Establishment, await lookups.LegalEntityOfAsync(f, Ct)));
                callers.Add(new Caller("p", UserRole.RegionalAgency, await lookups.RegionOfAsync(f, Ct)));
            }
            foreach (var item in (await procedures.RequirementsAsync(d, Ct)).Items.Where(i => i.TargetId is not null))
                callers.AddRange(item.Party switch
                {
                    Party.EstablishmentDirection => [new Caller("p", UserRole.Establishment, await lookups.LegalEntityOfAsync(item.TargetId!, Ct))],
                    Party.ConstitutiveHead or Party.CoordinatingHead or Party.CentreHead => [new Caller("p", UserRole.CentreHead, item.TargetId)],
                    Party.Filiere or Party.FiliereGovernance => [new Caller("p", UserRole.FiliereCoordinator, item.TargetId)],
                    Party.Association => [new Caller("p", UserRole.Association, item.TargetId)],
                    _ => [],
                });
        }
        // Every demo account and jury member; of the parties, at most six scopes per role (the rule's cost is a dozen queries
        // per dossier and caller, and the parties of one role take the same paths).
        var parties = callers.Where(c => c.UserName == "p" && c.ScopeId is not null).Distinct()
            .GroupBy(c => c.Role).SelectMany(g => g.OrderBy(c => c.ScopeId, StringComparer.Ordinal).Take(6));
        return callers.Where(c => c.UserName != "p").Concat(parties).Distinct().ToList();
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_bulk_readable_set_and_tasks_are_the_per_dossier_rule_s_answer_for_every_role_and_party(DatabaseProvider db)
    {
        await using var s = apps[db].Services.CreateAsyncScope();
        var sp = s.ServiceProvider;
        var procedures = sp.GetRequiredService<ProcedureService>();
        var all = await sp.GetRequiredService<MaillageDbContext>().Set<Dossier>().AsNoTracking()
            .Include(d => d.Opinions).Include(d => d.Sections).Include(d => d.Documents).AsSplitQuery().ToListAsync(Ct);
        Assert.True(all.Count >= 10, "the demo has dossiers of every procedure");
        var callers = await CallersAsync(sp);
        Assert.Contains(callers, c => c.Role == UserRole.Association);
        var someSeeMore = 0;
        var someHaveTasks = 0;
        foreach (var caller in callers.Append(Caller.Anonymous))
        {
            var expected = new List<string>();
            foreach (var d in all)
                if (await procedures.CanReadAsync(caller, d, Ct)) expected.Add(d.Id);
            var listed = (await procedures.ListAsync(caller, null, Ct)).Select(d => d.Id).ToList();
            Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(listed.Order(StringComparer.Ordinal)),
                $"{caller}: the rule reads [{string.Join(", ", expected.Order(StringComparer.Ordinal))}], the list gives [{string.Join(", ", listed.Order(StringComparer.Ordinal))}]");
            // The items waiting for the caller, from each readable draft's own requirements and the per-item rule.
            var expectedItems = new List<string>();
            foreach (var d in all.Where(d => caller.Role != UserRole.NationalAdmin && d.State == DossierState.Draft && expected.Contains(d.Id)))
            {
                var present = d.Documents.Select(x => x.ItemId).Concat(d.Opinions.Select(o => o.ItemId)).ToHashSet(StringComparer.Ordinal);
                foreach (var item in (await procedures.RequirementsAsync(d, Ct)).Items.Where(i => !present.Contains(i.Id)))
                    if (await procedures.CanProvideAsync(caller, d, item, Ct)) expectedItems.Add($"{d.Id} {item.Id}");
                if (await procedures.IsAuthorAsync(caller, d, Ct)) expectedItems.Add($"{d.Id} (author)");
            }
            var dossierIds = all.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var tasks = (await procedures.TasksAsync(caller, Ct))
                .Where(t => dossierIds.Contains(t.DossierId) && (t.ItemId is not null || t.What == "Compléter et déposer le dossier") && t.Href is null)
                .Select(t => $"{t.DossierId} {t.ItemId ?? "(author)"}").ToList();
            Assert.True(expectedItems.Order(StringComparer.Ordinal).SequenceEqual(tasks.Order(StringComparer.Ordinal)),
                $"{caller}: the rule asks [{string.Join(", ", expectedItems.Order(StringComparer.Ordinal))}], the tasks give [{string.Join(", ", tasks.Order(StringComparer.Ordinal))}]");
            if (expectedItems.Count > 0) someHaveTasks++;
            if (caller.Role != UserRole.NationalAdmin && expected.Count > 0 && expected.Count < all.Count) someSeeMore++;
        }
        Assert.True(someSeeMore >= 5, "the comparison covers callers who read some dossiers and not others");
        Assert.True(someHaveTasks >= 5, "the comparison covers callers asked for items");
    }
}
