using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Maillage.Web.Tests.Procedures.SuccessionApiTests;

namespace Maillage.Web.Tests.Procedures;

/// <summary>
/// The succession of a filière coordinator and the change of seat establishment through the API, end to end on both
/// databases: the items from the parties the annex names, the committee (succession only), the decision written into
/// the registry, and the notifications received by a test SMTP listener.
/// </summary>
public sealed class CoordinatorAndSeatApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Today);
    private static Uri U(string path) => new(path, UriKind.Relative);

    private static MaillageFactory App(DatabaseProvider provider, SmtpTestServer smtp) => new(provider, "demo", new Dictionary<string, string>
    {
        ["Maillage:Mail:Host"] = "127.0.0.1", ["Maillage:Mail:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Maillage:Mail:From"] = "dgos-mmr@example.org",
    });

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_filiere_coordinator_succession_runs_from_the_outgoing_letter_to_the_new_mandate(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var app = App(provider, smtp);
        string filiere, host, hostEj, region, outgoing, successor;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var today = Today;
            var f = await db.Filieres.AsNoTracking().Where(x => x.HostFiness != null
                    && db.Mandates.Any(m => m.Role == MandateRole.FiliereCoordinator && m.FiliereAcronym == x.Acronym && m.From <= today && (m.To == null || m.To >= today)))
                .OrderBy(x => x.Acronym).FirstAsync(Ct);
            filiere = f.Acronym;
            host = f.HostFiness!;
            var establishment = await db.Establishments.AsNoTracking().Include(e => e.Departement).SingleAsync(e => e.Finess == host, Ct);
            hostEj = establishment.LegalEntityFiness ?? host;
            region = establishment.Departement!.RegionCode;
            outgoing = await db.Mandates.AsNoTracking().Where(m => m.Role == MandateRole.FiliereCoordinator && m.FiliereAcronym == filiere && m.From <= today && (m.To == null || m.To >= today))
                .Select(m => m.PersonId).FirstAsync(Ct);
            // The successor: a PU-PH who heads a reference site (eligible), with an e-mail address.
            var person = await db.People.Where(p => p.Status == HeadStatus.PuPh && p.Id != outgoing
                    && db.Mandates.Any(m => m.PersonId == p.Id && m.Role == MandateRole.CentreHead && m.From <= today
                        && db.Centres.Any(c => c.Id == m.CentreId && c.Kind == CentreKind.ReferenceSite)))
                .OrderBy(p => p.Id).FirstAsync(Ct);
            person.Email = "nouveau-coordonnateur@example.org";
            await db.SaveChangesAsync(Ct);
            successor = person.Id;
        }
        using var coordinator = await ClientWithEmailAsync(app, UserRole.FiliereCoordinator, filiere, "coordination@example.org");
        using var direction = await ClientWithEmailAsync(app, UserRole.Establishment, hostEj, "direction@example.org");
        using var ars = await ClientWithEmailAsync(app, UserRole.RegionalAgency, region, "ars@example.org");
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        using var otherFiliere = await app.ApiClientAsync(UserRole.FiliereCoordinator, filiere == "ORKID" ? "OSCAR" : "ORKID");

        await AssertStatusAsync(HttpStatusCode.Forbidden, await otherFiliere.PostAsJsonAsync(U(Routes.Api.Dossiers),
            new { kind = "filiere_coordinator_succession", filiere, successor = new { person_id = successor } }, Ct));
        using var opened = await coordinator.PostAsJsonAsync(U(Routes.Api.Dossiers),
            new { kind = "filiere_coordinator_succession", filiere, successor = new { person_id = successor } }, Ct);
        await AssertStatusAsync(HttpStatusCode.Created, opened);
        var dossier = await JsonAsync(opened);
        var id = dossier["id"]!.GetValue<string>();
        Assert.StartsWith("SUF-", id, StringComparison.Ordinal);
        Assert.True(dossier["eligibility"]!["eligible"]!.GetValue<bool>());
        Assert.Equal(["outgoing_letter", "motivation_letter", "cv", $"director_opinion:{host}", $"governance_opinion:{filiere}"],
            dossier["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));

        foreach (var item in new[] { "outgoing_letter", "motivation_letter", "cv" })
            await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(coordinator, id, item, item));
        foreach (var key in dossier["sections"]!.AsArray().Select(x => x!["key"]!.GetValue<string>()))
            await AssertStatusAsync(HttpStatusCode.OK, await coordinator.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/sections/{key}"), new { text = $"Projet : {key}." }, Ct));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await OpinionAsync(coordinator, id, $"director_opinion:{host}", "favourable"));
        await AssertStatusAsync(HttpStatusCode.OK, await OpinionAsync(direction, id, $"director_opinion:{host}", "favourable"));
        // The governance committee's opinion is a collegial body's (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe,
        // succession d'un coordonnateur de FSMR : « avis du comité de gouvernance de la FSMR »): it names a meeting of the
        // filière's committee, held, whose minutes are filed — the outgoing coordinator's word alone is refused.
        var governanceItem = $"governance_opinion:{filiere}";
        var noMeeting = await OpinionAsync(coordinator, id, governanceItem, "favourable", "Proposé par le comité de gouvernance.");
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, noMeeting);
        Assert.NotNull((await JsonAsync(noMeeting))["errors"]!["meeting_id"]);
        var tomorrow = await MeetingAsync(coordinator, filiere, Today.AddDays(1));
        var held = await MeetingAsync(coordinator, filiere, Today);
        var elsewhere = await MeetingAsync(otherFiliere, filiere == "ORKID" ? "OSCAR" : "ORKID", Today.AddDays(-1));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await GovernanceOpinionAsync(coordinator, id, governanceItem, tomorrow));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await GovernanceOpinionAsync(coordinator, id, governanceItem, held)); // no minutes yet
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await GovernanceOpinionAsync(coordinator, id, governanceItem, elsewhere));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await GovernanceOpinionAsync(direction, id, $"director_opinion:{host}", held)); // only the committee's opinion names a meeting
        await AssertStatusAsync(HttpStatusCode.OK, await MinutesAsync(coordinator, filiere, held));
        using var given = await GovernanceOpinionAsync(coordinator, id, governanceItem, held);
        await AssertStatusAsync(HttpStatusCode.OK, given);
        var opinion = (await JsonAsync(given))["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == governanceItem)!["opinion"]!;
        Assert.Equal(held, opinion["meeting_id"]!.GetValue<int>());
        Assert.Equal(Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), opinion["meeting_date"]!.GetValue<string>());

        // An opinion without its meeting (recorded before the rule) stops the submission, then the decision.
        await SetGovernanceMeetingAsync(app, id, null);
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await MoveAsync(coordinator, id, "submit"));
        await SetGovernanceMeetingAsync(app, id, held);
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(coordinator, id, "submit"));
        await AssertStatusAsync(HttpStatusCode.Conflict, await MoveAsync(admin, id, "approve"));
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(admin, id, "refer_to_committee"));
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(admin, id, "committee_opinion", "Avis favorable.", "favourable"));
        await SetGovernanceMeetingAsync(app, id, null);
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await MoveAsync(admin, id, "approve", "Désignation."));
        await SetGovernanceMeetingAsync(app, id, held);
        // The meeting cited by the dossier can no longer be removed nor moved.
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await coordinator.DeleteAsync(U($"{Routes.Api.Filieres}/{filiere}/governance/meetings/{held}"), Ct));
        var decided = await JsonAsync(await MoveAsync(admin, id, "approve", "Désignation pour la durée de la labellisation de la filière."));
        Assert.Equal("approved", decided["state"]!.GetValue<string>());

        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var period = await db.LabellingPeriods.AsNoTracking().SingleAsync(p => p.Scope == PeriodScope.Filieres && p.Start <= Today && p.End >= Today, Ct);
            var mandates = await db.Mandates.AsNoTracking().Where(m => m.Role == MandateRole.FiliereCoordinator && m.FiliereAcronym == filiere).ToListAsync(Ct);
            var current = mandates.Single(m => m.From == Today);
            Assert.Equal(successor, current.PersonId);
            Assert.Equal(period.End, current.To);
            Assert.Contains(mandates, m => m.PersonId == outgoing && m.To == Today.AddDays(-1));
        }
        // The annex's recipients: the outgoing and incoming coordinators, the direction(s), the agency.
        var reasons = await ReasonsAsync(app, id);
        Assert.Equal(["establishment_directors", "incoming_holder", "outgoing_holder", "regional_agency"], reasons);
        await app.DrainOutboxAsync(); // the outbox sends what the request queued
        var recipients = smtp.Messages.Where(m => m.Subject.Contains("Décision", StringComparison.Ordinal)).SelectMany(m => m.To).ToHashSet(StringComparer.Ordinal);
        foreach (var expected in new[] { "coordination@example.org", "direction@example.org", "ars@example.org", "nouveau-coordonnateur@example.org" })
            Assert.Contains(expected, recipients);
    }

    /// <summary>Adds a meeting to a filière's governance committee; its id.</summary>
    private static async Task<int> MeetingAsync(HttpClient c, string filiere, DateOnly date)
    {
        var agenda = $"Réunion de test du {date:yyyy-MM-dd} ({Guid.NewGuid():N})";
        using var r = await c.PostAsJsonAsync(U($"{Routes.Api.Filieres}/{filiere}/governance/meetings"), new { date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), agenda }, Ct);
        await AssertStatusAsync(HttpStatusCode.OK, r);
        return (await JsonAsync(r))["meetings"]!.AsArray().Single(m => m!["agenda"]!.GetValue<string>() == agenda)!["id"]!.GetValue<int>();
    }

    private static async Task<HttpResponseMessage> MinutesAsync(HttpClient c, string filiere, int meeting)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf("Compte rendu du comité de gouvernance"));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "compte-rendu.pdf");
        return await c.PutAsync(U($"{Routes.Api.Filieres}/{filiere}/governance/meetings/{meeting}/minutes"), form, Ct);
    }

    private static Task<HttpResponseMessage> GovernanceOpinionAsync(HttpClient c, string dossier, string item, int meeting) =>
        c.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{dossier}/opinions/{Uri.EscapeDataString(item)}"),
            new { value = "favourable", reasons = "Avis rendu en séance.", meeting_id = meeting }, Ct);

    private static async Task SetGovernanceMeetingAsync(MaillageFactory app, string dossier, int? meeting)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var opinion = await db.Set<Maillage.Core.Features.Procedures.DossierOpinion>().SingleAsync(o => o.DossierId == dossier && o.ItemId.StartsWith("governance_opinion:"), Ct);
        opinion.GovernanceMeetingId = meeting;
        await db.SaveChangesAsync(Ct);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_change_of_seat_asked_by_the_receiving_establishment_moves_the_centre_in_the_registry(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var app = App(provider, smtp);
        string centre, seat, seatEj, receiving, receivingEj, filiere;
        HashSet<string> regions;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var today = Today;
            var site = await db.Centres.AsNoTracking().Include(c => c.Network).Include(c => c.Establishment!.Departement)
                .Where(c => c.Role == SiteRole.Constitutive && c.ClosedOn == null
                    && db.Mandates.Any(m => m.CentreId == c.Id && m.Role == MandateRole.CentreHead && m.From <= today && (m.To == null || m.To >= today)))
                .OrderBy(c => c.Id).FirstAsync(Ct);
            var networkEts = await db.Centres.AsNoTracking().Where(c => c.NetworkId == site.NetworkId).Select(c => c.EstablishmentFiness).ToListAsync(Ct);
            var seatLegal = site.Establishment!.LegalEntityFiness ?? site.EstablishmentFiness;
            // An ET of another legal entity, hosting no site of the network.
            var target = await db.Establishments.AsNoTracking().Include(e => e.Departement)
                .Where(e => e.Level == EstablishmentLevel.Site && e.LegalEntityFiness != null && e.LegalEntityFiness != seatLegal && !networkEts.Contains(e.Finess))
                .OrderBy(e => e.Finess).FirstAsync(Ct);
            (centre, seat, seatEj, receiving, receivingEj, filiere) = (site.Id, site.EstablishmentFiness, seatLegal, target.Finess, target.LegalEntityFiness!, site.Network!.FiliereAcronym);
            regions = [site.Establishment.Departement!.RegionCode, target.Departement!.RegionCode];
        }
        using var receivingDirection = await ClientWithEmailAsync(app, UserRole.Establishment, receivingEj, "accueil@example.org");
        using var originalDirection = await ClientWithEmailAsync(app, UserRole.Establishment, seatEj, "origine@example.org");
        using var head = await ClientWithEmailAsync(app, UserRole.CentreHead, centre, "responsable@example.org");
        using var filiereClient = await ClientWithEmailAsync(app, UserRole.FiliereCoordinator, filiere, "filiere@example.org");
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);

        // Asked by the receiving establishment's direction; the original one may not open it.
        await AssertStatusAsync(HttpStatusCode.Forbidden, await originalDirection.PostAsJsonAsync(U(Routes.Api.Dossiers),
            new { kind = "seat_change", centre_id = centre, receiving_finess = receiving }, Ct));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await receivingDirection.PostAsJsonAsync(U(Routes.Api.Dossiers),
            new { kind = "seat_change", centre_id = centre, receiving_finess = seat }, Ct));
        using var opened = await receivingDirection.PostAsJsonAsync(U(Routes.Api.Dossiers),
            new { kind = "seat_change", centre_id = centre, receiving_finess = receiving }, Ct);
        await AssertStatusAsync(HttpStatusCode.Created, opened);
        var dossier = await JsonAsync(opened);
        var id = dossier["id"]!.GetValue<string>();
        Assert.Equal([$"receiving_request:{receiving}", "holder_request", $"original_director_opinion:{seat}", $"means_evidence:{receiving}"],
            dossier["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));

        await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(receivingDirection, id, $"receiving_request:{receiving}", "Demande"));
        await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(receivingDirection, id, $"means_evidence:{receiving}", "Moyens"));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await UploadAsync(receivingDirection, id, "holder_request", "Demande du responsable"));
        await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(head, id, "holder_request", "Demande du responsable"));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await OpinionAsync(receivingDirection, id, $"original_director_opinion:{seat}", "favourable"));
        await AssertStatusAsync(HttpStatusCode.OK, await OpinionAsync(originalDirection, id, $"original_director_opinion:{seat}", "reserved", "Sous réserve du transfert de l'équipe."));
        await AssertStatusAsync(HttpStatusCode.OK, await receivingDirection.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/sections/reason"), new { text = "Le responsable rejoint l'établissement d'accueil." }, Ct));

        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(receivingDirection, id, "submit"));
        // No committee for a change of seat: the ministry decides.
        await AssertStatusAsync(HttpStatusCode.Conflict, await MoveAsync(admin, id, "refer_to_committee"));
        var decided = await JsonAsync(await MoveAsync(admin, id, "approve"));
        Assert.Equal("approved", decided["state"]!.GetValue<string>());

        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            Assert.Equal(receiving, (await db.Centres.AsNoTracking().SingleAsync(c => c.Id == centre, Ct)).EstablishmentFiness);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "centre" && a.EntityId == centre && a.Action.StartsWith("updated"), Ct));
        }
        var reasons = await ReasonsAsync(app, id);
        Assert.Equal(["establishment_directors", "filiere_coordinator", "outgoing_holder", "regional_agency"], reasons);
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var audiences = await db.Set<Maillage.Core.Features.Procedures.Notification>().AsNoTracking()
                .Where(n => n.DossierId == id && n.Reason == "regional_agency").Select(n => n.AudienceScopeId!).Distinct().ToListAsync(Ct);
            Assert.Equal(regions.Order(StringComparer.Ordinal), audiences.Order(StringComparer.Ordinal));
        }
        await app.DrainOutboxAsync(); // the outbox sends what the request queued
        var recipients = smtp.Messages.Where(m => m.Subject.Contains("Décision", StringComparison.Ordinal)).SelectMany(m => m.To).ToHashSet(StringComparer.Ordinal);
        foreach (var expected in new[] { "accueil@example.org", "origine@example.org", "responsable@example.org", "filiere@example.org" })
            Assert.Contains(expected, recipients);
    }

    private static async Task<List<string>> ReasonsAsync(MaillageFactory app, string id)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        return await db.Set<Maillage.Core.Features.Procedures.Notification>().AsNoTracking()
            .Where(n => n.DossierId == id && n.Subject.Contains("Décision")).Select(n => n.Reason).Distinct().OrderBy(x => x).ToListAsync(Ct);
    }
}
