using System.Linq.Expressions;

namespace Maillage.Domain.Registry;

/// <summary>
/// When an association's convention is in force. An association whose convention has ended is no longer a party of
/// any procedure (it gives no opinion and no support letter); the dossier asks only the associations whose convention
/// with the centre or its network is in force on the day the requirements are read (issue 12 §1, « Association support
/// letters »; Alliance maladies rares, fiche pratique « Participation des associations à la re-labellisation des centres
/// de référence et de compétence », mai 2022, « Processus de re-labellisation »).
/// </summary>
public static class Conventions
{
    /// <summary>
    /// In force on <paramref name="day"/>: signed on or before it, and not ended — <see cref="AssociationConvention.EndsOn"/>
    /// is the convention's last day (inclusive): a convention ending today is still in force today, one that ended
    /// yesterday is not. The expression form is translated by EF Core (SQLite and PostgreSQL).
    /// </summary>
    public static Expression<Func<AssociationConvention, bool>> InForceOn(DateOnly day) =>
        c => c.SignedOn <= day && (c.EndsOn == null || c.EndsOn >= day);

    /// <summary>The same rule on one convention in memory.</summary>
    public static bool IsInForce(AssociationConvention convention, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(convention);
        return convention.SignedOn <= day && (convention.EndsOn is not { } end || end >= day);
    }
}
