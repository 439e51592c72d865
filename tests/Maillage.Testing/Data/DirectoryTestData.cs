using Maillage.Core.Data;
using Maillage.Domain.PublicDirectory;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Testing;

/// <summary>A disease covered only through a group, found in the database itself (not through the code under test).</summary>
public sealed record GroupCase(string NetworkId, int GroupCode, int DiseaseCode, string FrenchSynonym, string Misspelt);

public static class DirectoryTestData
{
    /// <summary>
    /// A disease of the demo database whose French synonym is unique in the nomenclature, that no labelled network lists
    /// itself, and whose direct parent group is in the perimeter of a network labelled today; with that synonym misspelt
    /// (one letter dropped from its longest word).
    /// </summary>
    public static async Task<GroupCase> FindGroupCaseAsync(MaillageFactory app, CancellationToken ct)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var today = DateOnly.FromDateTime(DateTime.Now);
        var labelled = (await db.Labels.AsNoTracking()
                .Where(l => l.NetworkId != null && l.Decision != LabelDecision.NotRetained && l.ValidFrom <= today && (l.ValidTo == null || l.ValidTo >= today))
                .Select(l => l.NetworkId!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var perimeter = (await db.NetworkDiseases.AsNoTracking().ToListAsync(ct)).Where(p => labelled.Contains(p.NetworkId)).ToList();
        var listed = perimeter.Select(p => p.OrphaCode).ToHashSet();
        var edges = await db.OrphaEdges.AsNoTracking().Select(e => new { e.ParentCode, e.ChildCode }).ToListAsync(ct);
        var diseases = await db.OrphaDiseases.AsNoTracking().ToListAsync(ct);
        var labelCounts = diseases
            .SelectMany(d => new[] { d.NameFr, d.NameEn }.Concat((d.Synonyms ?? "").Split(" | ")).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => TextNormalizer.Normalize(s)).Distinct())
            .GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var byCode = diseases.ToDictionary(d => d.Code);
        foreach (var p in perimeter.OrderBy(p => p.NetworkId, StringComparer.Ordinal).ThenBy(p => p.OrphaCode))
            foreach (var child in edges.Where(e => e.ParentCode == p.OrphaCode).Select(e => e.ChildCode).Order())
            {
                if (listed.Contains(child) || !byCode.TryGetValue(child, out var d) || !d.IsActive || d.Synonyms is null) continue;
                foreach (var syn in d.Synonyms.Split(" | "))
                {
                    // French: an accented letter; unique in the nomenclature; a long word to misspell.
                    if (!syn.Any(c => "éèêàçôîû".Contains(c, StringComparison.Ordinal))) continue;
                    if (labelCounts.GetValueOrDefault(TextNormalizer.Normalize(syn)) != 1) continue;
                    // Misspell a word the disease's names do not have, so that only the synonym can match it.
                    var nameWords = TextNormalizer.Tokens(d.NameFr + " " + d.NameEn).ToHashSet(StringComparer.Ordinal);
                    var words = syn.Split(' ');
                    var longest = words.Where(w => w.Length >= 8 && w.All(char.IsLetter) && !nameWords.Contains(TextNormalizer.Normalize(w)))
                        .OrderByDescending(w => w.Length).FirstOrDefault();
                    if (longest is null) continue;
                    var misspeltWord = longest.Remove(longest.Length / 2, 1);
                    var typo = TextNormalizer.Normalize(misspeltWord);
                    if (nameWords.Any(t => TextNormalizer.BoundedDistance(typo, t, 2) <= 2 || t.StartsWith(typo, StringComparison.Ordinal))) continue;
                    var misspelt = string.Join(' ', words.Select(w => w == longest ? misspeltWord : w));
                    return new GroupCase(p.NetworkId, p.OrphaCode, child, syn, misspelt);
                }
            }
        throw new InvalidOperationException("No disease covered through a group with a unique French synonym in the demo data.");
    }
}
