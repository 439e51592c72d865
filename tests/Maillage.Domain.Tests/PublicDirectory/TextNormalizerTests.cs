using Maillage.Domain.PublicDirectory;
using Xunit;

namespace Maillage.Domain.Tests.PublicDirectory;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Drépanocytose", "drepanocytose")]
    [InlineData("  MALADIE  de   Crohn ", "maladie de crohn")]
    [InlineData("maladie-de-crôhn", "maladie de crohn")]
    [InlineData("Syndrome d'Ehlers-Danlos", "syndrome d ehlers danlos")]
    [InlineData("Œdème angioneurotique", "oedeme angioneurotique")]
    [InlineData("Cœur, ÆSTHÉSIE", "coeur aesthesie")]
    [InlineData("46,XY DSD", "46 xy dsd")]
    [InlineData("Ångström Ñandú", "angstrom nandu")]
    [InlineData("", "")]
    [InlineData("  -- ", "")]
    public void Normalize_lowers_strips_accents_and_punctuation(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input));

    [Fact]
    public void Query_tokens_drop_stop_words_unless_nothing_else_is_left()
    {
        Assert.Equal(new[] { "maladie", "crohn" }, TextNormalizer.QueryTokens("la maladie de Crohn"));
        Assert.Equal(new[] { "de", "la" }, TextNormalizer.QueryTokens("de la"));
    }

    [Theory]
    [InlineData("mucoviscidose", "mucoviscidose", 2, 0)]
    [InlineData("mucovicidose", "mucoviscidose", 2, 1)]      // one letter missing
    [InlineData("mucovsicidose", "mucoviscidose", 2, 1)]     // two adjacent letters swapped = one typo
    [InlineData("drepanocitose", "drepanocytose", 2, 1)]     // one substitution
    [InlineData("marfan", "marfen", 1, 1)]
    [InlineData("marfan", "morfen", 1, 2)]                   // beyond the bound: bound + 1
    [InlineData("abc", "abcdef", 2, 3)]                      // length difference alone exceeds the bound
    [InlineData("", "abc", 3, 3)]
    public void Bounded_distance_counts_edits_up_to_the_bound(string a, string b, int max, int expected) =>
        Assert.Equal(expected, TextNormalizer.BoundedDistance(a, b, max));

    [Theory]
    [InlineData(3, 0)]
    [InlineData(4, 1)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    [InlineData(20, 2)]
    public void Allowed_typos_grow_with_word_length(int length, int typos) =>
        Assert.Equal(typos, TextNormalizer.AllowedTypos(length));
}
