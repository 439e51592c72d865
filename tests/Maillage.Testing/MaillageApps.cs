using System.Collections.Concurrent;
using Maillage.Core.Data;
using Xunit;

namespace Maillage.Testing;

/// <summary>
/// One <see cref="MaillageFactory"/> per provider, created on first use and disposed with the fixture. Use as a
/// class fixture (<c>IClassFixture&lt;MaillageApps&gt;</c>) for tests that only read, or as an assembly fixture for
/// read-only tests across classes. Tests that write create their own factory (<c>await using var app = new
/// MaillageFactory(db)</c>). Subclass and override <see cref="Seed"/> for another seed.
/// </summary>
public class MaillageApps : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DatabaseProvider, Lazy<MaillageFactory>> _apps = new();

    protected virtual string Seed => "demo";

    public MaillageFactory this[DatabaseProvider provider] =>
        _apps.GetOrAdd(provider, p => new Lazy<MaillageFactory>(() => Start(p))).Value;

    private MaillageFactory Start(DatabaseProvider provider)
    {
        var factory = new MaillageFactory(provider, Seed);
        try
        {
            // Build and start now, so a broken start fails the first test that asks, with its real exception.
            _ = factory.Services;
            return factory;
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _apps.Values)
            if (lazy.IsValueCreated)
                await lazy.Value.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
