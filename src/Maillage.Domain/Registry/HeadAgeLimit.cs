namespace Maillage.Domain.Registry;

/// <summary>
/// The age after which a head may not continue: « Pour les professeurs consultants après 68 ans : pas de possibilité de
/// poursuivre leur activité de coordonnateur » (DGOS, présentation maladies rares du 7 avril 2022, « Rappel des critères
/// de labellisation — conditions à remplir pour être coordonnateur d'un CRMR, responsable d'un site constitutif ou d'un
/// centre de compétence »). The compliance check reads it at a date (the mandate's start, 31 December of a report's
/// year); this rule looks ahead: a head who <b>reaches</b> the age during a mandate is flagged to the ministry and to the
/// filière before the date, so that the succession is prepared (« Le responsable doit préparer son éventuelle
/// succession », same slide).
/// </summary>
public static class HeadAgeLimit
{
    /// <summary>The age of the source (« après 68 ans »), read as from the 68th birthday (completed years ≥ 68).</summary>
    public const int DefaultAge = 68;

    /// <summary>The default lead time of the alert: six months before the birthday.</summary>
    public const int DefaultLeadMonths = 6;

    /// <summary>
    /// The day a person born on <paramref name="birthDate"/> completes <paramref name="age"/> years. Born on 29 February:
    /// 29 February in a leap year, 1 March otherwise (as the compliance engine counts completed years).
    /// </summary>
    public static DateOnly Birthday(DateOnly birthDate, int age)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(age);
        var year = birthDate.Year + age;
        return birthDate is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year) ? new DateOnly(year, 3, 1) : new DateOnly(year, birthDate.Month, birthDate.Day);
    }

    /// <summary>
    /// The day the head reaches <paramref name="age"/> if it falls on or before the mandate's last day
    /// (<paramref name="mandateEnd"/>, inclusive: a head 68 on the last day of the mandate has reached the age during it;
    /// one whose birthday falls the day after the end has not); null otherwise. A birthday before the mandate's start is
    /// returned too (the head had the age at the start: the start check should have refused him or her).
    /// </summary>
    public static DateOnly? ReachedBy(DateOnly birthDate, DateOnly mandateEnd, int age = DefaultAge)
    {
        var day = Birthday(birthDate, age);
        return day <= mandateEnd ? day : null;
    }

    /// <summary>The first day the alert is due: <paramref name="leadMonths"/> months before the birthday (end of month clamped).</summary>
    public static DateOnly AlertFrom(DateOnly reachesOn, int leadMonths = DefaultLeadMonths)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leadMonths);
        return reachesOn.AddMonths(-leadMonths);
    }

    /// <summary>True when the alert is due on <paramref name="today"/> (from <see cref="AlertFrom"/> on, including after the birthday).</summary>
    public static bool IsDue(DateOnly reachesOn, DateOnly today, int leadMonths = DefaultLeadMonths) => today >= AlertFrom(reachesOn, leadMonths);

    /// <summary>
    /// A mandate's last day: its end date when set; otherwise the end of the labelling period in force (the head « est
    /// désigné pour 5 ans soit une période équivalente à celle de la labellisation du CRMR »); without one, five years
    /// from its start, minus a day.
    /// </summary>
    public static DateOnly MandateEnd(DateOnly from, DateOnly? to, DateOnly? labellingPeriodEnd) =>
        to ?? labellingPeriodEnd ?? from.AddYears(5).AddDays(-1);
}
