using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Procedures;

/// <summary>
/// A labelling campaign through the API, end to end on both databases: the call, the jury and its declarations, one
/// network's application with its sites, sections, map, the filière's reasoned opinion and a co-signed support letter,
/// the structural checks, the jury's assignments (conflicts refused) and reviews, the site-by-site decision, the
/// publication into the registry and the official list, and the notifications received by a test SMTP listener.
/// </summary>
public sealed class LabellingCampaignApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Today);

    private sealed record Scenario(string Network, string Filiere, string Coordinating, string CoordinatingFiness, string CoordinatingLegalEntity,
        IReadOnlyList<string> ReferenceSites, IReadOnlyList<string> Competence, IReadOnlyList<string> Associations, string Region);

    /// <summary>A network whose every centre has one head, with two attached competence centres in other establishments and linked associations.</summary>
    private static async Task<Scenario> PickAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var today = Today;
        var heads = (await db.Mandates.AsNoTracking().Where(m => m.Role == MandateRole.CentreHead && m.CentreId != null && m.From <= today && (m.To == null || m.To >= today))
            .Select(m => new { m.CentreId, m.PersonId }).ToListAsync(Ct)).GroupBy(m => m.CentreId!).ToDictionary(g => g.Key, g => g.Select(x => x.PersonId).Distinct().Count());
        var centres = await db.Centres.AsNoTracking().Include(c => c.Attachments).Include(c => c.Establishment!.Departement).Where(c => c.ClosedOn == null).ToListAsync(Ct);
        var conventions = await db.AssociationConventions.AsNoTracking().ToListAsync(Ct);
        foreach (var network in await db.Networks.AsNoTracking().OrderBy(n => n.Id).ToListAsync(Ct))
        {
            var sites = centres.Where(c => c.NetworkId == network.Id).ToList();
            var attached = centres.Where(c => c.Attachments.Any(a => a.NetworkId == network.Id)).ToList();
            if (sites.Count(c => c.Role == SiteRole.Coordinating) != 1 || sites.Count < 2) continue;
            if (sites.Concat(attached).Any(c => heads.GetValueOrDefault(c.Id) != 1)) continue;
            var siteEts = sites.Select(c => c.EstablishmentFiness).ToHashSet();
            var ccmr = attached.Where(c => c.Kind == CentreKind.CompetenceCentre && !siteEts.Contains(c.EstablishmentFiness))
                .GroupBy(c => c.EstablishmentFiness).Select(g => g.First()).OrderBy(c => c.Id).ToList();
            if (ccmr.Count < 2) continue;
            var ids = sites.Concat(attached).Select(c => c.Id).ToHashSet();
            // Only conventions in force today make an association a party (an ended convention leaves every procedure).
            var associations = conventions.Where(c => Maillage.Domain.Registry.Conventions.IsInForce(c, today)).Where(c => (c.TargetKind == ConventionTarget.Network && c.TargetId == network.Id) || (c.TargetKind == ConventionTarget.Centre && ids.Contains(c.TargetId)))
                .Select(c => c.AssociationId).Distinct().Order().ToList();
            if (associations.Count < 2) continue;
            var coordinating = sites.Single(c => c.Role == SiteRole.Coordinating);
            return new Scenario(network.Id, network.FiliereAcronym, coordinating.Id, coordinating.EstablishmentFiness,
                coordinating.Establishment!.LegalEntityFiness ?? coordinating.EstablishmentFiness,
                sites.OrderBy(c => c.Role == SiteRole.Coordinating ? 0 : 1).ThenBy(c => c.Id).Select(c => c.Id).ToList(),
                ccmr.Take(2).Select(c => c.Id).ToList(), associations, coordinating.Establishment.Departement!.RegionCode);
        }
        throw new InvalidOperationException("Aucun réseau de démonstration ne se prête au scénario.");
    }

    private static async Task<(HttpClient Client, AppUser User)> UserAsync(MaillageFactory app, UserRole role, string? scope, string? email = null, string? name = null)
    {
        var user = await app.CreateUserAsync(role, scope, name);
        if (email is not null)
        {
            await using var s = app.Services.CreateAsyncScope();
            var users = s.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetEmailAsync(await users.FindByIdAsync(user.Id) ?? throw new InvalidOperationException(), email);
        }
        return (await app.ApiClientAsync(user), user);
    }

    private static byte[] Pdf(string text) => new PdfDocumentBuilder().Title(text).Paragraph("Pièce de test.").ToBytes();

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient c, string dossier, string item, string text, string? cosigners = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", $"{item.Replace(':', '-')}.pdf");
        var url = $"{Routes.Api.Dossiers}/{dossier}/documents/{Uri.EscapeDataString(item)}" + (cosigners is null ? "" : $"?cosigners={Uri.EscapeDataString(cosigners)}");
        return await c.PostAsync(new Uri(url, UriKind.Relative), form, Ct);
    }

    private static Task<HttpResponseMessage> MoveAsync(HttpClient c, string dossier, string action, string? note = null) =>
        c.PostAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{dossier}/transitions", UriKind.Relative), new { action, note }, Ct);

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync(Ct);
        return JsonNode.Parse(text) ?? throw new InvalidOperationException(text);
    }

    private static async Task<string> AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == r.StatusCode, $"{(int)r.StatusCode} {r.StatusCode}: {text}");
        return text;
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_network_applies_is_assessed_decided_site_by_site_and_published_into_the_registry(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var app = new MaillageFactory(provider, "demo", new Dictionary<string, string>
        {
            ["Maillage:Mail:Host"] = "127.0.0.1", ["Maillage:Mail:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Maillage:Mail:From"] = "dgos-mmr@example.org",
        });
        var sc = await PickAsync(app);
        var (admin, _) = await UserAsync(app, UserRole.NationalAdmin, null, "dgos@example.org");
        var (head, _) = await UserAsync(app, UserRole.CentreHead, sc.Coordinating, "coordonnateur@example.org");
        var (filiere, _) = await UserAsync(app, UserRole.FiliereCoordinator, sc.Filiere, "filiere@example.org");
        var (direction, _) = await UserAsync(app, UserRole.Establishment, sc.CoordinatingLegalEntity, "direction@example.org");
        var (ars, _) = await UserAsync(app, UserRole.RegionalAgency, sc.Region, "ars@example.org");
        var (expert, expertUser) = await UserAsync(app, UserRole.Expert, null, "expert@example.org");
        var (sameFiliere, sameFiliereUser) = await UserAsync(app, UserRole.Expert, null);
        var (sameEstablishment, sameEstablishmentUser) = await UserAsync(app, UserRole.Expert, null);
        using var anonymous = app.CreateClient();

        // 1. The ministry opens the campaign; nobody else may.
        var call = new
        {
            kind = "labelling_campaign", title = "Labellisation 2029-2033 des CRMR, CCMR et CRC", opens_on = Today, deadline = Today.AddDays(30),
            jury_session_on = Today.AddDays(60), referential_campaign = "2023-2028", period_id = "2029-2033", period_start = "2029-01-01", period_end = "2033-12-31",
        };
        await AssertStatusAsync(HttpStatusCode.Forbidden, await head.PostAsJsonAsync(U(Routes.Api.Calls), call, Ct));
        await AssertStatusAsync(HttpStatusCode.Unauthorized, await anonymous.PostAsJsonAsync(U(Routes.Api.Calls), call, Ct));
        var bad = await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await admin.PostAsJsonAsync(U(Routes.Api.Calls), call with { deadline = Today.AddDays(-1), period_id = "2023-2028" }, Ct));
        Assert.Contains("period_id", bad, StringComparison.Ordinal);
        Assert.Contains("deadline", bad, StringComparison.Ordinal);
        var created = await JsonAsync(await admin.PostAsJsonAsync(U(Routes.Api.Calls), call, Ct));
        var callId = created["id"]!.GetValue<string>();
        Assert.Equal("open", created["status"]!.GetValue<string>());
        var template = created["dossier_template"]!.AsArray().Select(t => t!["key"]!.GetValue<string>()).ToList();
        Assert.Contains("network_map", template);
        Assert.Contains("succession_plan", template);
        Assert.Contains("filiere_opinion", template);
        Assert.Contains(JsonNode.Parse(await anonymous.GetStringAsync(U(Routes.Api.Calls), Ct))!.AsArray(), c => c!["id"]!.GetValue<string>() == callId);

        // 2. The jury: three experts, one of the network's filière, one working in its coordinating site's establishment.
        await AssertStatusAsync(HttpStatusCode.OK, await admin.PostAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/jury"), new { user_name = expertUser.UserName, seat = "expert", is_chair = true }, Ct));
        await AssertStatusAsync(HttpStatusCode.OK, await admin.PostAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/jury"), new { user_name = sameFiliereUser.UserName, seat = "expert", filiere = sc.Filiere }, Ct));
        await AssertStatusAsync(HttpStatusCode.OK, await admin.PostAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/jury"), new { user_name = sameEstablishmentUser.UserName, seat = "expert", finess = sc.CoordinatingFiness }, Ct));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await admin.PostAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/jury"), new { user_name = "personne", seat = "dgri" }, Ct));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await expert.PostAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/jury"), new { user_name = expertUser.UserName, seat = "expert" }, Ct));
        var jury = (await JsonAsync(await admin.GetAsync(U($"{Routes.Api.Calls}/{callId}"), Ct)))["jury"]!.AsArray();
        int Member(string user) => jury.Single(m => m!["user_name"]!.GetValue<string>() == user)!["id"]!.GetValue<int>();
        // The expert's task list asks for the declaration of interests.
        Assert.Contains(JsonNode.Parse(await expert.GetStringAsync(U(Routes.Api.Procedures + "/tasks"), Ct))!.AsArray(), t => t!["item_id"]?.GetValue<string>() == "declaration");

        // 3. The coordinating site's head opens the network's application: one per network.
        await AssertStatusAsync(HttpStatusCode.Forbidden, await filiere.PostAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/labelling-applications"), new { network_id = sc.Network }, Ct));
        using var opened = await head.PostAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/labelling-applications"), new { network_id = sc.Network }, Ct);
        await AssertStatusAsync(HttpStatusCode.Created, opened);
        var dossier = await JsonAsync(opened);
        var id = dossier["id"]!.GetValue<string>();
        Assert.StartsWith("LAB-", id, StringComparison.Ordinal);
        await AssertStatusAsync(HttpStatusCode.Conflict, await head.PostAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/labelling-applications"), new { network_id = sc.Network }, Ct));
        var sites = dossier["sites"]!.AsArray().Select(x => x!["centre_id"]!.GetValue<string>()).ToList();
        Assert.True(sc.ReferenceSites.Concat(sc.Competence).All(sites.Contains));
        Assert.Equal("coordinating", dossier["sites"]!.AsArray()[0]!["role"]!.GetValue<string>());
        var items = dossier["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["network_map", $"filiere_opinion:{sc.Filiere}", .. sc.Associations.Select(a => $"association_support:{a}")], items);
        var sectionKeys = dossier["sections"]!.AsArray().Select(x => x!["key"]!.GetValue<string>()).ToList();
        Assert.Contains("succession_plan", sectionKeys);
        Assert.Contains("action_plan_research", sectionKeys);
        Assert.All(sites, site => Assert.Contains($"site:{site}", sectionKeys));

        // Two competence centres apply as constitutive sites (one will be retained, the other refused).
        foreach (var c in sc.Competence)
            await AssertStatusAsync(HttpStatusCode.OK, await head.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/sites/{c}"), new { role = "constitutive" }, Ct));

        // 4. The content: sections, the map, the filière's opinion (reasons required even when favourable), one letter co-signed by two associations.
        foreach (var key in sectionKeys)
            await AssertStatusAsync(HttpStatusCode.OK, await head.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/sections/{Uri.EscapeDataString(key)}"), new { text = $"Contenu : {key}." }, Ct));
        await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(head, id, "network_map", "Cartographie"));
        var unmotivated = await AssertStatusAsync(HttpStatusCode.UnprocessableEntity,
            await filiere.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/opinions/{Uri.EscapeDataString($"filiere_opinion:{sc.Filiere}")}"), new { value = "favourable" }, Ct));
        Assert.Contains("motivé", unmotivated, StringComparison.Ordinal);
        await AssertStatusAsync(HttpStatusCode.OK, await filiere.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/opinions/{Uri.EscapeDataString($"filiere_opinion:{sc.Filiere}")}"),
            new { value = "favourable", reasons = "Réseau structurant pour la filière ; maillage complété par deux nouveaux sites." }, Ct));
        var (first, second) = (sc.Associations[0], sc.Associations[1]);
        using (var association = await app.ApiClientAsync(UserRole.Association, first))
        {
            await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await UploadAsync(association, id, $"association_support:{first}", "Lettre", "ASSO-INCONNUE"));
            var cosigned = await JsonAsync(await UploadAsync(association, id, $"association_support:{first}", "Lettre cosignée", second));
            Assert.True(cosigned["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == $"association_support:{second}")!["provided"]!.GetValue<bool>());
        }
        foreach (var a in sc.Associations.Skip(2))
        {
            using var association = await app.ApiClientAsync(UserRole.Association, a);
            await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(association, id, $"association_support:{a}", "Lettre"));
        }

        // 5. Checks before submission: a second coordinating site breaks the structure and blocks the submission.
        await AssertStatusAsync(HttpStatusCode.OK, await head.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/sites/{sc.ReferenceSites[1]}"), new { role = "coordinating" }, Ct));
        var broken = await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await MoveAsync(head, id, "submit"));
        Assert.Contains("LAB-ONE-COORDINATING", broken, StringComparison.Ordinal);
        await AssertStatusAsync(HttpStatusCode.OK, await head.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/sites/{sc.ReferenceSites[1]}"), new { role = "constitutive" }, Ct));
        var checks = JsonNode.Parse(await AssertStatusAsync(HttpStatusCode.OK, await head.GetAsync(U($"{Routes.Api.Dossiers}/{id}/checks"), Ct)))!;
        Assert.All(checks["structure"]!.AsArray(), c => Assert.True(c!["passed"]!.GetValue<bool>(), c.ToJsonString()));
        Assert.Equal(["LAB-NO-INTER-FSMR", "LAB-ONE-COORDINATING", "LAB-ONE-CRMR-PER-ESTABLISHMENT", "LAB-ONE-HEAD", "LAB-RARE-DISEASES-ONLY"],
            checks["structure"]!.AsArray().Select(c => c!["rule"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(sites.Count, checks["compliance_preview"]!.AsArray().Count);

        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(head, id, "submit"));
        await AssertStatusAsync(HttpStatusCode.Conflict, await head.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/sites/{sc.Competence[0]}"), new { role = "competence" }, Ct));

        // 6. The jury: refer, assign (conflicts and missing declarations refused), review, close.
        var early = await AssertStatusAsync(HttpStatusCode.Conflict, await MoveAsync(admin, id, "decide"));
        Assert.Contains("jury", early, StringComparison.Ordinal);
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(admin, id, "refer_to_jury"));
        var undeclared = await AssertStatusAsync(HttpStatusCode.Conflict, await admin.PostAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/jury"), new { member_id = Member(expertUser.UserName!) }, Ct));
        Assert.Contains("déclaration d'intérêts", undeclared, StringComparison.Ordinal);
        foreach (var c in new[] { expert, sameFiliere, sameEstablishment })
            await AssertStatusAsync(HttpStatusCode.OK, await c.PutAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/jury/declaration"), new { declaration = "Aucun lien d'intérêts." }, Ct));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await expert.PutAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/jury/declaration"), new { declaration = " " }, Ct));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await head.PutAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/jury/declaration"), new { declaration = "Je ne suis pas membre." }, Ct));
        var conflictFiliere = await AssertStatusAsync(HttpStatusCode.Conflict, await admin.PostAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/jury"), new { member_id = Member(sameFiliereUser.UserName!) }, Ct));
        Assert.Contains(sc.Filiere, conflictFiliere, StringComparison.Ordinal);
        var conflictEstablishment = await AssertStatusAsync(HttpStatusCode.Conflict, await admin.PostAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/jury"), new { member_id = Member(sameEstablishmentUser.UserName!) }, Ct));
        Assert.Contains("Conflit d'intérêts", conflictEstablishment, StringComparison.Ordinal);
        await AssertStatusAsync(HttpStatusCode.OK, await admin.PostAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/jury"), new { member_id = Member(expertUser.UserName!) }, Ct));
        // The assigned expert reads the dossier; the others do not.
        await AssertStatusAsync(HttpStatusCode.OK, await expert.GetAsync(U($"{Routes.Api.Dossiers}/{id}"), Ct));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await sameFiliere.GetAsync(U($"{Routes.Api.Dossiers}/{id}"), Ct));
        Assert.Contains(JsonNode.Parse(await expert.GetStringAsync(U(Routes.Api.Procedures + "/tasks"), Ct))!.AsArray(), t => t!["dossier_id"]!.GetValue<string>() == id);
        var notClosed = await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await MoveAsync(admin, id, "close_jury_review"));
        Assert.Contains("Évaluation attendue", notClosed, StringComparison.Ordinal);
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await expert.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/review"), new { score = 21, recommendation = "favourable" }, Ct));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await expert.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/review"), new { score = 12, recommendation = "reserved" }, Ct));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await sameFiliere.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/review"), new { score = 12, recommendation = "favourable" }, Ct));
        await AssertStatusAsync(HttpStatusCode.OK, await expert.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/review"),
            new { score = 15, recommendation = "reserved", comments = "Activité du second centre candidat insuffisante." }, Ct));
        var reviewed = await JsonAsync(await MoveAsync(admin, id, "close_jury_review"));
        Assert.Equal("awaiting_decision", reviewed["state"]!.GetValue<string>());
        Assert.Equal(15, reviewed["jury"]!.AsArray().Single()!["score"]!.GetValue<int>());

        // 7. The decision, site by site.
        var missing = await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await MoveAsync(admin, id, "decide"));
        Assert.Contains("Décision manquante", missing, StringComparison.Ordinal);
        Task<HttpResponseMessage> Decide(string centre, string decision, string? reservations = null) =>
            admin.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/sites/{centre}/decision"), new { decision, reservations }, Ct);
        await AssertStatusAsync(HttpStatusCode.Forbidden, await head.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/sites/{sc.Coordinating}/decision"), new { decision = "labelled" }, Ct));
        foreach (var site in sites.Where(x => !sc.Competence.Contains(x) && x != sc.ReferenceSites[1]))
            await AssertStatusAsync(HttpStatusCode.OK, await Decide(site, "labelled"));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await Decide(sc.ReferenceSites[1], "labelled_with_reservations"));
        await AssertStatusAsync(HttpStatusCode.OK, await Decide(sc.ReferenceSites[1], "labelled_with_reservations", "File active à confirmer par la BNDMR."));
        await AssertStatusAsync(HttpStatusCode.OK, await Decide(sc.Competence[0], "labelled"));
        var refused = await JsonAsync(await Decide(sc.Competence[1], "not_retained"));
        Assert.True(refused["sites"]!.AsArray().Single(x => x!["centre_id"]!.GetValue<string>() == sc.Competence[1])!["keeps_competence_label"]!.GetValue<bool>());
        var decided = await JsonAsync(await MoveAsync(admin, id, "decide", "Décision du jury du " + Today.AddDays(60).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("decided", decided["state"]!.GetValue<string>());
        // The decision letter lists each site's decision; the ministry's complete export carries the sites and the jury's reviews.
        Assert.True(PdfInspector.Inspect(await admin.GetByteArrayAsync(U($"{Routes.Api.Dossiers}/{id}/decision.pdf"), Ct)).IsPdf);
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await admin.GetByteArrayAsync(U($"{Routes.Api.Dossiers}/{id}/export"), Ct))))
        {
            Assert.Contains("decision.pdf", zip.Entries.Select(e => e.FullName));
            using var manifest = new StreamReader(zip.GetEntry("dossier.json")!.Open());
            var json = JsonNode.Parse(await manifest.ReadToEndAsync(Ct))!;
            Assert.Contains(json["sites"]!.AsArray(), x => x!["centre_id"]!.GetValue<string>() == sc.Competence[1] && x["keeps_competence_label"]!.GetValue<bool>());
            using var juryEntry = new StreamReader(zip.GetEntry("jury.json")!.Open());
            Assert.Contains("Activité du second centre candidat insuffisante.", await juryEntry.ReadToEndAsync(Ct), StringComparison.Ordinal);
        }
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await head.GetByteArrayAsync(U($"{Routes.Api.Dossiers}/{id}/export"), Ct))))
            Assert.Null(zip.GetEntry("jury.json"));

        // 8. Publication: not before the deadline; then the registry's new period, written from the decisions.
        var tooSoon = await AssertStatusAsync(HttpStatusCode.Conflict, await admin.PostAsync(U($"{Routes.Api.Calls}/{callId}/publish"), null, Ct));
        Assert.Contains("ouvert jusqu'au", tooSoon, StringComparison.Ordinal);
        await using (var s = app.Services.CreateAsyncScope())
        {
            // The deadline passes.
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var row = await db.Set<Call>().SingleAsync(c => c.Id == callId, Ct);
            row.Deadline = Today.AddDays(-1);
            await db.SaveChangesAsync(Ct);
        }
        await AssertStatusAsync(HttpStatusCode.Forbidden, await head.PostAsync(U($"{Routes.Api.Calls}/{callId}/publish"), null, Ct));
        var published = await JsonAsync(await admin.PostAsync(U($"{Routes.Api.Calls}/{callId}/publish"), null, Ct));
        Assert.Equal(2029, published["list_year"]!.GetValue<int>());
        Assert.Equal(1, published["successor_centres"]!.GetValue<int>());
        await AssertStatusAsync(HttpStatusCode.Conflict, await admin.PostAsync(U($"{Routes.Api.Calls}/{callId}/publish"), null, Ct));

        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var period = await db.LabellingPeriods.AsNoTracking().SingleAsync(p => p.Id == "2029-2033", Ct);
            Assert.Equal(new DateOnly(2029, 1, 1), period.Start);
            var labels = await db.Labels.AsNoTracking().Where(l => l.PeriodId == "2029-2033").ToListAsync(Ct);
            Assert.Equal(LabelDecision.Labelled, labels.Single(l => l.NetworkId == sc.Network).Decision);
            Assert.Equal(LabelDecision.LabelledWithReservations, labels.Single(l => l.CentreId == sc.ReferenceSites[1]).Decision);
            // The competence centre refused as constitutive keeps its competence label.
            var kept = labels.Single(l => l.CentreId == sc.Competence[1]);
            Assert.Equal(LabelDecision.Labelled, kept.Decision);
            Assert.Contains("maintenu centre de compétence", kept.Note, StringComparison.Ordinal);
            Assert.Equal(CentreKind.CompetenceCentre, (await db.Centres.AsNoTracking().SingleAsync(c => c.Id == sc.Competence[1], Ct)).Kind);
            // The one retained as constitutive continues as a new site of the network; the competence centre closes the day before.
            var promoted = await db.Centres.AsNoTracking().SingleAsync(c => c.PredecessorId == sc.Competence[0], Ct);
            Assert.Equal((CentreKind.ReferenceSite, SiteRole.Constitutive, sc.Network), (promoted.Kind, promoted.Role!.Value, promoted.NetworkId!));
            Assert.Equal(new DateOnly(2028, 12, 31), (await db.Centres.AsNoTracking().SingleAsync(c => c.Id == sc.Competence[0], Ct)).ClosedOn);
            Assert.Equal(LabelDecision.Labelled, labels.Single(l => l.CentreId == promoted.Id).Decision);
            Assert.True(await db.Mandates.AnyAsync(m => m.CentreId == promoted.Id && m.Role == MandateRole.CentreHead && m.From == period.Start && m.To == period.End, Ct));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "centre" && a.EntityId == promoted.Id, Ct));
        }

        // The official list (the arrêté annex) of 2029, from the API as CSV, with the new site and the kept competence centre.
        var csv = await admin.GetStringAsync(U(Routes.Api.Labelling + "/lists/2029?format=csv"), Ct);
        Assert.Contains(";ccmr;" + sc.Competence[1] + ";", csv, StringComparison.Ordinal);
        Assert.Contains(";site_constitutif;SITE-", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(";" + sc.Competence[0] + ";", csv, StringComparison.Ordinal);
        var pdf = await admin.GetByteArrayAsync(U(Routes.Api.Labelling + "/lists/2029?format=pdf"), Ct);
        Assert.True(PdfInspector.Inspect(pdf).IsPdf);

        // Notifications: the decision to the sites' heads, the directions, the agency and the filière; the results to the applicants.
        await app.DrainOutboxAsync(); // the outbox sends what the request queued
        var mails = smtp.Messages.ToList();
        var decisionMails = mails.Where(m => m.Subject.Contains("Décision de labellisation", StringComparison.Ordinal)).SelectMany(m => m.To).ToHashSet(StringComparer.Ordinal);
        foreach (var to in new[] { "coordonnateur@example.org", "filiere@example.org", "direction@example.org", "ars@example.org" })
            Assert.Contains(to, decisionMails);
        Assert.Contains(mails, m => m.Subject.Contains("Résultats de la labellisation 2029-2033", StringComparison.Ordinal) && m.To.Contains("coordonnateur@example.org"));
        Assert.Contains(mails, m => m.Subject.Contains("Dossier déposé", StringComparison.Ordinal) && m.To.Contains("dgos@example.org"));
        var inbox = JsonNode.Parse(await ars.GetStringAsync(U(Routes.Api.Notifications), Ct))!.AsArray();
        Assert.Contains(inbox, n => n!["dossier_id"]!.GetValue<string>() == id && n["reason"]!.GetValue<string>() == "regional_agency");
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_closed_call_takes_no_application_and_a_late_one_is_refused_with_its_date(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var sc = await PickAsync(app);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        var created = await JsonAsync(await admin.PostAsJsonAsync(U(Routes.Api.Calls), new
        {
            kind = "labelling_campaign", title = "Campagne", opens_on = Today, deadline = Today, referential_campaign = "2023-2028",
            period_id = "2029-2033", period_start = "2029-01-01", period_end = "2033-12-31",
        }, Ct));
        var callId = created["id"]!.GetValue<string>();
        var dossier = await JsonAsync(await admin.PostAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/labelling-applications"), new { network_id = sc.Network }, Ct));
        var id = dossier["id"]!.GetValue<string>();
        Assert.Equal(Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), dossier["deadline"]!.GetValue<string>());
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            (await db.Set<Call>().SingleAsync(c => c.Id == callId, Ct)).Deadline = Today.AddDays(-1);
            (await db.Set<Dossier>().SingleAsync(d => d.Id == id, Ct)).Deadline = Today.AddDays(-1);
            await db.SaveChangesAsync(Ct);
        }
        var late = await AssertStatusAsync(HttpStatusCode.Conflict, await MoveAsync(admin, id, "submit"));
        Assert.Contains(Maillage.Domain.French.Date(Today.AddDays(-1)), late, StringComparison.Ordinal);
        var closed = await AssertStatusAsync(HttpStatusCode.Conflict, await admin.PostAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/labelling-applications"), new { network_id = sc.Network }, Ct));
        Assert.Contains("n'est pas ouvert", closed, StringComparison.Ordinal);
        // Nothing decided: nothing to publish.
        await AssertStatusAsync(HttpStatusCode.Conflict, await admin.PostAsync(U($"{Routes.Api.Calls}/{callId}/publish"), null, Ct));
    }

    /// <summary>
    /// « Le dossier du CRMR comprend également des lettres de soutien des associations lorsqu'elles existent » (Alliance
    /// maladies rares, fiche pratique « Participation des associations à la re-labellisation des centres de référence et de
    /// compétence », mai 2022, « Processus de re-labellisation »): a missing support letter is expected, not a blocking gap;
    /// an association whose convention has ended is no longer a party. Boundaries: a convention ending yesterday (ended),
    /// today (in force on its last day), tomorrow (in force).
    /// </summary>
    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Support_letters_are_expected_not_blocking_and_an_ended_convention_leaves_the_dossier(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var sc = await PickAsync(app);
        var (admin, _) = await UserAsync(app, UserRole.NationalAdmin, null);
        var (head, headUser) = await UserAsync(app, UserRole.CentreHead, sc.Coordinating);
        var (filiere, _) = await UserAsync(app, UserRole.FiliereCoordinator, sc.Filiere);
        var call = new
        {
            kind = "labelling_campaign", title = "Labellisation 2029-2033", opens_on = Today, deadline = Today.AddDays(30),
            jury_session_on = Today.AddDays(60), referential_campaign = "2023-2028", period_id = "2029-2033", period_start = "2029-01-01", period_end = "2033-12-31",
        };
        var callId = (await JsonAsync(await admin.PostAsJsonAsync(U(Routes.Api.Calls), call, Ct)))["id"]!.GetValue<string>();
        using var opened = await head.PostAsJsonAsync(U($"{Routes.Api.Calls}/{callId}/labelling-applications"), new { network_id = sc.Network }, Ct);
        await AssertStatusAsync(HttpStatusCode.Created, opened);
        var id = (await JsonAsync(opened))["id"]!.GetValue<string>();

        // Every convention of the first association ended yesterday, of the second ends today; others (if any) end tomorrow.
        var (ended, lastDay) = (sc.Associations[0], sc.Associations[1]);
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            foreach (var c in await db.AssociationConventions.Where(c => sc.Associations.Contains(c.AssociationId)).ToListAsync(Ct))
                c.EndsOn = c.AssociationId == ended ? Today.AddDays(-1) : c.AssociationId == lastDay ? Today : Today.AddDays(1);
            await db.SaveChangesAsync(Ct);
        }
        var dossier = await JsonAsync(await head.GetAsync(U($"{Routes.Api.Dossiers}/{id}"), Ct));
        var letters = dossier["items"]!.AsArray().Where(i => i!["id"]!.GetValue<string>().StartsWith("association_support:", StringComparison.Ordinal)).ToList();
        Assert.Equal(sc.Associations.Skip(1).Select(a => $"association_support:{a}"), letters.Select(i => i!["id"]!.GetValue<string>()));
        Assert.All(letters, i => Assert.False(i!["required"]!.GetValue<bool>()));
        Assert.All(letters, i => Assert.False(i!["provided"]!.GetValue<bool>()));
        Assert.DoesNotContain(dossier["gaps"]!.AsArray(), g => g!["item"]!.GetValue<string>().StartsWith("association_support:", StringComparison.Ordinal));
        // The page shows the letters as expected, not blocking.
        using (var page = await app.SignInAsync(headUser.UserName!, TestUsers.Password))
        {
            var html = await page.GetPageAsync($"{Routes.Pages.Procedures}/{id}");
            Assert.Contains($"piece-association_support-{lastDay}", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"piece-association_support-{ended}", html, StringComparison.Ordinal);
            Assert.Contains("Attendu, non bloquant", html, StringComparison.Ordinal);
        }

        // With every section, the map and the filière's opinion, but no support letter at all, the dossier is submitted.
        foreach (var key in dossier["sections"]!.AsArray().Select(x => x!["key"]!.GetValue<string>()))
            await AssertStatusAsync(HttpStatusCode.OK, await head.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/sections/{Uri.EscapeDataString(key)}"), new { text = $"Contenu : {key}." }, Ct));
        await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(head, id, "network_map", "Cartographie"));
        await AssertStatusAsync(HttpStatusCode.OK, await filiere.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/opinions/{Uri.EscapeDataString($"filiere_opinion:{sc.Filiere}")}"),
            new { value = "favourable", reasons = "Réseau structurant pour la filière." }, Ct));
        Assert.Empty((await JsonAsync(await head.GetAsync(U($"{Routes.Api.Dossiers}/{id}"), Ct)))["gaps"]!.AsArray());
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(head, id, "submit"));
    }
}
