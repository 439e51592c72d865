using Maillage.Core.Infrastructure.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Testing;

/// <summary>
/// Sends what the mail outbox holds, now, through the app's own <see cref="MailOutbox"/> — deterministic, no sleeping
/// (the factory turns the background worker off). Returns the messages sent.
/// </summary>
public static class MailOutboxDrain
{
    /// <param name="nodeId">The node the rounds claim for (default: the app's own).</param>
    /// <param name="clock">Another clock than the app's (to reach retries scheduled later).</param>
    public static async Task<int> DrainOutboxAsync(this MaillageFactory app, string? nodeId = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        return await Outbox(scope.ServiceProvider, clock).DrainAsync(nodeId, Xunit.TestContext.Current.CancellationToken);
    }

    /// <summary>An outbox on its own scope's database context, on <paramref name="clock"/> when given.</summary>
    public static MailOutbox Outbox(IServiceProvider services, TimeProvider? clock = null) =>
        clock is null ? services.GetRequiredService<MailOutbox>() : ActivatorUtilities.CreateInstance<MailOutbox>(services, clock);
}

/// <summary>A clock that moves only when told (retries and back-off without waiting).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
