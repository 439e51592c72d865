using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Features.Filieres;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Maillage.Web.Tests.Procedures.SuccessionApiTests;

namespace Maillage.Web.Tests.Filieres;

/// <summary>
/// A filière's governance committee (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §2 « Gouvernance ») through the
/// API, the pages and the CLI, on both databases: kept by the filière's coordinator (another filière's is refused), public
/// composition without e-mails, minutes for the managers only, versions, bounds; the yearly list of FSMR coordinators.
/// </summary>
public sealed class GovernanceTests
{
    private const string Filiere = "CARDIOGEN";
    private const string OtherFiliere = "FIMARAD";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Today);
    private static Uri U(string path) => new(path, UriKind.Relative);
    private static string Gov(string filiere = Filiere) => $"{Routes.Api.Filieres}/{filiere}/governance";

    private static async Task<HttpResponseMessage> SendAsync(HttpClient c, HttpMethod method, string url, object? body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(method, U(url));
        if (body is not null) request.Content = JsonContent.Create(body);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await c.SendAsync(request, Ct);
    }

    private static async Task<HttpResponseMessage> PdfAsync(HttpClient c, string url, byte[] content, string name, string? ifMatch = null, string? adoptedOn = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        if (adoptedOn is not null) form.Add(new StringContent(adoptedOn), "adopted_on");
        using var request = new HttpRequestMessage(HttpMethod.Put, U(url)) { Content = form };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await c.SendAsync(request, Ct);
    }

    private static object Member(string name, string college = "laboratories", string? email = null, string? associationId = null, string? centreId = null) =>
        new { college, name, organisation = "Laboratoire de test", email, association_id = associationId, centre_id = centreId, from = "2026-01-01" };

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_committee_is_kept_by_its_filiere_coordinator_and_read_by_all_without_personal_data(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider, "demo");
        using var anonymous = app.CreateClient();
        using var coordinator = await app.ApiClientAsync(UserRole.FiliereCoordinator, Filiere);
        using var other = await app.ApiClientAsync(UserRole.FiliereCoordinator, OtherFiliere);
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);

        // Public: the composition and the meetings, never an e-mail nor the minutes.
        using var publicRead = await anonymous.GetAsync(U(Gov()), Ct);
        await AssertStatusAsync(HttpStatusCode.OK, publicRead);
        var pub = await JsonAsync(publicRead);
        Assert.False(pub["can_manage"]!.GetValue<bool>());
        var colleges = pub["members"]!.AsArray().Select(m => m!["college"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "centres", "laboratories", "associations", "professional_societies", "permanent_guests" }, colleges);
        Assert.All(pub["members"]!.AsArray(), m => Assert.Null(m!["email"]?.GetValue<string>()));
        Assert.Contains(pub["meetings"]!.AsArray(), m => m!["has_minutes"]!.GetValue<bool>());
        Assert.All(pub["meetings"]!.AsArray(), m => Assert.Null(m!["minutes"]));
        Assert.NotNull(pub["rules"]);
        var etag = publicRead.Headers.ETag!.Tag;

        // The coordinator sees the e-mails and the minutes.
        var own = await JsonAsync(await coordinator.GetAsync(U(Gov()), Ct));
        Assert.True(own["can_manage"]!.GetValue<bool>());
        Assert.Contains(own["members"]!.AsArray(), m => m!["email"]?.GetValue<string>() is not null);
        var minutesId = own["meetings"]!.AsArray().Select(m => m!["minutes"]).First(x => x is not null)!["id"]!.GetValue<int>();
        await AssertStatusAsync(HttpStatusCode.Unauthorized, await anonymous.GetAsync(U($"{Gov()}/documents/{minutesId}"), Ct));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await other.GetAsync(U($"{Gov()}/documents/{minutesId}"), Ct));
        using var minutes = await coordinator.GetAsync(U($"{Gov()}/documents/{minutesId}"), Ct);
        await AssertStatusAsync(HttpStatusCode.OK, minutes);
        Assert.Equal("application/pdf", minutes.Content.Headers.ContentType!.MediaType);
        // The règlement intérieur is public.
        await AssertStatusAsync(HttpStatusCode.OK, await anonymous.GetAsync(U($"{Gov()}/documents/{pub["rules"]!["id"]!.GetValue<int>()}"), Ct));

        // Writes: the coordinator of another filière, and anonymous, are refused; nothing changes.
        await AssertStatusAsync(HttpStatusCode.Forbidden, await SendAsync(other, HttpMethod.Post, $"{Gov()}/members", Member("Intrus"), etag));
        await AssertStatusAsync(HttpStatusCode.Unauthorized, await SendAsync(anonymous, HttpMethod.Post, $"{Gov()}/members", Member("Anonyme"), etag));
        Assert.Equal(etag, (await anonymous.GetAsync(U(Gov()), Ct)).Headers.ETag!.Tag);

        // Bounds: a name of 200 characters is accepted, 201 refused; an unknown college is a 400; an e-mail is checked.
        using var added = await SendAsync(coordinator, HttpMethod.Post, $"{Gov()}/members", Member(new string('N', 200), email: "n@example.org"), etag);
        await AssertStatusAsync(HttpStatusCode.OK, added);
        var after = added.Headers.ETag!.Tag;
        Assert.NotEqual(etag, after);
        var tooLong = await SendAsync(coordinator, HttpMethod.Post, $"{Gov()}/members", Member(new string('N', 201)), after);
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, tooLong);
        Assert.NotNull((await JsonAsync(tooLong))["errors"]!["name"]);
        await AssertStatusAsync(HttpStatusCode.BadRequest, await SendAsync(coordinator, HttpMethod.Post, $"{Gov()}/members", Member("X", college: "ministres"), after));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await SendAsync(coordinator, HttpMethod.Post, $"{Gov()}/members", Member("X", email: "pas-une-adresse"), after));

        // A stale write (the version read before the addition) is refused with 412 and the current version.
        using var stale = await SendAsync(coordinator, HttpMethod.Post, $"{Gov()}/members", Member("Retardataire"), etag);
        await AssertStatusAsync(HttpStatusCode.PreconditionFailed, stale);

        // An association of the registry, in the associations' college only; its page lists the seat.
        string association;
        await using (var s = app.Services.CreateAsyncScope())
            association = await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Associations.AsNoTracking().OrderByDescending(a => a.Id).Select(a => a.Id).FirstAsync(Ct);
        var wrongCollege = await SendAsync(coordinator, HttpMethod.Post, $"{Gov()}/members", Member("Asso", college: "laboratories", associationId: association), after);
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, wrongCollege);
        Assert.NotNull((await JsonAsync(wrongCollege))["errors"]!["association_id"]);
        using var seat = await SendAsync(coordinator, HttpMethod.Post, $"{Gov()}/members", Member("Représentante de test", college: "associations", associationId: association), after);
        await AssertStatusAsync(HttpStatusCode.OK, seat);
        var seats = await JsonAsync(await anonymous.GetAsync(U($"{Routes.Api.Associations}/{association}/governance-seats"), Ct));
        Assert.Contains(seats.AsArray(), x => x!["filiere"]!.GetValue<string>() == Filiere && x["name"]!.GetValue<string>() == "Représentante de test");
        var associationPage = await app.PageClient().GetPageAsync($"/associations/{association}");
        Assert.Contains("Représentante de test", associationPage, StringComparison.Ordinal);

        // Meetings: today is accepted, an agenda of 4 001 characters is not; minutes for a meeting held today, not tomorrow.
        var version = seat.Headers.ETag!.Tag;
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity,
            await SendAsync(coordinator, HttpMethod.Post, $"{Gov()}/meetings", new { date = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), agenda = new string('a', 4001) }, version));
        using var todayMeeting = await SendAsync(coordinator, HttpMethod.Post, $"{Gov()}/meetings", new { date = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), agenda = new string('a', 4000) }, version);
        await AssertStatusAsync(HttpStatusCode.OK, todayMeeting);
        using var tomorrowMeeting = await SendAsync(coordinator, HttpMethod.Post, $"{Gov()}/meetings", new { date = Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), agenda = "Demain" }, null);
        await AssertStatusAsync(HttpStatusCode.OK, tomorrowMeeting);
        var meetings = (await JsonAsync(tomorrowMeeting))["meetings"]!.AsArray();
        var todayId = meetings.First(m => m!["agenda"]!.GetValue<string>().Length == 4000)!["id"]!.GetValue<int>();
        var tomorrowId = meetings.First(m => m!["agenda"]!.GetValue<string>() == "Demain")!["id"]!.GetValue<int>();
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await PdfAsync(coordinator, $"{Gov()}/meetings/{tomorrowId}/minutes", Pdf("CR"), "cr.pdf"));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await PdfAsync(coordinator, $"{Gov()}/meetings/{todayId}/minutes", "pas un PDF"u8.ToArray(), "cr.pdf"));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await PdfAsync(other, $"{Gov()}/meetings/{todayId}/minutes", Pdf("CR"), "cr.pdf"));
        await AssertStatusAsync(HttpStatusCode.OK, await PdfAsync(coordinator, $"{Gov()}/meetings/{todayId}/minutes", Pdf("Compte rendu"), "cr.pdf"));
        await AssertStatusAsync(HttpStatusCode.NotFound, await PdfAsync(coordinator, $"{Gov()}/meetings/999999/minutes", Pdf("CR"), "cr.pdf"));

        // The règlement intérieur, replaced by the ministry; an adoption date in the future is refused.
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await PdfAsync(admin, $"{Gov()}/rules", Pdf("RI"), "ri.pdf", adoptedOn: Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        using var rules = await PdfAsync(admin, $"{Gov()}/rules", Pdf("Règlement intérieur v2"), "ri-v2.pdf", adoptedOn: Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await AssertStatusAsync(HttpStatusCode.OK, rules);
        Assert.Equal("ri-v2.pdf", (await JsonAsync(rules))["rules"]!["file_name"]!.GetValue<string>());

        // The meeting whose opinion the demo succession cites cannot be removed; the audit trail files the changes under the committee.
        int cited;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            cited = await db.Set<Core.Features.Procedures.DossierOpinion>().AsNoTracking().Where(o => o.GovernanceMeetingId != null).Select(o => o.GovernanceMeetingId!.Value).FirstAsync(Ct);
            var audited = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == "governance" && a.EntityId == Filiere && a.Action == "created:member").Select(a => a.After).ToListAsync(Ct);
            Assert.Contains(audited, a => a != null && a.Contains("Représentante de test", StringComparison.Ordinal));
        }
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await SendAsync(admin, HttpMethod.Delete, $"{Gov()}/meetings/{cited}", null, null));
        await AssertStatusAsync(HttpStatusCode.OK, await SendAsync(coordinator, HttpMethod.Delete, $"{Gov()}/meetings/{tomorrowId}", null, null));
        await AssertStatusAsync(HttpStatusCode.NotFound, await anonymous.GetAsync(U(Gov("INCONNUE")), Ct));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_committee_page_shows_the_composition_and_lets_the_coordinator_add_a_meeting(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider, "demo");
        var url = $"/filieres/{Filiere}/gouvernance";
        var publicHtml = await app.PageClient().GetPageAsync(url);
        Assert.Contains("Comité de gouvernance de la filière CARDIOGEN", publicHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("labo.genetique@example.org", publicHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Meeting", publicHtml, StringComparison.Ordinal);

        using var coordinator = await app.SignInAsync("filiere-cardiogen");
        var html = await coordinator.GetPageAsync(url);
        Assert.Contains("labo.genetique@example.org", html, StringComparison.Ordinal);
        var form = HtmlForm.All(html).Single(f => f.Action?.Contains("handler=Meeting", StringComparison.Ordinal) == true);
        form.Set("Meeting.Date", Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Set("Meeting.Agenda", "Ordre du jour saisi sur la page");
        using var posted = await coordinator.PostAsync(U(form.Action!), form.Content(), Ct);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("Ordre du jour saisi sur la page", await coordinator.GetPageAsync(url), StringComparison.Ordinal);
        // The same form again, from the version read before the first save: refused as stale, the input kept.
        using var again = await coordinator.PostAsync(U(form.Action!), form.Content(), Ct);
        var conflict = await again.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("data-conflict=\"version\"", conflict, StringComparison.Ordinal);

        // Another filière's coordinator cannot post to this committee (403 before anything is read or saved).
        var intruder = await app.CreateUserAsync(UserRole.FiliereCoordinator, OtherFiliere);
        using var otherCoordinator = await app.SignInAsync(intruder.UserName!, TestUsers.Password);
        var token = HtmlForm.AntiforgeryToken(await otherCoordinator.GetPageAsync(url));
        form.Set(HtmlForm.AntiforgeryField, token).Set("Meeting.Agenda", "Intrusion");
        using var refused = await otherCoordinator.PostAsync(U(form.Action!), form.Content(), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("Intrusion", await coordinator.GetPageAsync(url), StringComparison.Ordinal);

        // The yearly list of coordinators is a public page.
        Assert.Contains("Liste annuelle des coordonnateurs de filière 2025", await app.PageClient().GetPageAsync("/filieres/coordonnateurs?annee=2025"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_yearly_list_of_coordinators_is_exported_as_csv_and_pdf_from_the_api_and_the_cli(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider, "demo");
        using var anonymous = app.CreateClient();
        var api = $"{Routes.Api.Filieres}/coordinator-lists";
        using var json = await anonymous.GetAsync(U($"{api}/2025"), Ct);
        await AssertStatusAsync(HttpStatusCode.OK, json);
        var list = await JsonAsync(json);
        var rows = list["rows"]!.AsArray();
        Assert.NotEmpty(rows);
        Assert.Contains(rows, r => r!["filiere"]!.GetValue<string>() == Filiere && r["coordinator"]?.GetValue<string>() is not null);
        var csv = await (await anonymous.GetAsync(U($"{api}/2025?format=csv"), Ct)).Content.ReadAsStringAsync(Ct);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CoordinatorLists.CsvHeader, lines[0]);
        Assert.Equal(rows.Count, lines.Length - 1);
        var changes = await (await anonymous.GetAsync(U($"{api}/2025?format=changes.csv"), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.StartsWith(CoordinatorLists.ChangesCsvHeader, changes, StringComparison.Ordinal);
        Assert.Equal(list["changes"]!.AsArray().Count, changes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        var pdf = await (await anonymous.GetAsync(U($"{api}/2025?format=pdf"), Ct)).Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        await AssertStatusAsync(HttpStatusCode.BadRequest, await anonymous.GetAsync(U($"{api}/1999"), Ct));
        await AssertStatusAsync(HttpStatusCode.BadRequest, await anonymous.GetAsync(U($"{api}/2025?format=xml"), Ct));

        var (code, output, errors) = await CliRunner.RunAsync(app, "filieres", "coordinators", "--year", "2025");
        Assert.True(code == 0, errors);
        Assert.Equal(csv, output);
        (code, _, errors) = await CliRunner.RunAsync(app, "filieres", "coordinators", "--year", "1999");
        Assert.Equal(2, code);
        Assert.Contains("--year", errors, StringComparison.Ordinal);
    }
}
