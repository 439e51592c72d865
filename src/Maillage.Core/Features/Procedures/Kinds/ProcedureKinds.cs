using Maillage.Domain.Procedures;
using Maillage.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// Resolves a dossier's <see cref="ProcedureKind"/> to its <see cref="IProcedureKind"/>. Built from the kinds registered in
/// DI, and exhaustive: a value of the enum without exactly one kind fails the first request that needs the procedures (and
/// the unit test over every value), not a user's dossier later.
/// </summary>
public sealed class ProcedureKinds
{
    private readonly Dictionary<ProcedureKind, IProcedureKind> byKind;

    public ProcedureKinds(IEnumerable<IProcedureKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        byKind = [];
        foreach (var kind in kinds)
            if (!byKind.TryAdd(kind.Kind, kind))
                throw new InvalidOperationException($"Two classes for the procedure kind {kind.Kind}: {byKind[kind.Kind].GetType().Name} and {kind.GetType().Name}.");
        var missing = Enum.GetValues<ProcedureKind>().Where(k => !byKind.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"No IProcedureKind for {string.Join(", ", missing)}.");
        Labelling = (LabellingApplicationKind)byKind[ProcedureKind.LabellingApplication];
        Platform = (PlatformProjectKind)byKind[ProcedureKind.PlatformProject];
    }

    /// <summary>The kind of <paramref name="kind"/>.</summary>
    public IProcedureKind this[ProcedureKind kind] =>
        byKind.TryGetValue(kind, out var k) ? k : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Procédure inconnue.");

    /// <summary>The kind of a dossier.</summary>
    public IProcedureKind Of(Dossier d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return this[d.Kind];
    }

    public IReadOnlyCollection<IProcedureKind> All => byKind.Values;

    /// <summary>The labelling application's kind, for the campaign's own steps (sites, checks, publication).</summary>
    public LabellingApplicationKind Labelling { get; }

    /// <summary>The platform project's kind, for the project's own steps (scope, follow-up).</summary>
    public PlatformProjectKind Platform { get; }
}

public static class ProcedureServiceCollectionExtensions
{
    /// <summary>One <see cref="IProcedureKind"/> per procedure, their registry, the registry facts they share and the dossiers'
    /// version reader (scoped, as the <see cref="ProcedureService"/> and <see cref="CallService"/> that use them).</summary>
    public static IServiceCollection AddProcedureKinds(this IServiceCollection services)
    {
        services.AddScoped<ProcedureLookups>();
        services.AddScoped<CentreHeadSuccessionKind>();
        services.AddScoped<FiliereCoordinatorSuccessionKind>();
        services.AddScoped<SeatChangeKind>();
        services.AddScoped<FiliereSeatChangeKind>();
        services.AddScoped<LabellingApplicationKind>();
        services.AddScoped<PlatformProjectKind>();
        services.AddScoped<IProcedureKind>(sp => sp.GetRequiredService<CentreHeadSuccessionKind>());
        services.AddScoped<IProcedureKind>(sp => sp.GetRequiredService<FiliereCoordinatorSuccessionKind>());
        services.AddScoped<IProcedureKind>(sp => sp.GetRequiredService<SeatChangeKind>());
        services.AddScoped<IProcedureKind>(sp => sp.GetRequiredService<FiliereSeatChangeKind>());
        services.AddScoped<IProcedureKind>(sp => sp.GetRequiredService<LabellingApplicationKind>());
        services.AddScoped<IProcedureKind>(sp => sp.GetRequiredService<PlatformProjectKind>());
        services.AddScoped<ProcedureKinds>();
        services.TryAddScoped<Versions>();
        return services;
    }
}
