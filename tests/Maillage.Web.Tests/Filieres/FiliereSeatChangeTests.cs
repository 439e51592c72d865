using System.Net;
using System.Net.Http.Json;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Maillage.Web.Tests.Procedures.SuccessionApiTests;

namespace Maillage.Web.Tests.Filieres;

/// <summary>
/// The change of a filière's seat when its coordinator moves (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, annexe :
/// « La demande est formulée par la direction de l'établissement d'accueil »), end to end through the API on both databases:
/// opened by the receiving direction only, the four items from their parties, the decision moving the filière's host, and
/// the yearly list of coordinators showing the change of seat.
/// </summary>
public sealed class FiliereSeatChangeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static Uri U(string path) => new(path, UriKind.Relative);

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_receiving_direction_asks_and_the_decision_moves_the_filiere_seat(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider, "demo");
        string filiere, host, hostEj, receiving, receivingEj;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            var f = await db.Filieres.AsNoTracking().Include(x => x.Host).Where(x => x.HostFiness != null).OrderBy(x => x.Acronym).FirstAsync(Ct);
            (filiere, host) = (f.Acronym, f.HostFiness!);
            hostEj = f.Host!.LegalEntityFiness ?? host;
            var hostLe = hostEj;
            var target = await db.Establishments.AsNoTracking()
                .Where(e => e.Level == EstablishmentLevel.Site && e.LegalEntityFiness != null && e.LegalEntityFiness != hostLe).OrderBy(e => e.Finess).FirstAsync(Ct);
            (receiving, receivingEj) = (target.Finess, target.LegalEntityFiness!);
        }
        using var receivingDirection = await app.ApiClientAsync(UserRole.Establishment, receivingEj);
        using var originalDirection = await app.ApiClientAsync(UserRole.Establishment, hostEj);
        using var coordinator = await app.ApiClientAsync(UserRole.FiliereCoordinator, filiere);
        using var otherCoordinator = await app.ApiClientAsync(UserRole.FiliereCoordinator, filiere == "ORKID" ? "OSCAR" : "ORKID");
        using var admin = await app.ApiClientAsync(UserRole.NationalAdmin, null);
        object Open(string? to = null) => new { kind = "filiere_seat_change", filiere, receiving_finess = to ?? receiving };

        // Not the coordinator who moves, nor the original direction: the receiving direction asks.
        await AssertStatusAsync(HttpStatusCode.Forbidden, await coordinator.PostAsJsonAsync(U(Routes.Api.Dossiers), Open(), Ct));
        await AssertStatusAsync(HttpStatusCode.Forbidden, await originalDirection.PostAsJsonAsync(U(Routes.Api.Dossiers), Open(), Ct));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await admin.PostAsJsonAsync(U(Routes.Api.Dossiers), Open(host), Ct)); // already the seat
        using var opened = await receivingDirection.PostAsJsonAsync(U(Routes.Api.Dossiers), Open(), Ct);
        await AssertStatusAsync(HttpStatusCode.Created, opened);
        var dossier = await JsonAsync(opened);
        var id = dossier["id"]!.GetValue<string>();
        Assert.StartsWith("SIF-", id, StringComparison.Ordinal);
        Assert.Equal([$"receiving_request:{receiving}", "holder_request", $"original_director_opinion:{host}", $"means_evidence:{receiving}"],
            dossier["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        await AssertStatusAsync(HttpStatusCode.Conflict, await admin.PostAsJsonAsync(U(Routes.Api.Dossiers), Open(), Ct)); // one at a time

        // Each party its item; the coordinator of another filière cannot file the holder's request.
        await AssertStatusAsync(HttpStatusCode.Forbidden, await UploadAsync(otherCoordinator, id, "holder_request", "Demande"));
        await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(coordinator, id, "holder_request", "Demande du coordonnateur"));
        await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(receivingDirection, id, $"receiving_request:{receiving}", "Demande de la direction d'accueil"));
        await AssertStatusAsync(HttpStatusCode.OK, await UploadAsync(receivingDirection, id, $"means_evidence:{receiving}", "Maintien des moyens"));
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, await MoveAsync(receivingDirection, id, "submit")); // the original director's opinion is missing
        await AssertStatusAsync(HttpStatusCode.Forbidden, await OpinionAsync(receivingDirection, id, $"original_director_opinion:{host}", "favourable"));
        await AssertStatusAsync(HttpStatusCode.OK, await OpinionAsync(originalDirection, id, $"original_director_opinion:{host}", "favourable"));
        await AssertStatusAsync(HttpStatusCode.OK, await coordinator.PutAsJsonAsync(U($"{Routes.Api.Dossiers}/{id}/sections/reason"), new { text = "Mutation du coordonnateur." }, Ct));
        await AssertStatusAsync(HttpStatusCode.OK, await MoveAsync(coordinator, id, "submit"));
        var decided = await JsonAsync(await MoveAsync(admin, id, "approve", "Changement accepté."));
        Assert.Equal("approved", decided["state"]!.GetValue<string>());

        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            Assert.Equal(receiving, (await db.Filieres.AsNoTracking().SingleAsync(f => f.Acronym == filiere, Ct)).HostFiness);
            Assert.True(await db.AuditEntries.AsNoTracking().AnyAsync(a => a.Entity == "filiere" && a.EntityId == filiere && a.After != null && a.After.Contains(receiving), Ct));
        }
        // The yearly list of coordinators: this year's seat is the new one, and the change is listed against last year's.
        var year = DateTime.Today.Year;
        var list = await JsonAsync(await app.CreateClient().GetAsync(U($"{Routes.Api.Filieres}/coordinator-lists/{year}"), Ct));
        Assert.Equal(receiving, list["rows"]!.AsArray().Single(r => r!["filiere"]!.GetValue<string>() == filiere)!["host_finess"]!.GetValue<string>());
        var previous = await JsonAsync(await app.CreateClient().GetAsync(U($"{Routes.Api.Filieres}/coordinator-lists/{year - 1}"), Ct));
        Assert.Equal(host, previous["rows"]!.AsArray().Single(r => r!["filiere"]!.GetValue<string>() == filiere)!["host_finess"]!.GetValue<string>());
        Assert.Contains(list["changes"]!.AsArray(), c => c!["filiere"]!.GetValue<string>() == filiere && c["change"]!.GetValue<string>() == "etablissement_siege");
    }
}
