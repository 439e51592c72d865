using System.Net;
using System.Net.Http.Headers;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Procedures;

/// <summary>
/// The expertise-platform pages: every writing handler refuses anonymous callers (sign-in) and the demo users who are not
/// the host's direction (403) and changes nothing; the host's direction opens a project and sets its scope and budget from
/// the pages; after the decision, the ministry and the direction run the follow-up (credits, checkpoint, indicators,
/// renewal) from the project page, and the task list shows what is due.
/// </summary>
public sealed class PlatformPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Caller Admin = new("admin", UserRole.NationalAdmin, null);
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Today);

    private static readonly string[] ScopedDemoUsers = ["ars-idf", "filiere-cardiogen", "etablissement", "responsable", "association", "expert"];

    private static async Task<string> OpenCallAsync(IServiceProvider services)
    {
        var calls = services.GetRequiredService<CallService>();
        var r = await calls.CreateAsync(Admin, new CallInput(CallKind.PlatformCall, "Appel à projets plateformes", null, Today.AddYears(-1), Today.AddDays(20),
            Today.AddDays(40), null, null, null, null), Ct);
        Assert.Equal(ProcedureStatus.Ok, r.Status);
        return r.DossierId!;
    }

    /// <summary>An ET of <paramref name="legalEntity"/> (or, when null, of a legal entity outside Île-de-France and AP-HP) with 6 CRMR sites or CRC in its legal entity.</summary>
    private static async Task<(string Host, string LegalEntity, List<string> Six, string? Competence)> HostAsync(MaillageDbContext db, string? legalEntity)
    {
        var centres = await db.Centres.AsNoTracking().Include(c => c.Establishment!.Departement).Include(c => c.Network)
            .Where(c => c.ClosedOn == null && c.Establishment!.LegalEntityFiness != null).ToListAsync(Ct);
        var group = centres.GroupBy(c => c.Establishment!.LegalEntityFiness!)
            .Where(g => legalEntity is null ? g.All(c => c.Establishment!.Departement!.RegionCode != "11") : g.Key == legalEntity)
            .Where(g => g.Count(c => c.Kind is CentreKind.ReferenceSite or CentreKind.ResourceCentre && c.Network?.FiliereAcronym != "CARDIOGEN") >= 6)
            .OrderBy(g => g.Key, StringComparer.Ordinal).First();
        var six = group.Where(c => c.Kind is CentreKind.ReferenceSite or CentreKind.ResourceCentre && c.Network?.FiliereAcronym != "CARDIOGEN")
            .OrderBy(c => c.Id, StringComparer.Ordinal).Take(6).ToList();
        var competence = group.Where(c => c.Kind == CentreKind.CompetenceCentre).OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).FirstOrDefault();
        return (six[0].EstablishmentFiness, group.Key, six.Select(c => c.Id).ToList(), competence);
    }

    private static bool IsSignInRedirect(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location is { } location
        && new Uri(new Uri("http://localhost"), location).AbsolutePath == Routes.Pages.SignIn;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient c, string url, string token, IEnumerable<KeyValuePair<string, string>> fields, bool withFile = false)
    {
        if (!withFile) return await c.PostFormAsync(url, fields.Append(new(HtmlForm.AntiforgeryField, token)));
        using var form = new MultipartFormDataContent();
        foreach (var (k, v) in fields.Append(new(HtmlForm.AntiforgeryField, token))) form.Add(new StringContent(v), k);
        var file = new ByteArrayContent(new PdfDocumentBuilder().Title("Point d'étape").ToBytes());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "fichier", "point-etape.pdf");
        return await c.PostAsync(new Uri(url, UriKind.Relative), form, Ct);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Every_platform_handler_refuses_anonymous_and_other_users_and_changes_nothing(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string callId, dossier, host;
        List<string> six;
        await using (var s = app.Services.CreateAsyncScope())
        {
            callId = await OpenCallAsync(s.ServiceProvider);
            (host, _, six, _) = await HostAsync(s.ServiceProvider.GetRequiredService<MaillageDbContext>(), null);
            var r = await s.ServiceProvider.GetRequiredService<ProcedureService>().OpenPlatformProjectAsync(Admin, callId,
                new PlatformProjectInput("Plateforme test", host, [], six.Take(5).ToList(), null), Ct);
            Assert.Equal(ProcedureStatus.Ok, r.Status);
            dossier = r.DossierId!;
        }
        var page = $"{Routes.Pages.Procedures}/{dossier}/plateforme";
        var requests = new (string Url, KeyValuePair<string, string>[] Fields, bool File)[]
        {
            ($"{page}?handler=Perimetre", [new("Nom", "Autre nom"), .. six.Select(c => new KeyValuePair<string, string>("Centres", c))], false),
            ($"{page}?handler=Recrutements", [new("Recrutements[0].Function", "project_officer"), new("Recrutements[0].Fte", "1"), new("Recrutements[0].YearlyCost", "50000")], false),
            ($"{page}?handler=Credits", [new("DelegationLe", Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))], false),
            ($"{page}?handler=PointEtape", [new("PointEtape", "Créée.")], true),
            ($"{page}?handler=Indicateurs", [new("Annee", "1"), new("Indicateurs[0].Key", "public_events"), new("Indicateurs[0].Count", "3")], false),
            ($"{page}?handler=Reconduction", [new("Reconduction", "oui")], false),
            (Routes.Pages.Procedures + "/plateformes/nouveau", [new("Appel", callId), new("Nom", "Autre plateforme"), new("Porteur", host), .. six.Select(c => new KeyValuePair<string, string>("Centres", c))], false),
        };
        // Every writing handler of the platform pages is in the list above.
        var handlers = await Maillage.Web.Tests.Security.PageWriteAuthorizationTests.WritingHandlersAsync(app.Services);
        foreach (var h in handlers.Where(h => Maillage.Web.Tests.Security.PageWriteAuthorizationTests.PlatformPages.ContainsKey(h.Page)))
            Assert.Contains(requests, r => h.Page == "/Procedures/Plateformes/Nouveau" ? r.Url == Routes.Pages.Procedures + "/plateformes/nouveau" : r.Url.Contains($"handler={h.Handler}", StringComparison.Ordinal));

        using var anonymous = app.PageClient();
        var anonymousToken = HtmlForm.AntiforgeryToken(await anonymous.GetPageAsync(Routes.Pages.SignIn));
        var audit = await app.AuditCountAsync();
        foreach (var (url, fields, file) in requests)
        {
            using (var r = await PostAsync(anonymous, url, anonymousToken, fields, file))
                Assert.True(IsSignInRedirect(r), $"{url} anonymous: {(int)r.StatusCode} {r.Headers.Location}");
            foreach (var user in ScopedDemoUsers)
            {
                using var client = await app.SignInAsync(user);
                var token = HtmlForm.AntiforgeryToken(await client.GetPageAsync("/"));
                using var r = await PostAsync(client, url, token, fields, file);
                Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{url} as {user}: {(int)r.StatusCode} {r.Headers.Location}");
            }
        }
        Assert.Equal(audit, await app.AuditCountAsync());

        // The ministry's scope and budget changes are saved (so the refusals were the scope's); follow-up waits for the decision.
        using var admin = await app.SignInAsync("admin");
        var adminToken = HtmlForm.AntiforgeryToken(await admin.GetPageAsync(page));
        foreach (var (url, fields, file) in requests.Take(2))
        {
            using var r = await PostAsync(admin, url, adminToken, fields, file);
            Assert.True(r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString == page, $"{url} as admin: {(int)r.StatusCode} {r.Headers.Location}");
        }
        using (var r = await PostAsync(admin, requests[2].Url, adminToken, requests[2].Fields))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("commence après son acceptation", await r.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        Assert.True(await app.AuditCountAsync() > audit);
        var html = await admin.GetPageAsync(page);
        Assert.Contains("Autre nom", html, StringComparison.Ordinal);
        Assert.Contains("le seuil de 6 est atteint", html, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_direction_opens_a_project_and_runs_its_follow_up_from_the_pages(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string callId, host, apHp;
        List<string> six;
        string? competence;
        await using (var s = app.Services.CreateAsyncScope())
        {
            callId = await OpenCallAsync(s.ServiceProvider);
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            apHp = await db.Users.AsNoTracking().Where(u => u.UserName == "etablissement").Select(u => u.ScopeId!).SingleAsync(Ct);
            (host, _, six, competence) = await HostAsync(db, apHp);
        }
        using var direction = await app.SignInAsync("etablissement");
        Assert.Contains(Routes.Pages.Procedures + "/plateformes/nouveau", await direction.GetPageAsync(Routes.Pages.Procedures), StringComparison.Ordinal);
        Assert.Contains($"{Routes.Pages.Procedures}/plateformes/nouveau?Appel={callId}", await direction.GetPageAsync($"{Routes.Pages.Procedures}/appels/{callId}"), StringComparison.Ordinal);

        // The form lists the call and the direction's own sites; choosing the host lists the centres of its legal entity.
        var start = await direction.GetPageAsync(Routes.Pages.Procedures + "/plateformes/nouveau");
        Assert.Contains(callId, start, StringComparison.Ordinal);
        Assert.Contains($"value=\"{host}\"", start, StringComparison.Ordinal);
        var chosen = await direction.GetPageAsync($"{Routes.Pages.Procedures}/plateformes/nouveau?Appel={callId}&Nom=Plateforme+AP-HP+test&Porteur={host}");
        foreach (var c in six) Assert.Contains($"value=\"{c}\"", chosen, StringComparison.Ordinal);
        var form = HtmlForm.All(chosen).Single(f => f.Has("Porteur") && f.Method.Equals("post", StringComparison.OrdinalIgnoreCase));

        // Without a name the page says so; with five CRMR/CRC it opens, and the dossier page shows the threshold is not met.
        var fields = form.Fields.Where(f => f.Key != "Centres").ToList();
        var centreFields = six.Take(5).Append(competence).Where(c => c is not null).Select(c => new KeyValuePair<string, string>("Centres", c!)).ToList();
        using (var r = await direction.PostFormAsync(Routes.Pages.Procedures + "/plateformes/nouveau", [.. fields.Where(f => f.Key != "Nom"), new("Nom", ""), .. centreFields]))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("Nom de la plateforme requis", await r.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        using var opened = await direction.PostFormAsync(Routes.Pages.Procedures + "/plateformes/nouveau", [.. fields, .. centreFields]);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var dossierPage = opened.Headers.Location!.OriginalString;
        var id = dossierPage.Split('/')[^1];
        var dossierHtml = await direction.GetPageAsync(dossierPage);
        Assert.Contains("Plateforme AP-HP test", dossierHtml, StringComparison.Ordinal);
        Assert.Contains("5 centres de référence", dossierHtml, StringComparison.Ordinal);
        Assert.Contains("Lettre d&#x27;intention", dossierHtml, StringComparison.Ordinal);

        // The budget with one recruit shows what §III.B.5 still asks; the sixth centre and a second recruit meet both rules.
        var project = $"{Routes.Pages.Procedures}/{id}/plateforme";
        var token = HtmlForm.AntiforgeryToken(await direction.GetPageAsync(project));
        using (var r = await direction.PostFormAsync($"{project}?handler=Recrutements", [new(HtmlForm.AntiforgeryField, token),
            new("Recrutements[0].Function", "project_officer"), new("Recrutements[0].JobTitle", "Chargée de missions"), new("Recrutements[0].Fte", "1"), new("Recrutements[0].YearlyCost", "55000")]))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var budget = await direction.GetPageAsync(project);
        Assert.Contains("secrétariat/communication", budget, StringComparison.Ordinal);
        using (var r = await direction.PostFormAsync($"{project}?handler=Recrutements", [new(HtmlForm.AntiforgeryField, token),
            new("Recrutements[0].Function", "project_officer"), new("Recrutements[0].Fte", "1"), new("Recrutements[0].YearlyCost", "55000"),
            new("Recrutements[1].Function", "secretariat_communication"), new("Recrutements[1].Fte", "0.5"), new("Recrutements[1].YearlyCost", "22000"),
            new("Recrutements[2].Function", "psychologist"), new("Recrutements[2].Fte", "2"), new("Recrutements[2].YearlyCost", "10000")]))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("entre 0 et 1 ETP", await r.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        using (var r = await direction.PostFormAsync($"{project}?handler=Recrutements", [new(HtmlForm.AntiforgeryField, token),
            new("Recrutements[0].Function", "project_officer"), new("Recrutements[0].Fte", "1"), new("Recrutements[0].YearlyCost", "55000"),
            new("Recrutements[1].Function", "secretariat_communication"), new("Recrutements[1].Fte", "0.5"), new("Recrutements[1].YearlyCost", "22000")]))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using (var r = await direction.PostFormAsync($"{project}?handler=Perimetre", [new(HtmlForm.AntiforgeryField, token), new("Nom", "Plateforme AP-HP test"),
            .. six.Select(c => new KeyValuePair<string, string>("Centres", c))]))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var ready = await direction.GetPageAsync(project);
        Assert.Contains("le seuil de 6 est atteint", ready, StringComparison.Ordinal);
        Assert.DoesNotContain("budget-problemes", ready, StringComparison.Ordinal);
        Assert.Contains("Total annuel</th><td>77&#x202F;000 €", ready, StringComparison.Ordinal);
        Assert.Contains("Compléter et déposer le dossier", await direction.GetPageAsync(Routes.Pages.Procedures), StringComparison.Ordinal);

        // The ministry takes the dossier through submission, jury and decision (services), then the follow-up runs from the page.
        await DecideAsync(app, id);
        using var admin = await app.SignInAsync("admin");
        var decided = await admin.GetPageAsync($"{Routes.Pages.Procedures}/{id}");
        Assert.Contains("id=\"plateforme-registre\"", decided, StringComparison.Ordinal);
        Assert.Contains("Financement notifié", decided, StringComparison.Ordinal);
        var adminToken = HtmlForm.AntiforgeryToken(await admin.GetPageAsync(project));
        var delegated = Today.AddMonths(-2);
        using (var r = await admin.PostFormAsync($"{project}?handler=Credits", [new(HtmlForm.AntiforgeryField, adminToken),
            new("DelegationLe", delegated.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), new("DelegationReference", "C1")]))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var tasks = await direction.GetPageAsync(Routes.Pages.Procedures);
        Assert.Contains("Transmettre le point d&#x27;étape à 6 mois", tasks, StringComparison.Ordinal);
        Assert.Contains("Transmettre le rapport d&#x27;activité (indicateurs) de l&#x27;année 1", tasks, StringComparison.Ordinal);
        using (var r = await PostAsync(direction, $"{project}?handler=PointEtape", token, [new("PointEtape", "Deux recrutements réalisés ; locaux disponibles.")], withFile: true))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var followUp = await direction.GetPageAsync(project);
        Assert.Contains("pièce justificative", followUp, StringComparison.Ordinal);
        Assert.Contains("Deux recrutements réalisés", followUp, StringComparison.Ordinal);

        // The indicators form: a missing mandatory indicator is named; complete, the report is filed and the renewal can be decided.
        var indicatorForm = HtmlForm.All(followUp).Single(f => f.Has("Annee"));
        using (var r = await direction.PostFormAsync($"{project}?handler=Indicateurs", indicatorForm.Fields))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("Indicateur obligatoire manquant", await r.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["public_events"] = "3", ["training_actions"] = "Formation BaMaRa.", ["patient_satisfaction"] = "90 % satisfaits.",
            ["centre_satisfaction"] = "Tous satisfaits.", ["contributions_difficulties"] = "Locaux exigus.",
        };
        var filled = indicatorForm.Fields.ToList();
        for (var i = 0; i < filled.Count; i++)
        {
            if (!filled[i].Key.EndsWith(".Key", StringComparison.Ordinal) || !values.TryGetValue(filled[i].Value, out var v)) continue;
            var prefix = filled[i].Key[..^".Key".Length];
            var field = filled[i].Value == "public_events" ? prefix + ".Count" : prefix + ".Text";
            filled.RemoveAll(f => f.Key == field);
            filled.Add(new(field, v));
        }
        using (var r = await direction.PostFormAsync($"{project}?handler=Indicateurs", filled))
            Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"{(int)r.StatusCode} {(r.StatusCode == HttpStatusCode.OK ? await r.Content.ReadAsStringAsync(Ct) : "")}");
        Assert.Contains("Décider la reconduction", await admin.GetPageAsync(Routes.Pages.Procedures), StringComparison.Ordinal);
        using (var r = await admin.PostFormAsync($"{project}?handler=Reconduction", [new(HtmlForm.AntiforgeryField, adminToken), new("Reconduction", "non")]))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("Une non-reconduction doit être motivée", await r.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        using (var r = await admin.PostFormAsync($"{project}?handler=Reconduction", [new(HtmlForm.AntiforgeryField, adminToken), new("Reconduction", "non"),
            new("Motifs", "Activité insuffisante au vu du rapport.")]))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var final = await admin.GetPageAsync(project);
        Assert.Contains("non reconduits", final, StringComparison.Ordinal);
        Assert.DoesNotContain("form-reconduction", final, StringComparison.Ordinal);
    }

    /// <summary>Everything between the draft and the decision, through the services as the parties would do it.</summary>
    private static async Task DecideAsync(MaillageFactory app, string id)
    {
        await using var s = app.Services.CreateAsyncScope();
        var procedures = s.ServiceProvider.GetRequiredService<ProcedureService>();
        var calls = s.ServiceProvider.GetRequiredService<CallService>();
        var d = (await procedures.LoadAsync(id, Ct))!;
        foreach (var item in (await procedures.RequirementsAsync(d, Ct)).Items)
        {
            var r = item.Type == ItemType.Document
                ? await procedures.UploadDocumentAsync(Admin, id, item.Id, item.Key + ".pdf", new PdfDocumentBuilder().Title(item.Label).ToBytes(), Ct)
                : await procedures.GiveOpinionAsync(Admin, id, item.Id, OpinionValue.Favourable, null, null, Ct);
            Assert.Equal(ProcedureStatus.Ok, r.Status);
        }
        foreach (var section in DossierRequirements.Sections(ProcedureKind.PlatformProject).Where(x => x.Required))
            Assert.Equal(ProcedureStatus.Ok, (await procedures.PutSectionAsync(Admin, id, section.Key, "Texte.", Ct)).Status);
        Assert.Equal(ProcedureStatus.Ok, (await procedures.TransitionAsync(Admin, id, DossierAction.Submit, null, null, Ct)).Status);
        // The jury of eight, each with a declaration of interests and the ethics charter; the DGRI's representative assesses.
        Caller? member = null;
        foreach (var seat in JuryRules.PlatformSeats)
        {
            var user = await app.CreateUserAsync(UserRole.Expert, null);
            Assert.Equal(ProcedureStatus.Ok, (await calls.AddMemberAsync(Admin, d.CallId!, new JuryMemberInput(user.UserName, seat.Label(), seat, seat == JurySeat.Dgos, null, null, null), Ct)).Status);
            var caller = new Caller(user.UserName, UserRole.Expert, null);
            Assert.Equal(ProcedureStatus.Ok, (await calls.DeclareAsync(caller, d.CallId!, "Aucun lien.", true, Ct)).Status);
            if (seat == JurySeat.Dgri) member = caller;
        }
        var memberId = (await calls.GetAsync(d.CallId!, Ct))!.Jury.Single(m => m.UserName == member!.UserName).Id;
        Assert.Equal(ProcedureStatus.Ok, (await calls.AssignAsync(Admin, id, memberId, Ct)).Status);
        Assert.Equal(ProcedureStatus.Ok, (await procedures.TransitionAsync(Admin, id, DossierAction.ReferToJury, null, null, Ct)).Status);
        Assert.Equal(ProcedureStatus.Ok, (await calls.ReviewAsync(member!, id, 15, OpinionValue.Favourable, null, Ct)).Status);
        Assert.Equal(ProcedureStatus.Ok, (await procedures.TransitionAsync(Admin, id, DossierAction.CloseJuryReview, null, null, Ct)).Status);
        var approved = await procedures.TransitionAsync(Admin, id, DossierAction.Approve, "Retenu.", null, Ct);
        Assert.True(approved.Status == ProcedureStatus.Ok, string.Join(" ", approved.Errors.Select(e => e.Message)));
    }
}
