using System.Net;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Maillage.Core.Features.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Every Razor page handler that writes (POST, PUT, PATCH, DELETE), enumerated from the compiled pages: an anonymous
/// caller is sent to /connexion, a signed-in user whose scope does not cover the object gets 403, both with a valid
/// antiforgery token and a form that an administrator then saves successfully, and nothing changes. A writing page
/// this test does not know fails it. The pages of the caller's own account are listed in <see cref="SelfService"/>.
/// </summary>
public sealed class PageWriteAuthorizationTests
{
    private static readonly string[] ReadMethods = ["GET", "HEAD"];

    /// <summary>A page handler that writes: page path (<c>/Centres/Edit</c>), route template, handler name, HTTP method.</summary>
    public sealed record WritingHandler(string Page, string Template, string? Handler, string Method)
    {
        public override string ToString() => $"{Method} {Page}{(Handler is null ? "" : "?handler=" + Handler)} ({Template})";
    }

    /// <summary>Pages that act only on the caller's own account, so no registry scope applies to them.</summary>
    public static readonly IReadOnlyDictionary<string, string> SelfService = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Connexion"] = "signs the caller in: the password is the authorisation, and lockout limits guessing",
        ["/Deconnexion"] = "signs the caller out of his or her own session",
        ["/Compte/Jetons"] = "creates and revokes the caller's own API tokens (the folder requires sign-in; revocation is filtered by the caller's user id, see A_user_cannot_revoke_another_users_token)",
        ["/MonEspace/Index"] = "marks the caller's own notifications read (HomeService: another account's or audience's notification answers 404 and is not marked, see MySpaceTests)",
    };

    /// <summary>The edit pages: page path → the entity the access policy checks (see <see cref="AccessPolicy.ScopeOfAsync"/>).</summary>
    private static readonly IReadOnlyDictionary<string, string> EditPages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Centres/Edit"] = "centre",
        ["/Reseaux/Edit"] = "network",
        ["/Personnes/Edit"] = "person",
        ["/Etablissements/Edit"] = "establishment",
        ["/Associations/Edit"] = "association",
        ["/Filieres/Edit"] = "filiere",
    };

    /// <summary>Pages whose writing handlers are reserved to the national administrator (no scope covers them).</summary>
    public static readonly IReadOnlyDictionary<string, string> NationalOnly = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Registre/Index"] = "imports a whole registry file, which can touch every object (RegistryTransfer.CanImport)",
        ["/Financement/Simulateur"] = "runs, saves and deletes MIG scenarios over every centre's funding (SimulatorTests proves the refusals)",
        ["/Comptes/Compte"] = "sets an account's e-mail and RPPS, by which ProConnect and Pro Santé Connect sign in (AccountAdmin: national administrator only; Auth/AccountAdminTests proves the refusals)",
        ["/Activite/Import"] = "uploads an activity extract of the national data bank and cancels its import job, which replace every centre's figures (ActivityImporter.CanImport in Core; see ActivityImportPageTests)",
    };

    /// <summary>
    /// Calculators: their POST handlers compute over the uploaded input and show the result; they write nothing, so anyone
    /// may use them (CalculatorPageTests asserts that posting to them leaves audit_entries unchanged).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Calculators = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Conformite/Index"] = "computes over the uploaded input, writes nothing",
        ["/Financement/Dpi"] = "computes over the uploaded input, writes nothing",
        ["/Financement/Mig"] = "computes over the uploaded input, writes nothing",
    };

    /// <summary>
    /// Procedure pages: each handler acts on a dossier for the party the annex names, and the procedure service checks it
    /// (ProcedurePageTests proves anonymous and out-of-scope callers are refused and nothing changes).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ProcedurePages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Procedures/Nouveau"] = "opens a dossier: the service checks the caller's scope on the centre, the filière or the receiving establishment",
        ["/Procedures/Dossier"] = "sections, documents, opinions and transitions of a dossier: the service checks the party the annex names",
        ["/Procedures/Appels/Index"] = "opens a call: national administrator only (CallService)",
        ["/Procedures/Appels/Appel"] = "jury, declarations, applications and publication of a call: CallService and ProcedureService check the role, membership and network",
    };

    /// <summary>Expertise-platform project pages: their handlers are proven in PlatformPageTests (host establishment or ministry only, nothing changes).</summary>
    public static readonly IReadOnlyDictionary<string, string> PlatformPages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Procedures/Plateformes/Nouveau"] = "opens a platform project in a call: the service accepts the host establishment's direction or the ministry only",
        ["/Procedures/Plateformes/Projet"] = "scope, budget and follow-up of a platform project: the service checks the host's direction (authors) or the ministry",
    };

    /// <summary>Annual report pages: their handlers are proven in ReportPageTests (scope of the report's site, nothing changes).</summary>
    public static readonly IReadOnlyDictionary<string, string> ReportPages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Rapports/Edit"] = "saves, autosaves and moves a report through its workflow (ReportService: head, direction or ministry of that site)",
        ["/Rapports/Conformite"] = "accepts or withdraws a site's exception (ReportService: national administrator only)",
        ["/Rapports/Campagne"] = "sends campaign reminders to centres not yet submitted (CampaignTracking: the ministry, or the agency of the centres' region; Reports/CampaignTests)",
    };

    /// <summary>Pages of a filière's activity, tested by Filieres/FiliereReportApiTests (FiliereReportService, FiliereActionPlanService, FiliereCensusService: coordinator of that filière or ministry).</summary>
    public static readonly IReadOnlyDictionary<string, string> FiliereActivityPages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Filieres/Activite/Rapport"] = "saves and moves a filière's report through its workflow (coordinator of that filière or ministry)",
        ["/Filieres/Activite/PlanActions"] = "adds an action and records a yearly review (coordinator of that filière or ministry)",
        ["/Filieres/Activite/Recensement"] = "adds and deletes census lines (coordinator of that filière or ministry)",
        ["/Filieres/Activite/ActionModifier"] = "edits an action of the plan (coordinator of that filière or ministry; Filieres/FiliereEditFormsTests)",
        ["/Filieres/Activite/FormationModifier"] = "edits a training or PNDS line of the census (coordinator of that filière or ministry; Filieres/FiliereEditFormsTests)",
    };

    /// <summary>
    /// The filière governance, follow-up committee and associations' space pages: each write goes to a Core service that
    /// checks the caller (GovernanceService: the filière's coordinator or the ministry; CommitteeService: the ministry, or a
    /// committee member for an opinion; AssociationSpaceService: the association itself, or the ministry); GovernanceTests,
    /// CommitteeTests and AssociationSpaceTests prove the refusals through the API of the same services.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> GovernanceCommitteeAssociationPages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Filieres/Gouvernance"] = "edits a filière's governance committee: members, meetings, minutes, règlement intérieur (GovernanceService: coordinator of that filière or ministry)",
        ["/ComiteDeSuivi/Index"] = "adds a member or a meeting of the follow-up committee (CommitteeService: ministry)",
        ["/ComiteDeSuivi/Reunion"] = "edits a meeting, files its minutes, records an opinion (CommitteeService: ministry; a member for an opinion)",
        ["/Associations/Espace"] = "creates a survey or a collaborative action, changes an action's status (AssociationSpaceService: that association or ministry)",
        ["/Associations/Enquete"] = "enters responses, changes a survey's status (AssociationSpaceService: that association or ministry)",
        ["/Associations/ActionModifier"] = "edits a collaborative action (AssociationSpaceService: that association or ministry; Associations/CollaborativeActionEditTests)",
    };

    /// <summary>The MIG budget chain's pages: BudgetService checks every write (national administration for the year and the
    /// circulars; the EJ's direction for a declaration; the ARS of its region for a check) and BudgetPageTests proves the refusals.</summary>
    public static readonly IReadOnlyDictionary<string, string> BudgetPages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Financement/Budget/Index"] = "opens a budget year and changes its envelopes and platforms' line (BudgetService: national administrator only)",
        ["/Financement/Budget/Circulaire"] = "computes, adjusts and publishes a circular (BudgetService: national administrator only)",
        ["/Financement/Budget/Declarations"] = "declares the use of credits (the EJ's direction) and checks it (the ARS of its region) (BudgetService)",
    };

    /// <summary>The demo accounts other than the national administrator: each has a scope, which the targets avoid.</summary>
    private static readonly string[] ScopedDemoUsers = ["ars-idf", "filiere-cardiogen", "etablissement", "responsable", "association"];

    public static async Task<IReadOnlyList<WritingHandler>> WritingHandlersAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var list = new List<WritingHandler>();
        foreach (var page in services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>())
        {
            var compiled = await loader.LoadAsync(page, EndpointMetadataCollection.Empty);
            foreach (var h in compiled.HandlerMethods)
            {
                // A handler without a verb (OnAsync) answers every method, so it writes too.
                var method = h.HttpMethod?.ToUpperInvariant() ?? "ANY";
                if (ReadMethods.Contains(method)) continue;
                list.Add(new WritingHandler(page.ViewEnginePath, page.AttributeRouteInfo?.Template ?? page.ViewEnginePath, h.Name, method));
            }
        }
        return list.DistinctBy(h => (h.Page, h.Handler, h.Method)).OrderBy(h => h.Page, StringComparer.Ordinal).ThenBy(h => h.Handler, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Every_writing_page_is_an_edit_page_or_a_listed_self_service_page()
    {
        await using var app = new MaillageFactory(DatabaseProvider.Sqlite, seed: "none");
        var handlers = await WritingHandlersAsync(app.Services);

        var unknown = handlers.Where(h => !EditPages.ContainsKey(h.Page) && !SelfService.ContainsKey(h.Page) && !NationalOnly.ContainsKey(h.Page) && !Calculators.ContainsKey(h.Page)
            && !ProcedurePages.ContainsKey(h.Page) && !ReportPages.ContainsKey(h.Page) && !PlatformPages.ContainsKey(h.Page) && !FiliereActivityPages.ContainsKey(h.Page) && !BudgetPages.ContainsKey(h.Page) && !GovernanceCommitteeAssociationPages.ContainsKey(h.Page)).ToList();
        Assert.True(unknown.Count == 0,
            "pages that write but that this test does not cover (add them to EditPages with their entity, or to SelfService, NationalOnly or Calculators with the reason): "
            + string.Join(", ", unknown));
        // The lists stay honest: every page they name still writes.
        Assert.All(EditPages.Keys.Concat(SelfService.Keys).Concat(NationalOnly.Keys).Concat(Calculators.Keys).Concat(ProcedurePages.Keys).Concat(ReportPages.Keys).Concat(PlatformPages.Keys).Concat(FiliereActivityPages.Keys).Concat(BudgetPages.Keys).Concat(GovernanceCommitteeAssociationPages.Keys), page => Assert.Contains(handlers, h => h.Page == page));
        Assert.Contains(handlers, h => h is { Page: "/Compte/Jetons", Handler: "Revoke", Method: "POST" });
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Every_edit_page_refuses_anonymous_and_out_of_scope_users_and_changes_nothing(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var handlers = (await WritingHandlersAsync(app.Services)).Where(h => !SelfService.ContainsKey(h.Page) && !NationalOnly.ContainsKey(h.Page) && !Calculators.ContainsKey(h.Page)
            && !ProcedurePages.ContainsKey(h.Page) && !ReportPages.ContainsKey(h.Page) && !PlatformPages.ContainsKey(h.Page) && !FiliereActivityPages.ContainsKey(h.Page) && !BudgetPages.ContainsKey(h.Page) && !GovernanceCommitteeAssociationPages.ContainsKey(h.Page)).ToList();
        Assert.True(handlers.Count >= EditPages.Count, $"only {handlers.Count} writing edit handlers found");
        var targets = await TargetsAsync(app);

        using var admin = await app.SignInAsync("admin");
        using var anonymous = app.PageClient();
        var anonymousToken = HtmlForm.AntiforgeryToken(await anonymous.GetPageAsync(Routes.Pages.SignIn));
        var outOfScope = new List<(string User, HttpClient Client, string Token)>();
        try
        {
            foreach (var user in ScopedDemoUsers)
            {
                var client = await app.SignInAsync(user);
                // Antiforgery tokens belong to the user, not to the page: any page the user can read gives one.
                outOfScope.Add((user, client, HtmlForm.AntiforgeryToken(await client.GetPageAsync("/"))));
            }

            foreach (var handler in handlers)
            {
                Assert.True(EditPages.TryGetValue(handler.Page, out var entity), $"unknown writing page {handler}");
                var id = targets[entity];
                var url = Url(handler, id);

                // The form as an administrator gets it, with its main text field changed: a request that would be saved.
                var form = HtmlForm.PostBack(await admin.GetPageAsync(url));
                var field = new[] { "Input.Name", "Input.LastName" }.FirstOrDefault(form.Has)
                    ?? throw new InvalidOperationException($"{handler}: no name field to change in the form");
                var original = form[field]!;
                form.Set(field, original + " (essai)");
                var audit = await app.AuditCountAsync();

                using (var r = await anonymous.PostFormAsync(url, WithToken(form, anonymousToken)))
                    Assert.True(IsSignInRedirect(r) || r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden,
                        $"{handler} {url} anonymous: {(int)r.StatusCode} {r.Headers.Location}");
                foreach (var (user, client, token) in outOfScope)
                {
                    using (var r = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken))
                        Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"GET {url} as {user}: {(int)r.StatusCode}");
                    using (var r = await client.PostFormAsync(url, WithToken(form, token)))
                        Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{handler} {url} as {user}: {(int)r.StatusCode} {r.Headers.Location}");
                }
                Assert.Equal(audit, await app.AuditCountAsync());
                Assert.Equal(original, HtmlForm.PostBack(await admin.GetPageAsync(url))[field]);

                // The same request is a valid one: the administrator's is saved (so the refusals above were the scope's).
                using (var r = await admin.PostFormAsync(url, WithToken(form, form[HtmlForm.AntiforgeryField]!)))
                    Assert.True(r.StatusCode == HttpStatusCode.Redirect && !IsSignInRedirect(r),
                        $"{handler} {url} as admin: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
                Assert.True(await app.AuditCountAsync() > audit, $"{handler}: the administrator's change was not audited");
            }
        }
        finally
        {
            foreach (var (_, client, _) in outOfScope) client.Dispose();
        }
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_user_cannot_revoke_another_users_token_and_anonymous_callers_cannot_touch_tokens(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var adminToken = await AddTokenAsync(app, "admin");
        using var anonymous = app.PageClient();
        var anonymousToken = HtmlForm.AntiforgeryToken(await anonymous.GetPageAsync(Routes.Pages.SignIn));
        var tokens = await TokenCountAsync(app);

        // Anonymous: both handlers send to the sign-in page and change nothing.
        using (var r = await anonymous.PostFormAsync(Routes.Pages.ApiTokens + "/Create", [new("Name", "Intrus"), new("ValidityDays", "30"), new(HtmlForm.AntiforgeryField, anonymousToken)]))
            Assert.True(IsSignInRedirect(r), $"anonymous create: {(int)r.StatusCode} {r.Headers.Location}");
        using (var r = await anonymous.PostFormAsync($"{Routes.Pages.ApiTokens}/Revoke?id={adminToken}", [new(HtmlForm.AntiforgeryField, anonymousToken)]))
            Assert.True(IsSignInRedirect(r), $"anonymous revoke: {(int)r.StatusCode} {r.Headers.Location}");

        // Another signed-in user: the administrator's token is not found for him.
        using var association = await app.SignInAsync("association");
        var page = await association.GetPageAsync(Routes.Pages.ApiTokens);
        var token = HtmlForm.AntiforgeryToken(page);
        using (var r = await association.PostFormAsync($"{Routes.Pages.ApiTokens}/Revoke?id={adminToken}", [new(HtmlForm.AntiforgeryField, token)]))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal(tokens, await TokenCountAsync(app));
        Assert.Null(await RevokedAtAsync(app, adminToken));

        // Control: the same user creates and revokes his own token through the same forms.
        var create = HtmlForm.All(page).Single(f => f.Has("ValidityDays"));
        create.Set("Name", "Export hebdomadaire");
        using (var r = await association.PostFormAsync(create.Action!, create.Fields))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("mlg_", await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        var own = await LastTokenOfAsync(app, "association");
        var revoke = HtmlForm.All(await association.GetPageAsync(Routes.Pages.ApiTokens)).Single(f => f.Action?.Contains($"id={own}", StringComparison.Ordinal) == true);
        using (var r = await association.PostFormAsync(revoke.Action!, revoke.Fields))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.NotNull(await RevokedAtAsync(app, own));
        Assert.Null(await RevokedAtAsync(app, adminToken));
    }

    /// <summary>
    /// For each entity, a real object of the demo network outside the scope of every one of <see cref="ScopedDemoUsers"/>:
    /// not in Île-de-France, not in their legal entity, not CARDIOGEN, not their centre or association. Chosen from the
    /// data by these plain criteria, not by asking <see cref="AccessPolicy"/>, so a policy bug cannot hide itself.
    /// </summary>
    private static async Task<Dictionary<string, string>> TargetsAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var ct = TestContext.Current.CancellationToken;
        var scopes = (await DemoAccounts.PlanAsync(db, ct)).ToDictionary(a => a.UserName, a => a.ScopeId ?? "", StringComparer.Ordinal);
        var (region, filiere, legalEntity, centreId, associationId) =
            (scopes["ars-idf"], scopes["filiere-cardiogen"], scopes["etablissement"], scopes["responsable"], scopes["association"]);

        var establishments = await db.Establishments.AsNoTracking().Include(e => e.Departement).ToDictionaryAsync(e => e.Finess, StringComparer.Ordinal, ct);
        var networks = await db.Networks.AsNoTracking().ToDictionaryAsync(n => n.Id, StringComparer.Ordinal, ct);
        var centres = await db.Centres.AsNoTracking().Include(c => c.Attachments).Where(c => c.ClosedOn == null).OrderBy(c => c.Id).ToListAsync(ct);
        var today = DateOnly.FromDateTime(DateTime.Now);
        var mandates = await db.Mandates.AsNoTracking().Where(m => m.To == null || m.To >= today).ToListAsync(ct);

        bool EstablishmentOutside(string finess) =>
            establishments.TryGetValue(finess, out var e) && e.Departement?.RegionCode != region && e.Finess != legalEntity && e.LegalEntityFiness != legalEntity;
        bool CentreOutside(Centre c) =>
            c.Id != centreId && EstablishmentOutside(c.EstablishmentFiness)
            && c.Attachments.Select(a => a.NetworkId).Append(c.NetworkId).OfType<string>().All(n => networks[n].FiliereAcronym != filiere);
        var outside = centres.Where(CentreOutside).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

        var targets = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["centre"] = outside.Order(StringComparer.Ordinal).FirstOrDefault(),
            ["network"] = networks.Values.OrderBy(n => n.Id, StringComparer.Ordinal).FirstOrDefault(n => n.FiliereAcronym != filiere
                && centres.Where(c => c.NetworkId == n.Id && c.Role == SiteRole.Coordinating).All(c => outside.Contains(c.Id)))?.Id,
            // A current head of centres outside every scope, so some scope (not only the administrator's) does cover him or her.
            ["person"] = mandates.GroupBy(m => m.PersonId).OrderBy(g => g.Key, StringComparer.Ordinal)
                .FirstOrDefault(g => g.Any(m => m.CentreId is not null) && g.All(m => (m.CentreId is null || outside.Contains(m.CentreId)) && m.FiliereAcronym != filiere))?.Key,
            ["establishment"] = establishments.Keys.Order(StringComparer.Ordinal).FirstOrDefault(EstablishmentOutside),
            ["association"] = await db.Associations.Where(a => a.Id != associationId).OrderBy(a => a.Id).Select(a => a.Id).FirstOrDefaultAsync(ct),
            ["filiere"] = await db.Filieres.Where(f => f.Acronym != filiere).OrderBy(f => f.Acronym).Select(f => f.Acronym).FirstOrDefaultAsync(ct),
        };
        foreach (var (entity, id) in targets) Assert.True(id is not null, $"no {entity} of the demo data outside every demo scope");
        return targets.ToDictionary(t => t.Key, t => t.Value!, StringComparer.Ordinal);
    }

    private static string Url(WritingHandler handler, string id)
    {
        var path = "/" + handler.Template;
        foreach (var parameter in new[] { "{id}", "{finess}", "{acronym}" })
            path = path.Replace(parameter, Uri.EscapeDataString(id), StringComparison.Ordinal);
        if (handler.Handler is not null)
            path = path.Contains("{handler?}", StringComparison.Ordinal)
                ? path.Replace("{handler?}", handler.Handler, StringComparison.Ordinal)
                : path + "?handler=" + handler.Handler;
        path = path.Replace("/{handler?}", "", StringComparison.Ordinal);
        Assert.DoesNotContain("{", path, StringComparison.Ordinal);
        return path;
    }

    private static List<KeyValuePair<string, string>> WithToken(HtmlForm form, string token) =>
        form.Fields.Select(f => f.Key == HtmlForm.AntiforgeryField ? new KeyValuePair<string, string>(f.Key, token) : f).ToList();

    private static bool IsSignInRedirect(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location is { } location
        && new Uri(new Uri("http://localhost"), location).AbsolutePath == Routes.Pages.SignIn;

    private static async Task<int> AddTokenAsync(MaillageFactory app, string userName)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var user = await db.Users.SingleAsync(u => u.UserName == userName, TestContext.Current.CancellationToken);
        var secret = TokenHasher.NewToken();
        var token = new ApiToken { UserId = user.Id, Name = "Jeton de " + userName, Prefix = secret[..8], Hash = TokenHasher.Hash(secret), CreatedAt = DateTimeOffset.UtcNow };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return token.Id;
    }

    private static async Task<int> TokenCountAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await s.ServiceProvider.GetRequiredService<MaillageDbContext>().ApiTokens.CountAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<int> LastTokenOfAsync(MaillageFactory app, string userName)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        return await db.ApiTokens.Where(t => t.User!.UserName == userName).MaxAsync(t => t.Id, TestContext.Current.CancellationToken);
    }

    private static async Task<DateTimeOffset?> RevokedAtAsync(MaillageFactory app, int id)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        return await db.ApiTokens.Where(t => t.Id == id).Select(t => t.RevokedAt).SingleAsync(TestContext.Current.CancellationToken);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Registry_import_page_is_for_the_national_administrator_only(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var csv = "id;first_name;last_name;status\nP-IMPORT-1;Camille;Martin;pu_ph\n";
        MultipartFormDataContent Upload(string token)
        {
            var form = new MultipartFormDataContent();
            form.Add(new StringContent(token), HtmlForm.AntiforgeryField);
            form.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "people.csv");
            return form;
        }
        var before = await app.AuditCountAsync();

        using (var anonymous = app.PageClient())
        {
            var token = HtmlForm.AntiforgeryToken(await anonymous.GetPageAsync(Routes.Pages.SignIn));
            using var r = await anonymous.PostAsync(new Uri(Routes.Pages.Registry + "/import", UriKind.Relative), Upload(token), TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, r.StatusCode);
            Assert.Contains(Routes.Pages.SignIn, r.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
        foreach (var user in ScopedDemoUsers)
        {
            using var client = await app.SignInAsync(user);
            var token = HtmlForm.AntiforgeryToken(await client.GetPageAsync(Routes.Pages.Registry));
            using var r = await client.PostAsync(new Uri(Routes.Pages.Registry + "/import", UriKind.Relative), Upload(token), TestContext.Current.CancellationToken);
            Assert.True(r.StatusCode == System.Net.HttpStatusCode.Forbidden, $"{user}: {(int)r.StatusCode}");
        }
        Assert.Equal(before, await app.AuditCountAsync());

        using var admin = await app.SignInAsync("admin");
        var adminToken = HtmlForm.AntiforgeryToken(await admin.GetPageAsync(Routes.Pages.Registry));
        using var ok = await admin.PostAsync(new Uri(Routes.Pages.Registry + "/import", UriKind.Relative), Upload(adminToken), TestContext.Current.CancellationToken);
        var html = await ok.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("appliqué", html, StringComparison.Ordinal);
        Assert.True(await app.AuditCountAsync() > before);
    }
}
