using Maillage.Core.Features.Filieres;
using Maillage.Domain.Registry;
using Xunit;

namespace Maillage.Core.Tests.Features.Filieres;

/// <summary>
/// The differences between two yearly lists of FSMR coordinators (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018,
/// annexe : « La liste des coordonnateurs de FSMR fait l'objet d'un arrêté ministériel annuel »), and the colleges' codes.
/// </summary>
public sealed class CoordinatorListTests
{
    private static CoordinatorListRow Row(string filiere, string? person, string? host) =>
        new(filiere, filiere + " (nom)", host, host is null ? null : "CHU " + host, null, "11", person, person is null ? null : "Pr " + person, new DateOnly(2025, 7, 24), null);

    [Fact]
    public void A_new_coordinator_a_new_seat_an_added_and_a_withdrawn_filiere_are_the_changes()
    {
        var before = new[] { Row("A", "P1", "750000001"), Row("B", "P2", "750000002"), Row("C", "P3", "750000003") };
        var after = new[] { Row("A", "P1", "750000001"), Row("B", "P9", "690000002"), Row("D", "P4", "130000004") };
        var changes = CoordinatorLists.Diff(before, after);
        Assert.Equal(
            ["B coordonnateur Pr P2 → Pr P9", "B etablissement_siege 750000002 CHU 750000002 → 690000002 CHU 690000002", "C retrait Pr P3 → ", "D ajout  → Pr P4"],
            changes.Select(c => $"{c.Filiere} {c.Change} {c.Before} → {c.After}"));
    }

    [Fact]
    public void The_same_list_twice_has_no_change()
    {
        var rows = new[] { Row("A", "P1", "750000001"), Row("B", null, null) };
        Assert.Empty(CoordinatorLists.Diff(rows, rows));
    }

    [Fact]
    public void Every_college_has_its_code_and_label()
    {
        Assert.Equal(["centres", "laboratories", "associations", "professional_societies", "permanent_guests"], GovernanceCodes.Colleges.Codes);
        Assert.All(GovernanceCodes.Colleges.Values, c => Assert.False(string.IsNullOrWhiteSpace(c.Label())));
    }
}
