using Maillage.Core.Data;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Names;

/// <summary>Names, not identifiers, where a person reads (issue 13 §2): a dossier names its centre, establishments,
/// outgoing head or coordinator and network; the reports list and the compliance dashboard name the regions.</summary>
public sealed class NamesOnPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>As Razor writes text (the app lets every Unicode range through, so only markup characters are escaped).</summary>
    private static string Enc(string text) => System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(text);

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_dossier_names_its_centre_its_establishment_and_the_outgoing_holder(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        string dossierId, personId, personName, finess, establishmentName, centreId, centreName;
        await using (var s = app.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
            // A demo succession of a centre head, which names its outgoing head (set here: the demo leaves it blank).
            var d = (await db.Set<Maillage.Core.Features.Procedures.Dossier>().Where(x => x.CentreId != null && db.Centres.Any(y => y.Id == x.CentreId)).ToListAsync(Ct))
                .OrderBy(x => x.Id, StringComparer.Ordinal).First();
            var person = (await db.People.AsNoTracking().ToListAsync(Ct)).OrderBy(p => p.Id, StringComparer.Ordinal).First();
            d.OutgoingPersonId = person.Id;
            await db.SaveChangesAsync(Ct);
            dossierId = d.Id;
            personId = person.Id;
            personName = person.DisplayName;
            finess = d.SeatFiness;
            establishmentName = (await db.Establishments.AsNoTracking().SingleAsync(e => e.Finess == finess, Ct)).Name;
            centreId = d.CentreId!;
            centreName = (await db.Centres.AsNoTracking().SingleAsync(x => x.Id == centreId, Ct)).Name;
        }
        using var admin = await app.SignInAsync("admin");

        var html = await admin.GetPageAsync($"{Routes.Pages.Procedures}/{dossierId}");
        Assert.Contains($">{Enc(personName)}</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain($">{personId}</a>", html, StringComparison.Ordinal);
        Assert.Contains($">{Enc(establishmentName)}</a> <span class=\"fr-text--xs\">(FINESS {finess})</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain($">{finess}</a>", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"objet-centre\">{Enc(centreName)}</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain($">{centreId}</a>", html, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_compliance_dashboard_names_regions_not_INSEE_codes(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        using var admin = await app.SignInAsync("admin");
        var html = await admin.GetPageAsync(Routes.Pages.Compliance + "/tableau-de-bord");
        var table = html[html.IndexOf("id=\"par-region\"", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Contains("<th scope=\"row\">", table, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<th scope=""row"">\d+</th>", table);
        Assert.Matches(@"<th scope=""row"">[^<\d][^<]+</th>", table);
    }
}
