using System.Reflection;
using System.Runtime.CompilerServices;
using Maillage.Domain;
using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Domain.Tests.Labels;

/// <summary>
/// Every code+label table of the Domain, found by reflection (so a new table is checked without being listed here): each
/// named value has a non-empty French label and a code of its own, and parsing the code gives the value back. The build
/// already refuses a table that misses a value (CS8509 is an error, and the tables are switches without a default arm).
/// </summary>
public sealed class EnumTableTests
{
    private static readonly Assembly Domain = typeof(EnumTable<>).Assembly;

    public static TheoryData<string> Tables()
    {
        var data = new TheoryData<string>();
        foreach (var f in TableFields()) data.Add(f.DeclaringType!.Name + "." + f.Name);
        return data;
    }

    private static IEnumerable<FieldInfo> TableFields() =>
        Domain.GetTypes().SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(EnumTable<>));

    [Theory, MemberData(nameof(Tables))]
    public void Every_value_has_a_label_and_a_unique_code_that_parses_back(string table)
    {
        var field = TableFields().Single(f => f.DeclaringType!.Name + "." + f.Name == table);
        var check = typeof(EnumTableTests).GetMethod(nameof(Check), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(field.FieldType.GetGenericArguments()[0]);
        check.Invoke(null, [field.GetValue(null)]);
    }

    private static void Check<T>(EnumTable<T> table) where T : struct, Enum
    {
        Assert.Equal(Enum.GetValues<T>(), table.Values);
        Assert.Equal(table.Codes.Count, table.Codes.Distinct(StringComparer.Ordinal).Count());
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.False(string.IsNullOrWhiteSpace(table.Label(value)), $"{typeof(T).Name}.{value} : libellé vide");
            Assert.Matches("^[a-z0-9_]+$", table.Code(value));
            Assert.True(table.TryParse(table.Code(value), out var back));
            Assert.Equal(value, back);
        }
        Assert.False(table.TryParse("inconnu", out _));
        Assert.False(table.TryParse(null, out _));
        Assert.False(table.TryParse(table.Code(table.Values[0]).ToUpperInvariant(), out _));
    }

    /// <summary>The code/label extension methods written as switches (not yet tables) are held to the same rules.</summary>
    [Fact]
    public void Every_code_and_label_extension_covers_every_value()
    {
        var methods = Domain.GetTypes().Where(t => t.IsDefined(typeof(ExtensionAttribute), false))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.Name is "Code" or "Label" && m.ReturnType == typeof(string) && m.GetParameters() is [{ ParameterType.IsEnum: true }])
            .ToList();
        Assert.True(methods.Count >= 20, $"{methods.Count} méthodes trouvées");
        foreach (var m in methods)
        {
            var type = m.GetParameters()[0].ParameterType;
            var texts = Enum.GetValues(type).Cast<object>().Select(v => (string)m.Invoke(null, [v])!).ToList();
            Assert.All(texts, t => Assert.False(string.IsNullOrWhiteSpace(t), $"{m.DeclaringType!.Name}.{m.Name}({type.Name})"));
            if (m.Name == "Code") Assert.Equal(texts.Count, texts.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void One_head_status_with_the_wording_of_the_sources()
    {
        Assert.Equal(["PU-PH", "MCU-PH", "PH temps plein", "PH temps partiel", "contractuel", "professeur consultant"],
            Enum.GetValues<HeadStatus>().Select(s => s.Label()));
        Assert.True(Referential.Codes.TryParseStatus("ph_full_time", out var s));
        Assert.Equal(HeadStatus.PhFullTime, s);
        Assert.Single(Domain.GetTypes(), t => t.Name == nameof(HeadStatus));
    }

    [Fact]
    public void A_table_refuses_a_code_used_twice()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new EnumTable<HeadStatus>(v => ("same", v.ToString())));
        Assert.Contains("« same »", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new EnumTable<HeadStatus>(v => (v.ToString().ToLowerInvariant(), " ")));
    }
}
