using System.IO.Compression;
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
/// The succession of a centre head through the API, end to end on both databases: the seven items from the parties the
/// annex names, the checks before submission, the committee, the decision written into the registry, the notifications
/// (in the application and by e-mail to a test SMTP listener), the decision letter and the complete export.
/// </summary>
public sealed class SuccessionApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Scenario(string Site, string SiteName, string Seat, string LegalEntity, string Region, string Network, string Coordinating,
        string Filiere, IReadOnlyList<string> Associations, string OutgoingPerson);

    private static async Task<Scenario> PickAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var today = DateOnly.FromDateTime(DateTime.Today);
        // A constitutive site with a sitting head, in a network with a coordinating site.
        var site = await db.Centres.AsNoTracking().Include(c => c.Network).Include(c => c.Establishment!.Departement)
            .Where(c => c.Role == SiteRole.Constitutive && c.ClosedOn == null
                && db.Mandates.Any(m => m.CentreId == c.Id && m.Role == MandateRole.CentreHead && m.From <= today && (m.To == null || m.To >= today)))
            .OrderBy(c => c.Id).FirstAsync(Ct);
        var coordinating = await db.Centres.AsNoTracking().Where(c => c.NetworkId == site.NetworkId && c.Role == SiteRole.Coordinating && c.ClosedOn == null)
            .Select(c => c.Id).SingleAsync(Ct);
        var associations = await db.AssociationConventions.AsNoTracking()
            .Where(c => (c.TargetKind == ConventionTarget.Centre && c.TargetId == site.Id) || (c.TargetKind == ConventionTarget.Network && c.TargetId == site.NetworkId))
            .Select(c => c.AssociationId).Distinct().OrderBy(x => x).ToListAsync(Ct);
        var outgoing = await db.Mandates.AsNoTracking().Where(m => m.CentreId == site.Id && m.Role == MandateRole.CentreHead && (m.To == null || m.To >= today))
            .Select(m => m.PersonId).FirstAsync(Ct);
        return new Scenario(site.Id, site.Name, site.EstablishmentFiness, site.Establishment!.LegalEntityFiness ?? site.EstablishmentFiness,
            site.Establishment.Departement!.RegionCode, site.NetworkId!, coordinating, site.Network!.FiliereAcronym, associations, outgoing);
    }

    internal static async Task<HttpClient> ClientWithEmailAsync(MaillageFactory app, UserRole role, string? scope, string email)
    {
        var client = await app.ApiClientAsync(role, scope);
        await using var s = app.Services.CreateAsyncScope();
        var users = s.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var user = await db.Users.Where(u => u.Role == role && u.ScopeId == scope).OrderByDescending(u => u.UserName).FirstAsync(Ct);
        await users.SetEmailAsync(user, email);
        return client;
    }

    internal static byte[] Pdf(string text) => new PdfDocumentBuilder().Title(text).Paragraph("Pièce de test.").ToBytes();

    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient c, string dossier, string item, string text)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", $"{item.Replace(':', '-')}.pdf");
        return await c.PostAsync(new Uri($"{Routes.Api.Dossiers}/{dossier}/documents/{Uri.EscapeDataString(item)}", UriKind.Relative), form, Ct);
    }

    internal static Task<HttpResponseMessage> OpinionAsync(HttpClient c, string dossier, string item, string value, string? reasons = null, string? alternative = null) =>
        c.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{dossier}/opinions/{Uri.EscapeDataString(item)}", UriKind.Relative),
            new { value, reasons, alternative_candidate = alternative }, Ct);

    internal static Task<HttpResponseMessage> MoveAsync(HttpClient c, string dossier, string action, string? note = null, string? opinion = null) =>
        c.PostAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{dossier}/transitions", UriKind.Relative), new { action, note, opinion }, Ct);

    internal static async Task<JsonNode> JsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync(Ct);
        return JsonNode.Parse(text) ?? throw new InvalidOperationException(text);
    }

    internal static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage r) =>
        Assert.True(expected == r.StatusCode, $"{(int)r.StatusCode} {r.StatusCode}: {await r.Content.ReadAsStringAsync(Ct)}");

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_centre_head_succession_runs_from_the_outgoing_letter_to_the_registry_change(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var app = new MaillageFactory(provider, "demo", new Dictionary<string, string>
        {
            ["Maillage:Mail:Host"] = "127.0.0.1", ["Maillage:Mail:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Maillage:Mail:From"] = "dgos-mmr@example.org",
        });
        var sc = await PickAsync(app);
        using var head = await ClientWithEmailAsync(app, UserRole.CentreHead, sc.Site, "tete@example.org");
        using var direction = await ClientWithEmailAsync(app, UserRole.Establishment, sc.LegalEntity, "direction@example.org");
        using var coordinatingHead = await ClientWithEmailAsync(app, UserRole.CentreHead, sc.Coordinating, "coordonnateur@example.org");
        using var filiere = await ClientWithEmailAsync(app, UserRole.FiliereCoordinator, sc.Filiere, "filiere@example.org");
        using var ars = await ClientWithEmailAsync(app, UserRole.RegionalAgency, sc.Region, "ars@example.org");
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var anonymous = app.CreateClient();
        using var otherRegion = await app.ApiClientAsync(UserRole.RegionalAgency, sc.Region == "94" ? "11" : "94");

        // The head opens the dossier, naming a successor who is not yet in the registry.
        using var opened = await head.PostAsJsonAsync(new Uri(Routes.Api.Dossiers, UriKind.Relative), new
        {
            kind = "centre_head_succession", centre_id = sc.Site,
            successor = new { title = "Pr", first_name = "Camille", last_name = "Successeur", status = "pu_ph", birth_date = "1975-03-02", email = "successeur@example.org" },
        }, Ct);
        await AssertStatusAsync(HttpStatusCode.Created, opened);
        var dossier = await JsonAsync(opened);
        var id = dossier["id"]!.GetValue<string>();
        Assert.Equal("draft", dossier["state"]!.GetValue<string>());
        var items = dossier["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["outgoing_letter", "motivation_letter", "cv", $"director_opinion:{sc.Seat}", $"advisory_opinion:{sc.Coordinating}",
            $"filiere_opinion:{sc.Filiere}", .. sc.Associations.Select(a => $"association_opinion:{a}")], items);
        Assert.True(dossier["eligibility"]!["eligible"]!.GetValue<bool>());

        // Nobody else reads it: anonymous 401, an agency of another region 403; the agency of its region may.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri($"{Routes.Api.Dossiers}/{id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherRegion.GetAsync(new Uri($"{Routes.Api.Dossiers}/{id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ars.GetAsync(new Uri($"{Routes.Api.Dossiers}/{id}", UriKind.Relative), Ct)).StatusCode);

        // Documents: PDF only; the head provides the outgoing letter, motivation letter and CV; the filière may not.
        await AssertStatusAsync(HttpStatusCode.Forbidden, await UploadAsync(filiere, id, "cv", "CV"));
        using (var form = new MultipartFormDataContent { { new ByteArrayContent("pas un PDF"u8.ToArray()), "file", "cv.pdf" } })
        {
            using var notPdf = await head.PostAsync(new Uri($"{Routes.Api.Dossiers}/{id}/documents/cv", UriKind.Relative), form, Ct);
            await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, notPdf);
            Assert.Contains("cv.pdf", await notPdf.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        foreach (var item in new[] { "outgoing_letter", "motivation_letter", "cv" })
            await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(head, id, item, item));

        // Submitting now lists every missing section and opinion, and changes nothing.
        using (var early = await MoveAsync(head, id, "submit"))
        {
            await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, early);
            var text = await early.Content.ReadAsStringAsync(Ct);
            Assert.Contains("mission_research", text, StringComparison.Ordinal);
            Assert.Contains($"director_opinion:{sc.Seat}", text, StringComparison.Ordinal);
        }
        foreach (var key in new[] { "mission_coordination", "mission_care", "mission_expertise", "mission_teaching", "mission_research" })
            await AssertStatusAsync(HttpStatusCode.OK, await head.PutAsJsonAsync(new Uri($"{Routes.Api.Dossiers}/{id}/sections/{key}", UriKind.Relative), new { text = $"Projet : {key}." }, Ct));

        // Opinions, each from its party. An unfavourable opinion without reasons is refused; with reasons and another candidate it stands.
        await AssertStatusAsync(HttpStatusCode.Forbidden, await OpinionAsync(head, id, $"director_opinion:{sc.Seat}", "favourable"));
        await AssertStatusAsync(HttpStatusCode.OK, await OpinionAsync(direction, id, $"director_opinion:{sc.Seat}", "favourable"));
        using (var noReasons = await OpinionAsync(coordinatingHead, id, $"advisory_opinion:{sc.Coordinating}", "unfavourable"))
        {
            await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, noReasons);
            Assert.Contains("motivé", await noReasons.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        await AssertStatusAsync(HttpStatusCode.OK, await OpinionAsync(coordinatingHead, id, $"advisory_opinion:{sc.Coordinating}", "unfavourable",
            "Le projet de recherche est insuffisant.", "Dr Autre Candidat"));
        await AssertStatusAsync(HttpStatusCode.OK, await OpinionAsync(filiere, id, $"filiere_opinion:{sc.Filiere}", "reserved", "Sous réserve d'un plan de formation."));
        foreach (var a in sc.Associations)
        {
            using var association = await app.ApiClientAsync(UserRole.Association, a);
            await AssertStatusAsync(HttpStatusCode.OK, await OpinionAsync(association, id, $"association_opinion:{a}", "favourable"));
        }

        // The tasks of the direction are done; the head's task list says to submit.
        var tasks = JsonNode.Parse(await head.GetStringAsync(new Uri(Routes.Api.Procedures + "/tasks", UriKind.Relative), Ct))!.AsArray();
        Assert.Contains(tasks, t => t!["dossier_id"]!.GetValue<string>() == id && t["item_id"] is null);

        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(head, id, "submit"));
        // After submission, nothing can be added, and the ministry cannot decide before the committee's opinion.
        await AssertStatusAsync(HttpStatusCode.Conflict, await UploadAsync(head, id, "cv", "CV 2"));
        using (var tooEarly = await MoveAsync(admin, id, "approve"))
        {
            await AssertStatusAsync(HttpStatusCode.Conflict, tooEarly);
            Assert.Contains("comité de suivi", await tooEarly.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        await AssertStatusAsync(HttpStatusCode.Forbidden, await MoveAsync(head, id, "refer_to_committee"));
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(admin, id, "refer_to_committee"));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await MoveAsync(admin, id, "committee_opinion", null, "unfavourable"));
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(admin, id, "committee_opinion", "Avis favorable du comité.", "favourable"));
        using var approved = await MoveAsync(admin, id, "approve", "Désignation pour la durée restante de la labellisation.");
        await AssertStatusAsync(HttpStatusCode.OK, approved);
        var decided = await JsonAsync(approved);
        Assert.Equal("approved", decided["state"]!.GetValue<string>());

        // The registry: the outgoing mandate ends the day before; the successor heads the site until the end of the labelling period.
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var today = DateOnly.FromDateTime(DateTime.Today);
            var period = await db.LabellingPeriods.AsNoTracking().SingleAsync(p => p.Scope == PeriodScope.Centres && p.Start <= today && p.End >= today, Ct);
            var mandates = await db.Mandates.AsNoTracking().Where(m => m.CentreId == sc.Site && m.Role == MandateRole.CentreHead).OrderBy(m => m.From).ToListAsync(Ct);
            var current = mandates[^1];
            Assert.Equal(today, current.From);
            Assert.Equal(period.End, current.To);
            var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == current.PersonId, Ct);
            Assert.Equal("Successeur", person.LastName);
            Assert.Equal(today.AddDays(-1), mandates.Single(m => m.PersonId == sc.OutgoingPerson && m.From < today && m.To == today.AddDays(-1)).To);
            Assert.Equal(today, DateOnly.Parse(decided["mandate_from"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(today.Year, decided["list_year"]!.GetValue<int>());
            // Audited under the dossier and the centre.
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "dossier" && a.EntityId == id && a.Action.StartsWith("updated"), Ct));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "centre" && a.EntityId == sc.Site && a.Action == "created:mandate", Ct));
        }

        // Notifications to exactly the annex's recipients, in the application and by e-mail.
        var reasons = await QueryReasonsAsync(app, id);
        Assert.Equal(["coordinating_head", "establishment_directors", "filiere_coordinator", "incoming_holder", "outgoing_holder", "regional_agency"], reasons);
        await app.DrainOutboxAsync(); // the outbox sends what the request queued
        var mails = smtp.Messages.ToList();
        var recipients = mails.SelectMany(m => m.To).ToHashSet(StringComparer.Ordinal);
        foreach (var expected in new[] { "tete@example.org", "direction@example.org", "coordonnateur@example.org", "filiere@example.org", "ars@example.org", "successeur@example.org" })
            Assert.Contains(expected, recipients);
        Assert.All(mails.Where(m => m.Subject.Contains("Décision", StringComparison.Ordinal)), m => Assert.Contains("Successeur", m.Body, StringComparison.Ordinal));
        var inbox = JsonNode.Parse(await ars.GetStringAsync(new Uri(Routes.Api.Notifications, UriKind.Relative), Ct))!.AsArray();
        Assert.Contains(inbox, n => n!["dossier_id"]!.GetValue<string>() == id && n["reason"]!.GetValue<string>() == "regional_agency");

        // The decision letter and the complete export.
        var letter = await admin.GetByteArrayAsync(new Uri($"{Routes.Api.Dossiers}/{id}/decision.pdf", UriKind.Relative), Ct);
        var check = PdfInspector.Inspect(letter);
        Assert.True(check.IsPdf);
        Assert.True(check.PageCount >= 1);
        var letterText = Maillage.Testing.PdfText.All(letter);
        Assert.Contains("Successeur", letterText, StringComparison.Ordinal);
        Assert.Contains($"Dossier {id}", letterText, StringComparison.Ordinal);
        Assert.Contains($"Page 1 sur {check.PageCount}", letterText, StringComparison.Ordinal);
        var zipBytes = await head.GetByteArrayAsync(new Uri($"{Routes.Api.Dossiers}/{id}/export", UriKind.Relative), Ct);
        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("dossier.json", names);
        Assert.Contains("decision.pdf", names);
        Assert.Equal(3, names.Count(n => n.StartsWith("documents/", StringComparison.Ordinal)));
        using var manifest = new StreamReader(zip.GetEntry("dossier.json")!.Open());
        var json = JsonNode.Parse(await manifest.ReadToEndAsync(Ct))!;
        Assert.Contains(json["opinions"]!.AsArray(), o => o!["alternative_candidate"]?.GetValue<string>() == "Dr Autre Candidat");
        Assert.Contains(json["history"]!.AsArray(), h => h!["action"]!.GetValue<string>() == "approve");

        // A decision is final.
        await AssertStatusAsync(HttpStatusCode.Conflict, await MoveAsync(admin, id, "reject", "Trop tard."));
    }

    private static async Task<List<string>> QueryReasonsAsync(MaillageFactory app, string id)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        return await db.Set<Maillage.Core.Features.Procedures.Notification>().AsNoTracking()
            .Where(n => n.DossierId == id && n.Subject.Contains("Décision")).Select(n => n.Reason).Distinct().OrderBy(x => x).ToListAsync(Ct);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_ineligible_successor_cannot_be_submitted_and_a_late_dossier_is_refused_with_its_date(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var sc = await PickAsync(app);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var opened = await admin.PostAsJsonAsync(new Uri(Routes.Api.Dossiers, UriKind.Relative), new
        {
            kind = "centre_head_succession", centre_id = sc.Site, deadline = "2020-01-31",
            successor = new { first_name = "Dominique", last_name = "Contractuel", status = "contractual" },
        }, Ct);
        await AssertStatusAsync(HttpStatusCode.Created, opened);
        var dossier = await JsonAsync(opened);
        Assert.False(dossier["eligibility"]!["eligible"]!.GetValue<bool>());
        var id = dossier["id"]!.GetValue<string>();
        using var late = await MoveAsync(admin, id, "submit");
        await AssertStatusAsync(HttpStatusCode.Conflict, late);
        Assert.Contains("31 janvier 2020", await late.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // A second succession for the same centre while one is open is a conflict.
        using var again = await admin.PostAsJsonAsync(new Uri(Routes.Api.Dossiers, UriKind.Relative), new
        {
            kind = "centre_head_succession", centre_id = sc.Site, successor = new { first_name = "A", last_name = "B", status = "pu_ph" },
        }, Ct);
        await AssertStatusAsync(HttpStatusCode.Conflict, again);
        // Withdrawn, the dossier is final.
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(admin, id, "withdraw"));
        await AssertStatusAsync(HttpStatusCode.Conflict, await MoveAsync(admin, id, "submit"));
    }
}
