using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Procedures;

/// <summary>
/// The expertise platforms' call for projects (note DGOS/MMR/2020/221 du 7 décembre 2020) through the API, end to end on both databases: the call, a project
/// opened by the host establishment's direction, its items (the 10-page letter of intent), the opinions, the threshold of 6
/// CRMR/CRC and the recruits checked at submission, a late submission refused with its date, the ARS informed, the jury
/// (declarations, charter, a conflict of interest refused, reviews), the decision writing the platform and its funding into
/// the registry, the notifications of §IX received by a test SMTP listener, then the checkpoint, the indicators and the
/// year-2 renewal.
/// </summary>
public sealed class PlatformCallApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Today);

    private sealed record Scenario(string Host, string HostEj, string Region, IReadOnlyList<string> FiveReference, string Competence, string Other, string OtherEj,
        string SixthReference, IReadOnlyList<string> Filieres);

    /// <summary>A legal entity with 5 CRMR sites or CRC and a CCMR, and another legal entity of the same region with a CRMR site or CRC.</summary>
    private static async Task<Scenario> PickAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var centres = await db.Centres.AsNoTracking().Include(c => c.Establishment!.Departement).Include(c => c.Network).Include(c => c.Attachments)
            .Where(c => c.ClosedOn == null).ToListAsync(Ct);
        string Ej(Centre c) => c.Establishment!.LegalEntityFiness ?? c.EstablishmentFiness;
        bool Counts(Centre c) => c.Kind is CentreKind.ReferenceSite or CentreKind.ResourceCentre;
        var hostGroup = centres.Where(c => c.Establishment!.LegalEntityFiness is not null).GroupBy(Ej)
            .Where(g => g.Count(Counts) >= 5 && g.Any(c => c.Kind == CentreKind.CompetenceCentre))
            .OrderBy(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        var five = hostGroup.Where(Counts).OrderBy(c => c.Id, StringComparer.Ordinal).Take(5).ToList();
        var host = five.GroupBy(c => c.EstablishmentFiness).OrderByDescending(g => g.Count()).First().Key;
        var region = five.First(c => c.EstablishmentFiness == host).Establishment!.Departement!.RegionCode;
        var competence = hostGroup.Where(c => c.Kind == CentreKind.CompetenceCentre).OrderBy(c => c.Id, StringComparer.Ordinal).First();
        var sixth = centres.Where(c => Counts(c) && Ej(c) != hostGroup.Key && c.Establishment!.LegalEntityFiness is not null && c.Establishment.Departement!.RegionCode == region)
            .OrderBy(c => c.Id, StringComparer.Ordinal).First();
        var networks = await db.Networks.AsNoTracking().ToDictionaryAsync(n => n.Id, n => n.FiliereAcronym, Ct);
        var filieres = five.Append(sixth).Append(competence)
            .Select(c => c.Network?.FiliereAcronym ?? c.Attachments.Select(a => networks[a.NetworkId]).Order(StringComparer.Ordinal).FirstOrDefault())
            .Where(f => f is not null).Select(f => f!).Distinct().Order(StringComparer.Ordinal).ToList();
        return new Scenario(host, hostGroup.Key, region, five.Select(c => c.Id).ToList(), competence.Id, sixth.EstablishmentFiness, Ej(sixth), sixth.Id, filieres);
    }

    private static async Task<HttpClient> ClientWithEmailAsync(MaillageFactory app, UserRole role, string? scope, string email)
    {
        var client = await app.ApiClientAsync(role, scope);
        await using var s = app.Services.CreateAsyncScope();
        var users = s.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var user = await db.Users.Where(u => u.Role == role && u.ScopeId == scope).OrderByDescending(u => u.UserName).FirstAsync(Ct);
        await users.SetEmailAsync(user, email);
        return client;
    }

    /// <summary>A PDF of exactly <paramref name="pages"/> pages (47 lines a page).</summary>
    private static byte[] Pdf(string title, int pages = 1)
    {
        var pdf = new PdfDocumentBuilder().Title(title);
        for (var i = 1; i < pages * 47; i++) pdf.Paragraph(string.Create(CultureInfo.InvariantCulture, $"Ligne {i}."));
        return pdf.ToBytes();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient c, string dossier, string item, byte[] pdf)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", $"{item.Replace(':', '-')}.pdf");
        return await c.PostAsync(new Uri($"{Routes.Api.Dossiers}/{dossier}/documents/{Uri.EscapeDataString(item)}", UriKind.Relative), form, Ct);
    }

    private static Task<HttpResponseMessage> OpinionAsync(HttpClient c, string dossier, string item, string value, string? reasons = null) =>
        c.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{dossier}/opinions/{Uri.EscapeDataString(item)}", UriKind.Relative), new { value, reasons }, Ct);

    private static Task<HttpResponseMessage> MoveAsync(HttpClient c, string dossier, string action, string? note = null) =>
        c.PostAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{dossier}/transitions", UriKind.Relative), new { action, note }, Ct);

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync(Ct);
        return JsonNode.Parse(text) ?? throw new InvalidOperationException(text);
    }

    private static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage r) =>
        Assert.True(expected == r.StatusCode, $"{(int)r.StatusCode} {r.StatusCode}: {await r.Content.ReadAsStringAsync(Ct)}");

    private static async Task<string> BodyAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        await AssertStatusAsync(expected, r);
        return await r.Content.ReadAsStringAsync(Ct);
    }

    private static object Recruits(bool both) => both
        ? new object[]
        {
            new { function = "secretariat_communication", job_title = "Assistante de communication", fte = 1.0m, yearly_cost = 48000m },
            new { function = "project_officer", job_title = "Chargée de missions", fte = 0.8m, yearly_cost = 52000m },
        }
        : new object[] { new { function = "project_officer", job_title = "Chargée de missions", fte = 1.0m, yearly_cost = 60000m } };

    private static async Task<T> WithDbAsync<T>(MaillageFactory app, Func<MaillageDbContext, Task<T>> f)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await f(s.ServiceProvider.GetRequiredService<MaillageDbContext>());
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_platform_project_runs_from_the_call_to_the_year_two_renewal(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var app = new MaillageFactory(provider, "demo", new Dictionary<string, string>
        {
            ["Maillage:Mail:Host"] = "127.0.0.1", ["Maillage:Mail:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Maillage:Mail:From"] = "dgos-mmr@example.org",
        });
        var sc = await PickAsync(app);
        using var admin = await ClientWithEmailAsync(app, UserRole.NationalAdmin, null, "dgos@example.org");
        using var direction = await ClientWithEmailAsync(app, UserRole.Establishment, sc.HostEj, "direction@example.org");
        using var otherDirection = await ClientWithEmailAsync(app, UserRole.Establishment, sc.OtherEj, "autre-direction@example.org");
        using var ars = await ClientWithEmailAsync(app, UserRole.RegionalAgency, sc.Region, "ars@example.org");
        using var anonymous = app.CreateClient();
        var allCentres = sc.FiveReference.Append(sc.Competence).Append(sc.SixthReference).ToList();
        var heads = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var c in allCentres) heads[c] = await ClientWithEmailAsync(app, UserRole.CentreHead, c, $"responsable-{c}@example.org".ToLowerInvariant());
        foreach (var f in sc.Filieres) (await ClientWithEmailAsync(app, UserRole.FiliereCoordinator, f, $"filiere-{f}@example.org".ToLowerInvariant())).Dispose();

        // The ministry opens the call; it opened a year ago (the credits below are delegated within its life), deadline in a month.
        using var created = await admin.PostAsJsonAsync(new Uri(Routes.Api.Calls, UriKind.Relative), new
        {
            kind = "platform_call", title = "Appel à projets plateformes d'expertise maladies rares", opens_on = Today.AddYears(-1),
            deadline = Today.AddDays(30), jury_session_on = Today.AddDays(60),
        }, Ct);
        var callId = (await JsonAsync(created))["id"]!.GetValue<string>();
        await AssertStatusAsync(HttpStatusCode.Created, created);

        // Only the host establishment's direction (or the ministry) opens a project for that host.
        var project = new
        {
            name = "Plateforme d'expertise maladies rares test", host_finess = sc.Host, other_establishments = new[] { sc.Other },
            centres = sc.FiveReference.Append(sc.Competence).ToArray(), recruits = Recruits(both: false),
        };
        var open = new Uri($"{Routes.Api.Calls}/{callId}/platform-projects", UriKind.Relative);
        await AssertStatusAsync(HttpStatusCode.Unauthorized, await anonymous.PostAsJsonAsync(open, project, Ct));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await otherDirection.PostAsJsonAsync(open, project, Ct));
        var badCentre = await BodyAsync(await direction.PostAsJsonAsync(open, project with { centres = new[] { "NO-SUCH-CENTRE" } }, Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("NO-SUCH-CENTRE", badCentre, StringComparison.Ordinal);
        using var opened = await direction.PostAsJsonAsync(open, project, Ct);
        await AssertStatusAsync(HttpStatusCode.Created, opened);
        var dossier = await JsonAsync(opened);
        var id = dossier["id"]!.GetValue<string>();
        Assert.StartsWith("PEM-", id, StringComparison.Ordinal);
        Assert.Equal("platform_project", dossier["kind"]!.GetValue<string>());
        Assert.Equal(callId, dossier["call_id"]!.GetValue<string>());
        Assert.Equal(Today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), dossier["deadline"]!.GetValue<string>());
        var platform = dossier["platform"]!;
        Assert.Equal(5, platform["reference_centre_count"]!.GetValue<int>());
        Assert.False(platform["eligibility"]!["eligible"]!.GetValue<bool>());
        var items = dossier["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal([$"letter_of_intent:{sc.Host}", $"stakeholders_annex:{sc.Host}", $"job_descriptions:{sc.Host}", $"signed_application:{sc.Host}"], items.Take(4));
        foreach (var c in sc.FiveReference.Append(sc.Competence)) Assert.Contains($"centre_opinion:{c}", items);
        Assert.Contains($"director_opinion:{sc.Other}", items);
        await AssertStatusAsync(HttpStatusCode.Conflict, await direction.PostAsJsonAsync(open, project, Ct));

        // The letter of intent: 11 pages refused, 10 accepted.
        var eleven = await BodyAsync(await UploadAsync(direction, id, $"letter_of_intent:{sc.Host}", Pdf("Lettre d'intention", 11)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("11 pages", eleven, StringComparison.Ordinal);
        Assert.Contains("10 pages", eleven, StringComparison.Ordinal);
        await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(direction, id, $"letter_of_intent:{sc.Host}", Pdf("Lettre d'intention", 10)));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await UploadAsync(otherDirection, id, $"stakeholders_annex:{sc.Host}", Pdf("Annexe 1")));
        foreach (var item in new[] { "stakeholders_annex", "job_descriptions", "signed_application" })
            await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(direction, id, $"{item}:{sc.Host}", Pdf(item)));
        foreach (var key in new[] { "letter_centres", "letter_governance", "letter_scope", "letter_premises", "letter_budget", "letter_sustainability" })
            await AssertStatusAsync(HttpStatusCode.OK, await direction.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/sections/{key}", UriKind.Relative),
                new { text = $"Lettre d'intention — {key}." }, Ct));

        // Opinions, each from its party.
        await AssertStatusAsync(HttpStatusCode.Forbidden, await OpinionAsync(direction, id, $"centre_opinion:{sc.FiveReference[0]}", "favourable"));
        foreach (var c in sc.FiveReference.Append(sc.Competence))
            await AssertStatusAsync(HttpStatusCode.OK, await OpinionAsync(heads[c], id, $"centre_opinion:{c}", "favourable"));
        await AssertStatusAsync(HttpStatusCode.OK, await OpinionAsync(otherDirection, id, $"director_opinion:{sc.Other}", "favourable"));
        async Task AssociationOpinionsAsync(JsonNode d)
        {
            foreach (var a in d["items"]!.AsArray().Where(i => i!["id"]!.GetValue<string>().StartsWith("association_opinion:", StringComparison.Ordinal) && !i["provided"]!.GetValue<bool>()))
            {
                var assoc = a!["target_id"]!.GetValue<string>();
                using var client = await app.ApiClientAsync(UserRole.Association, assoc);
                await AssertStatusAsync(HttpStatusCode.OK, await OpinionAsync(client, id, $"association_opinion:{assoc}", "reserved", "Sous réserve d'une place au comité de pilotage."));
            }
        }
        await AssociationOpinionsAsync(dossier);

        // Complete but 5 CRMR/CRC and one recruit: refused, citing the source, and nothing changes.
        var refused = await BodyAsync(await MoveAsync(direction, id, "submit"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("5 centres de référence", refused, StringComparison.Ordinal);
        Assert.Contains("seuil de 6 centres de référence (CRMR, CRC)", refused, StringComparison.Ordinal);
        Assert.Contains("DGOS/MMR/2020/221", refused, StringComparison.Ordinal);
        Assert.Contains("secrétariat/communication", refused, StringComparison.Ordinal);
        Assert.Contains("au minimum 2 personnes", refused, StringComparison.Ordinal);

        // A sixth reference centre from the other establishment and two recruits: its head's opinion is now expected.
        using (var updated = await direction.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform", UriKind.Relative),
            project with { centres = allCentres.ToArray(), recruits = Recruits(both: true) }, Ct))
        {
            var d = await JsonAsync(updated);
            await AssertStatusAsync(HttpStatusCode.OK, updated);
            Assert.Equal(6, d["platform"]!["reference_centre_count"]!.GetValue<int>());
            Assert.True(d["platform"]!["eligibility"]!["eligible"]!.GetValue<bool>());
            Assert.Equal(100000m, d["platform"]!["budget_per_year"]!.GetValue<decimal>());
            Assert.Empty(d["platform"]!["budget_problems"]!.AsArray());
            Assert.Equal(100000m, d["platform"]!["funding"]!["amount_per_year"]!.GetValue<decimal>());
            Assert.False(d["platform"]!["funding"]!["decided"]!.GetValue<bool>());
            await AssociationOpinionsAsync(d);
        }
        // A change of name alone keeps the centres and the recruits.
        using (var renamed = await direction.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform", UriKind.Relative), new { name = "Plateforme d'expertise maladies rares test" }, Ct))
        {
            var d = await JsonAsync(renamed);
            await AssertStatusAsync(HttpStatusCode.OK, renamed);
            Assert.Equal(6, d["platform"]!["reference_centre_count"]!.GetValue<int>());
            Assert.Equal(2, d["platform"]!["recruits"]!.AsArray().Count);
        }
        Assert.Contains($"centre_opinion:{sc.SixthReference}", await BodyAsync(await MoveAsync(direction, id, "submit"), HttpStatusCode.UnprocessableEntity), StringComparison.Ordinal);
        await AssertStatusAsync(HttpStatusCode.OK, await OpinionAsync(heads[sc.SixthReference], id, $"centre_opinion:{sc.SixthReference}", "favourable"));

        // Another project of the call, opened by the other establishment; the deadline passes: its submission is refused with the date,
        // and no project opens any more in the closed call.
        using var second = await otherDirection.PostAsJsonAsync(open, new { name = "Projet tardif", host_finess = sc.Other, centres = new[] { sc.SixthReference } }, Ct);
        await AssertStatusAsync(HttpStatusCode.Created, second);
        var secondId = (await JsonAsync(second))["id"]!.GetValue<string>();
        var yesterday = Today.AddDays(-1);
        await WithDbAsync(app, async db =>
        {
            await db.Set<Maillage.Core.Features.Procedures.Dossier>().Where(d => d.Id == secondId).ExecuteUpdateAsync(u => u.SetProperty(d => d.Deadline, yesterday), Ct);
            return await db.Set<Maillage.Core.Features.Procedures.Call>().Where(c => c.Id == callId).ExecuteUpdateAsync(u => u.SetProperty(c => c.Deadline, yesterday), Ct);
        });
        var late = await BodyAsync(await MoveAsync(otherDirection, secondId, "submit"), HttpStatusCode.Conflict);
        Assert.Contains(Maillage.Domain.French.Date(yesterday), late, StringComparison.Ordinal);
        var closed = await BodyAsync(await admin.PostAsJsonAsync(open, new { name = "Encore un", host_finess = sc.Other, centres = new[] { sc.SixthReference } }, Ct), HttpStatusCode.Conflict);
        Assert.Contains(Maillage.Domain.French.Date(yesterday), closed, StringComparison.Ordinal);
        await WithDbAsync(app, db => db.Set<Maillage.Core.Features.Procedures.Call>().Where(c => c.Id == callId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Deadline, Today.AddDays(30)), Ct));

        // Submitted: the DGOS and the agency of the host's region are told.
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(direction, id, "submit"));
        await app.DrainOutboxAsync(); // the outbox sends what the request queued
        Assert.Contains(smtp.Messages, m => m.To.Contains("ars@example.org") && m.Subject.Contains("Projet de plateforme d'expertise déposé", StringComparison.Ordinal));
        await AssertStatusAsync(HttpStatusCode.Conflict, await UploadAsync(direction, id, $"job_descriptions:{sc.Host}", Pdf("Fiches de poste v2")));
        await AssertStatusAsync(HttpStatusCode.Conflict, await direction.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform", UriKind.Relative), project, Ct));

        // The jury of eight, each member with a declaration of interests and the ethics charter; the establishments' representative
        // works in the host's legal entity and is kept off the dossier.
        var seats = new[] { "dgos", "filiere_coordinator", "establishment_representative", "follow_up_committee_president", "dgcs", "dgri", "regional_agency", "patient_association" };
        var members = new Dictionary<string, (HttpClient Client, int Id)>(StringComparer.Ordinal);
        async Task AddMemberAsync(string seat)
        {
            var user = await app.CreateUserAsync(UserRole.Expert, null, $"jury-{seat}-{provider}".ToLowerInvariant());
            using var added = await admin.PostAsJsonAsync(new Uri($"{Routes.Api.Calls}/{callId}/jury", UriKind.Relative),
                new { user_name = user.UserName, seat, is_chair = seat == "dgos", finess = seat == "establishment_representative" ? sc.Host : null }, Ct);
            var call = await JsonAsync(added);
            await AssertStatusAsync(HttpStatusCode.OK, added);
            var memberId = call["jury"]!.AsArray().Single(m => m!["user_name"]!.GetValue<string>() == user.UserName)!["id"]!.GetValue<int>();
            var client = await ApiClientForAsync(app, user);
            await AssertStatusAsync(HttpStatusCode.OK, await client.PutAsJsonAsync(new Uri($"{Routes.Api.Calls}/{callId}/jury/declaration", UriKind.Relative),
                new { declaration = "Aucun lien d'intérêts.", sign_ethics_charter = true }, Ct));
            members[seat] = (client, memberId);
        }
        // Seven seats for now: the patient associations' representative is appointed later.
        foreach (var seat in seats.Where(x => x != "patient_association")) await AddMemberAsync(seat);
        var conflict = await BodyAsync(await admin.PostAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/jury", UriKind.Relative),
            new { member_id = members["establishment_representative"].Id }, Ct), HttpStatusCode.Conflict);
        Assert.Contains("Conflit d'intérêts", conflict, StringComparison.Ordinal);
        foreach (var seat in new[] { "dgos", "dgri" })
            await AssertStatusAsync(HttpStatusCode.OK, await admin.PostAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/jury", UriKind.Relative), new { member_id = members[seat].Id }, Ct));
        await AssertStatusAsync(HttpStatusCode.Conflict, await MoveAsync(admin, id, "approve"));
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(admin, id, "refer_to_jury"));
        await AssertStatusAsync(HttpStatusCode.OK, await members["dgos"].Client.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/review", UriKind.Relative),
            new { score = 16, recommendation = "favourable", comments = "Projet solide." }, Ct));
        Assert.Contains("Évaluation attendue", await BodyAsync(await MoveAsync(admin, id, "close_jury_review"), HttpStatusCode.UnprocessableEntity), StringComparison.Ordinal);
        await AssertStatusAsync(HttpStatusCode.OK, await members["dgri"].Client.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/review", UriKind.Relative),
            new { score = 14, recommendation = "reserved", comments = "Volet recherche à préciser." }, Ct));
        // Every assigned member has reviewed, but the jury of eight is not complete: the assessment cannot be closed.
        var incomplete = await BodyAsync(await MoveAsync(admin, id, "close_jury_review"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Siège vacant : Représentant des associations de patients", incomplete, StringComparison.Ordinal);
        await AddMemberAsync("patient_association");
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(admin, id, "close_jury_review"));

        // The decision: the platform, its establishments, centres and label in the registry; its funding by the PEMR model.
        using var approved = await MoveAsync(admin, id, "approve", "Projet retenu sur avis du jury.");
        var decided = await JsonAsync(approved);
        await AssertStatusAsync(HttpStatusCode.OK, approved);
        Assert.Equal("approved", decided["state"]!.GetValue<string>());
        var funding = decided["platform"]!["funding"]!;
        Assert.True(funding["decided"]!.GetValue<bool>());
        Assert.Equal(6, funding["centre_count"]!.GetValue<int>());
        Assert.Equal(1, funding["tranche"]!.GetValue<int>());
        Assert.Equal(100000m, funding["year1"]!.GetValue<decimal>());
        Assert.Equal(100000m, funding["year2"]!.GetValue<decimal>());
        Assert.Equal(200000m, funding["total"]!.GetValue<decimal>());
        var platformId = decided["platform"]!["platform_id"]!.GetValue<string>();
        await WithDbAsync(app, async db =>
        {
            var p = await db.Platforms.AsNoTracking().Include(x => x.Establishments).Include(x => x.Centres).SingleAsync(x => x.Id == platformId, Ct);
            Assert.Equal(PlatformKind.Expertise, p.Kind);
            Assert.Equal(sc.Host, p.HostFiness);
            Assert.Equal(sc.Region, p.RegionCode);
            Assert.Equal(new[] { sc.Host, sc.Other }.Order(StringComparer.Ordinal), p.Establishments.Select(e => e.Finess).Order(StringComparer.Ordinal));
            Assert.Equal(allCentres.Order(StringComparer.Ordinal), p.Centres.Select(c => c.CentreId).Order(StringComparer.Ordinal));
            var label = await db.Labels.AsNoTracking().SingleAsync(l => l.PlatformId == platformId, Ct);
            Assert.Equal(LabelDecision.Labelled, label.Decision);
            Assert.Equal(Today, label.ValidFrom);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "platform" && a.EntityId == platformId && a.Action == "created", Ct));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "dossier" && a.EntityId == id && a.Action == "updated:platform_project", Ct));
            return 0;
        });

        // Notifications of the decision to exactly the audiences of §IX: the host's direction, the FSMR coordinators of the centres'
        // filières, the heads of the centres in scope, the agency of the host's region — not the other establishment's direction.
        var reasons = await WithDbAsync(app, db => db.Set<Maillage.Core.Features.Procedures.Notification>().AsNoTracking()
            .Where(n => n.DossierId == id && n.Subject.Contains("Décision")).Select(n => n.Reason).Distinct().OrderBy(x => x).ToListAsync(Ct));
        Assert.Equal(["centre_head", "establishment_directors", "filiere_coordinator", "regional_agency"], reasons);
        await app.DrainOutboxAsync(); // the outbox sends what the request queued
        var decisionMails = smtp.Messages.Where(m => m.Subject.Contains("Décision", StringComparison.Ordinal)).ToList();
        var to = decisionMails.SelectMany(m => m.To).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("direction@example.org", to);
        Assert.Contains("ars@example.org", to);
        foreach (var c in allCentres) Assert.Contains($"responsable-{c}@example.org".ToLowerInvariant(), to);
        foreach (var f in sc.Filieres) Assert.Contains($"filiere-{f}@example.org".ToLowerInvariant(), to);
        Assert.DoesNotContain("autre-direction@example.org", to);
        Assert.All(decisionMails, m => Assert.Contains("100", m.Body, StringComparison.Ordinal));

        // The decision letter and the complete export, with the platform's own part.
        Assert.True(PdfInspector.Inspect(await admin.GetByteArrayAsync(new Uri($"{Routes.Api.Dossiers}/{id}/decision.pdf", UriKind.Relative), Ct)).IsPdf);
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await direction.GetByteArrayAsync(new Uri($"{Routes.Api.Dossiers}/{id}/export", UriKind.Relative), Ct))))
        {
            Assert.NotNull(zip.GetEntry("decision.pdf"));
            using var reader = new StreamReader(zip.GetEntry("platform.json")!.Open());
            var json = JsonNode.Parse(await reader.ReadToEndAsync(Ct))!;
            Assert.Equal(platformId, json["platform_id"]!.GetValue<string>());
            Assert.Equal(100000m, json["funding"]!["year1"]!.GetValue<decimal>());
            Assert.Equal(2, json["recruits"]!.AsArray().Count);
        }

        // The follow-up. The credits were delegated seven months ago: the checkpoint is late, and the direction's task list says so.
        var delegated = Today.AddMonths(-7);
        await AssertStatusAsync(HttpStatusCode.Forbidden, await direction.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform/credits", UriKind.Relative),
            new { delegated_on = delegated }, Ct));
        await AssertStatusAsync(HttpStatusCode.OK, await admin.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform/credits", UriKind.Relative),
            new { delegated_on = delegated, reference = "Circulaire budgétaire C1" }, Ct));
        var tasks = JsonNode.Parse(await direction.GetStringAsync(new Uri(Routes.Api.Procedures + "/tasks", UriKind.Relative), Ct))!.AsArray();
        Assert.Contains(tasks, t => t!["dossier_id"]!.GetValue<string>() == id && t["what"]!.GetValue<string>().Contains("point d'étape", StringComparison.Ordinal)
            && t["what"]!.GetValue<string>().Contains("en retard", StringComparison.Ordinal));
        using (var form = new MultipartFormDataContent { { new StringContent("Plateforme créée : deux recrutements, locaux au 2e étage."), "report" } })
        {
            var file = new ByteArrayContent(Pdf("Point d'étape"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", "point-etape.pdf");
            using var checkpoint = await direction.PostAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform/checkpoint", UriKind.Relative), form, Ct);
            var d = await JsonAsync(checkpoint);
            await AssertStatusAsync(HttpStatusCode.OK, checkpoint);
            Assert.True(d["platform"]!["checkpoint"]!["late"]!.GetValue<bool>());
            Assert.Equal(delegated.AddMonths(6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d["platform"]!["checkpoint"]!["due"]!.GetValue<string>());
            Assert.NotNull(d["platform"]!["checkpoint"]!["document_id"]);
        }
        await app.DrainOutboxAsync(); // the outbox sends what the request queued
        Assert.Contains(smtp.Messages, m => m.To.Contains("dgos@example.org") && m.Subject.Contains("Point d'étape", StringComparison.Ordinal) && m.Subject.Contains("retard", StringComparison.Ordinal));

        // The renewal waits for the yearly report; the report needs the five mandatory indicators.
        Assert.Contains("évaluation annuelle", await BodyAsync(await admin.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform/renewal", UriKind.Relative),
            new { renewed = true }, Ct), HttpStatusCode.UnprocessableEntity), StringComparison.Ordinal);
        var indicators = new Uri($"{Routes.Api.Dossiers}/{id}/platform/indicators/1", UriKind.Relative);
        var missing = await BodyAsync(await direction.PutAsJsonAsync(indicators, new { indicators = new[] { new { key = "public_events", count = 4 } } }, Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("indicators.patient_satisfaction", missing, StringComparison.Ordinal);
        await AssertStatusAsync(HttpStatusCode.Conflict, await direction.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform/indicators/2", UriKind.Relative),
            new { indicators = Array.Empty<object>() }, Ct));
        using (var filed = await direction.PutAsJsonAsync(indicators, new
        {
            indicators = new object[]
            {
                new { key = "public_events", count = 4 },
                new { key = "training_actions", text = "Formation BaMaRa des secrétariats ; deux sessions ETP." },
                new { key = "patient_satisfaction", text = "Questionnaire : 89 % satisfaits (131 réponses)." },
                new { key = "centre_satisfaction", text = "12 centres sur 14 satisfaits." },
                new { key = "contributions_difficulties", text = "Recrutement tardif du second poste." },
                new { key = "patients_followed", count = 312 },
                new { key = "extra_teleconsultations", label = "Téléconsultations organisées", count = 57 },
            },
        }, Ct))
        {
            var d = await JsonAsync(filed);
            await AssertStatusAsync(HttpStatusCode.OK, filed);
            var report = d["platform"]!["reports"]!.AsArray().Single()!;
            Assert.Equal(7, report["indicators"]!.AsArray().Count);
            Assert.Equal(Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report["submitted_on"]!.GetValue<string>());
            Assert.False(report["late"]!.GetValue<bool>());
        }
        var adminTasks = JsonNode.Parse(await admin.GetStringAsync(new Uri(Routes.Api.Procedures + "/tasks", UriKind.Relative), Ct))!.AsArray();
        Assert.Contains(adminTasks, t => t!["dossier_id"]!.GetValue<string>() == id && t["what"]!.GetValue<string>().Contains("reconduction", StringComparison.Ordinal));

        // The ministry decides: a refusal must state its reasons; renewed, the second year's credits stand and its report is expected.
        await AssertStatusAsync(HttpStatusCode.Forbidden, await direction.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform/renewal", UriKind.Relative), new { renewed = true }, Ct));
        Assert.Contains("motivée", await BodyAsync(await admin.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform/renewal", UriKind.Relative),
            new { renewed = false }, Ct), HttpStatusCode.UnprocessableEntity), StringComparison.Ordinal);
        using (var renewed = await admin.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform/renewal", UriKind.Relative),
            new { renewed = true, reasons = "Objectifs de la première année atteints." }, Ct))
        {
            var d = await JsonAsync(renewed);
            await AssertStatusAsync(HttpStatusCode.OK, renewed);
            Assert.True(d["platform"]!["renewal"]!["renewed"]!.GetValue<bool>());
            Assert.Equal(100000m, d["platform"]!["funding"]!["year2"]!.GetValue<decimal>());
            Assert.Equal(2, d["platform"]!["reports"]!.AsArray().Count);
        }
        await AssertStatusAsync(HttpStatusCode.Conflict, await admin.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/platform/renewal", UriKind.Relative), new { renewed = false, reasons = "Non." }, Ct));
        await AssertStatusAsync(HttpStatusCode.Conflict, await direction.PutAsJsonAsync(indicators, new { indicators = Array.Empty<object>() }, Ct));
        await app.DrainOutboxAsync(); // the outbox sends what the request queued
        Assert.Contains(smtp.Messages, m => m.To.Contains("direction@example.org") && m.Subject.Contains("Reconduction", StringComparison.Ordinal));
        var history = (await JsonAsync(await admin.GetAsync(new Uri($"{Routes.Api.Dossiers}/{id}", UriKind.Relative), Ct)))["history"]!.AsArray()
            .Select(h => h!["action"]!.GetValue<string>()).ToList();
        foreach (var step in new[] { "created", "platform", "submit", "refer_to_jury", "close_jury_review", "approve", "credits", "checkpoint", "indicators", "renewal" })
            Assert.Contains(step, history);
        foreach (var c in heads.Values) c.Dispose();
        foreach (var m in members.Values) m.Client.Dispose();
    }

    private static async Task<HttpClient> ApiClientForAsync(MaillageFactory app, AppUser user)
    {
        var token = TokenHasher.NewToken();
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            db.ApiTokens.Add(new ApiToken { UserId = user.Id, Name = "test", Prefix = token[..8], Hash = TokenHasher.Hash(token), CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
        }
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
