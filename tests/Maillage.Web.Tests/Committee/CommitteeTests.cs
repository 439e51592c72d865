using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Pdf;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Procedures;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Committee;

/// <summary>
/// The follow-up committee of the labelling (note d'information n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §5) on
/// both databases: its members read the dossiers referred to it and nothing else, enter its opinion (which moves the
/// procedure), the two-meetings warning at its boundary, minutes as bounded PDFs, stale writes refused, the pages.
/// </summary>
public sealed class CommitteeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Year => DateTime.Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static Uri U(string url) => new(url, UriKind.Relative);

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r, HttpStatusCode expected, string what)
    {
        var body = await r.Content.ReadAsStringAsync(Ct);
        Assert.True(r.StatusCode == expected, $"{what}: {(int)r.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>A dossier nobody referred to the committee (a draft succession of the demo head's centre).</summary>
    private static async Task<string> DraftDossierAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var centreId = (await DemoAccounts.PlanAsync(db, Ct)).Single(a => a.UserName == "responsable").ScopeId!;
        var c = await db.Centres.AsNoTracking().SingleAsync(x => x.Id == centreId, Ct);
        var d = new Dossier
        {
            Id = "SUC-2099-0042", Kind = ProcedureKind.CentreHeadSuccession, State = DossierState.Draft, Title = "Brouillon non soumis au comité",
            SeatFiness = c.EstablishmentFiness, CentreId = c.Id, CreatedBy = "test", CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Set<Dossier>().Add(d);
        await db.SaveChangesAsync(Ct);
        return d.Id;
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_member_reads_only_referred_dossiers_and_the_opinion_moves_the_procedure(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var referred = $"SUC-{Year}-0001";
        var draft = await DraftDossierAsync(app);
        using var member = await app.ApiClientAsync(UserRole.FollowUpCommittee, null);
        using var association = await app.ApiClientAsync(UserRole.Association, "ASSO-0001");
        using var head = await app.ApiClientAsync(UserRole.CentreHead, "SITE-0001");
        using var anonymous = app.CreateClient();

        // The committee's page: members and the secretariat only.
        var overview = await JsonAsync(await member.GetAsync(U(Routes.Api.Committee), Ct), HttpStatusCode.OK, "GET committee");
        Assert.Contains(overview["referred"]!.AsArray(), d => d!["id"]!.GetValue<string>() == referred && d["awaiting_opinion"]!.GetValue<bool>());
        Assert.DoesNotContain(overview["referred"]!.AsArray(), d => d!["id"]!.GetValue<string>() == draft);
        Assert.Equal(HttpStatusCode.Forbidden, (await association.GetAsync(U(Routes.Api.Committee), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await head.GetAsync(U(Routes.Api.Committee + "/opinions"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(U(Routes.Api.Committee), Ct)).StatusCode);

        // A referred dossier is readable by a member; a dossier not referred is not, nor may he give an opinion on it.
        await JsonAsync(await member.GetAsync(U($"{Routes.Api.Procedures}/dossiers/{referred}"), Ct), HttpStatusCode.OK, "GET referred dossier");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(U($"{Routes.Api.Procedures}/dossiers/{draft}"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync(U(Routes.Api.Committee + "/opinions"),
            new { dossier_id = draft, value = "favourable" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await association.PostAsJsonAsync(U(Routes.Api.Committee + "/opinions"),
            new { dossier_id = referred, value = "favourable" }, Ct)).StatusCode);
        // And the registry's personal data stay closed to the role (DataAccess): the dossier shows no RPPS.
        var dossier = await JsonAsync(await member.GetAsync(U($"{Routes.Api.Procedures}/dossiers/{referred}"), Ct), HttpStatusCode.OK, "GET dossier");
        var version = dossier["version"]?.GetValue<int>() ?? 1;

        // An unfavourable opinion must state its reasons; a stale dossier version is refused; nothing is written.
        var invalid = await JsonAsync(await member.PostAsJsonAsync(U(Routes.Api.Committee + "/opinions"), new { dossier_id = referred, value = "unfavourable" }, Ct),
            HttpStatusCode.UnprocessableEntity, "unfavourable without reasons");
        Assert.NotNull(invalid["errors"]);
        var stale = await JsonAsync(await member.PostAsJsonAsync(U(Routes.Api.Committee + "/opinions"),
            new { dossier_id = referred, value = "favourable", dossier_version = version + 7 }, Ct), HttpStatusCode.PreconditionFailed, "stale dossier version");
        Assert.Equal(version, stale["current_version"]!.GetValue<int>());

        var created = await JsonAsync(await member.PostAsJsonAsync(U(Routes.Api.Committee + "/opinions"),
            new { dossier_id = referred, value = "favourable", reasons = "Projet solide.", dossier_version = version }, Ct), HttpStatusCode.Created, "opinion");
        Assert.Equal("succession", created["subject"]!.GetValue<string>());
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var d = await db.Set<Dossier>().AsNoTracking().SingleAsync(x => x.Id == referred, Ct);
            Assert.Equal(DossierState.AwaitingDecision, d.State);
            Assert.Equal(OpinionValue.Favourable, d.CommitteeOpinion);
            Assert.Equal(1, await db.CommitteeOpinions.CountAsync(o => o.DossierId == referred, Ct));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "committee_opinion" && a.EntityId == created["id"]!.GetValue<string>(), Ct));
        }
        // The register lists it with the dossier; a second procedure step is refused (the dossier no longer waits).
        var register = await JsonAsync(await member.GetAsync(U($"{Routes.Api.Committee}/opinions?dossier={referred}"), Ct), HttpStatusCode.OK, "register");
        Assert.Single(register.AsArray());
        Assert.Equal(HttpStatusCode.Conflict, (await member.PostAsJsonAsync(U($"{Routes.Api.Procedures}/dossiers/{referred}/transitions"),
            new { action = "committee_opinion", opinion = "favourable" }, Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Fewer_than_two_meetings_are_warned_minutes_are_bounded_and_stale_writes_refused(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var year = DateTime.Today.Year + 2;
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var member = await app.ApiClientAsync(UserRole.FollowUpCommittee, null);
        async Task<string?> WarningAsync() =>
            (await JsonAsync(await member.GetAsync(U($"{Routes.Api.Committee}?year={year}"), Ct), HttpStatusCode.OK, "overview"))["meetings_warning"]?.GetValue<string>();

        Assert.Contains("aucune réunion", await WarningAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync(U(Routes.Api.Committee + "/meetings"),
            new { date = $"{year}-03-01", title = "Printemps" }, Ct)).StatusCode);
        var first = await JsonAsync(await admin.PostAsJsonAsync(U(Routes.Api.Committee + "/meetings"), new { date = $"{year}-03-01", title = "Printemps", agenda = "Point 1" }, Ct),
            HttpStatusCode.Created, "first meeting");
        var id = first["id"]!.GetValue<string>();
        Assert.Contains("une seule réunion", await WarningAsync(), StringComparison.Ordinal); // 1 planned: warned
        var second = await JsonAsync(await admin.PostAsJsonAsync(U(Routes.Api.Committee + "/meetings"), new { date = $"{year}-10-01", title = "Automne" }, Ct),
            HttpStatusCode.Created, "second meeting");
        Assert.Null(await WarningAsync()); // 2 planned: not warned

        // A cancelled meeting does not count; the write needs the version read (412 with the current one otherwise).
        var v2 = second["version"]!.GetValue<int>();
        using (var put = new HttpRequestMessage(HttpMethod.Put, U($"{Routes.Api.Committee}/meetings/{second["id"]}")) { Content = JsonContent.Create(new { date = $"{year}-10-01", title = "Automne", status = "cancelled" }) })
        {
            put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v2}\""));
            await JsonAsync(await admin.SendAsync(put, Ct), HttpStatusCode.OK, "cancel");
        }
        Assert.Contains("une seule réunion", await WarningAsync(), StringComparison.Ordinal);
        using (var stalePut = new HttpRequestMessage(HttpMethod.Put, U($"{Routes.Api.Committee}/meetings/{second["id"]}")) { Content = JsonContent.Create(new { date = $"{year}-10-02", title = "Automne bis" }) })
        {
            stalePut.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v2}\""));
            var problem = await JsonAsync(await admin.SendAsync(stalePut, Ct), HttpStatusCode.PreconditionFailed, "stale meeting");
            Assert.Equal(v2 + 1, problem["current_version"]!.GetValue<int>());
        }

        // Minutes: a readable PDF, counted by the PDF parser; anything else refused in French.
        var pdf = new PdfDocumentBuilder("Compte rendu").Title("Compte rendu").Paragraph("Test.").ToBytes();
        using (var body = new ByteArrayContent(pdf))
        {
            body.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            var m = await JsonAsync(await admin.PutAsync(U($"{Routes.Api.Committee}/meetings/{id}/minutes?file_name=cr.pdf"), body, Ct), HttpStatusCode.OK, "minutes");
            Assert.Equal(1, m["minutes"]!["page_count"]!.GetValue<int>());
        }
        using (var notPdf = new ByteArrayContent("pas un PDF"u8.ToArray()))
        {
            var bad = await JsonAsync(await admin.PutAsync(U($"{Routes.Api.Committee}/meetings/{id}/minutes?file_name=cr.txt"), notPdf, Ct), HttpStatusCode.UnprocessableEntity, "not a PDF");
            Assert.Contains("cr.txt", bad["errors"]!["file"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }
        using var download = await member.GetAsync(U($"{Routes.Api.Committee}/meetings/{id}/minutes"), Ct);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync(Ct));

        // The pages: the warning shows for that year, not for the demo's current year (two meetings); the tools are one click away.
        using var comite = await app.SignInAsync("comite");
        Assert.Contains("avertissement-reunions", await comite.GetPageAsync($"{Routes.Pages.Committee}?annee={year}"), StringComparison.Ordinal);
        var current = await comite.GetPageAsync(Routes.Pages.Committee);
        Assert.DoesNotContain("avertissement-reunions", current, StringComparison.Ordinal);
        Assert.Contains($"RCS-{Year}-01", current, StringComparison.Ordinal);
        var meetingPage = await comite.GetPageAsync($"{Routes.Pages.CommitteeMeetings}/{id}");
        Assert.Contains("/territoire/couverture", meetingPage, StringComparison.Ordinal);
        Assert.Contains("/territoire/redondances", meetingPage, StringComparison.Ordinal);
        using var asso = await app.SignInAsync("association");
        using var refused = await asso.GetAsync(U(Routes.Pages.Committee), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // A stale save from the page keeps the input and says so.
        using var adminPage = await app.SignInAsync("admin");
        var html = await adminPage.GetPageAsync($"{Routes.Pages.CommitteeMeetings}/{id}");
        var form = HtmlForm.All(html).Single(f => f.Has("Edit.Title"));
        using (var put = new HttpRequestMessage(HttpMethod.Put, U($"{Routes.Api.Committee}/meetings/{id}")) { Content = JsonContent.Create(new { date = $"{year}-03-02", title = "Printemps (déplacée)" }) })
            await JsonAsync(await admin.SendAsync(put, Ct), HttpStatusCode.OK, "concurrent change");
        form.Set("Edit.Title", "Mon intitulé");
        using var post = await adminPage.PostAsync(U(form.Action!), form.Content(), Ct);
        var after = await post.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("conflit-version", after, StringComparison.Ordinal);
        Assert.Contains("Mon intitulé", after, StringComparison.Ordinal);
    }
}
