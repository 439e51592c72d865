namespace Maillage.Core.Demo;

/// <summary>
/// The clock the demo's first start runs the Core services with: set by the seed to the moment of each step (a dossier
/// opened 40 days ago, submitted 20 days ago…), in UTC, so that the same date gives the same data whatever the machine's
/// time zone and whatever the time of day the seed runs.
/// </summary>
public sealed class DemoClock : TimeProvider
{
    private DateTimeOffset now;

    public DemoClock(DateOnly today) => Today = today;

    /// <summary>The date the demo is seeded for (the real date at first start).</summary>
    public DateOnly Today { get; }

    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Moves the clock to <paramref name="daysFromToday"/> days from <see cref="Today"/>, at <paramref name="hour"/> UTC.</summary>
    public DemoClock At(int daysFromToday, int hour = 9)
    {
        now = new DateTimeOffset(Today.AddDays(daysFromToday).ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);
        return this;
    }
}
