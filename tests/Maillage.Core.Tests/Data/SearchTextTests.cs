using Maillage.Core.Data;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Maillage.Core.Tests.Data;

/// <summary>The accent- and case-insensitive search fold (docs/pickers.md): the same in C# and, on SQLite, in the
/// function every context registers on its connection, however its options were built.</summary>
public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Élise", "elise")]
    [InlineData("Saint-Étienne", "saint-etienne")]
    [InlineData("Provence-Alpes-Côte d'Azur", "provence-alpes-cote d'azur")]
    [InlineData("ÎLE-DE-FRANCE", "ile-de-france")]
    [InlineData("Noël, Çà, Ÿ", "noel, ca, y")]
    [InlineData("cœur", "cœur")] // a ligature stays as it is
    [InlineData("", "")]
    public void Fold_lowers_and_removes_accents(string text, string expected) => Assert.Equal(expected, SearchText.Fold(text));

    [Fact]
    public void The_table_maps_each_accented_letter_to_one_plain_letter() =>
        Assert.Equal(SearchText.Accented.Length, SearchText.Plain.Length);

    [Fact]
    public async Task Sqlite_folds_in_the_query_on_any_context()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var temp = await TempSqliteDb.CreateAsync(ct);
        temp.Db.Regions.Add(new Region { Code = "84", Name = "Auvergne-Rhône-Alpes" });
        temp.Db.Regions.Add(new Region { Code = "11", Name = "Île-de-France" });
        await temp.Db.SaveChangesAsync(ct);
        await using var db = temp.NewContext();
        Assert.Equal(["11"], await db.Regions.Where(r => SearchText.Fold(r.Name).Contains("ile-de")).Select(r => r.Code).ToListAsync(ct));
        Assert.Equal(["84"], await db.Regions.Where(r => SearchText.Fold(r.Name).Contains("rhone")).Select(r => r.Code).ToListAsync(ct));
        Assert.Empty(await db.Regions.Where(r => r.Name.Contains("rhone")).ToListAsync(ct)); // without the fold, the accent differs
    }
}
