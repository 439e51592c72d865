using System.Globalization;
using Maillage.Core.Data;
using Maillage.Core.Features.Procedures;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Features.Registry;

/// <summary>
/// Settings of the age-limit alerts (<c>Maillage:HeadAgeAlerts</c>): the age (68, <see cref="HeadAgeLimit.DefaultAge"/>),
/// the lead time in months (6), whether the background worker runs on this node, and how often it looks.
/// </summary>
public sealed record HeadAgeAlertOptions(int Age, int LeadMonths, bool WorkerEnabled, TimeSpan Interval)
{
    public static HeadAgeAlertOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var s = configuration.GetSection("Maillage:HeadAgeAlerts");
        var age = s.GetValue("Age", HeadAgeLimit.DefaultAge);
        var lead = s.GetValue("LeadMonths", HeadAgeLimit.DefaultLeadMonths);
        var hours = s.GetValue("IntervalHours", 6.0);
        if (age is < 50 or > 90) throw new InvalidOperationException($"Maillage:HeadAgeAlerts:Age = {age} : un âge de 50 à 90 ans est attendu.");
        if (lead is < 0 or > 60) throw new InvalidOperationException($"Maillage:HeadAgeAlerts:LeadMonths = {lead} : de 0 à 60 mois.");
        if (hours is < 0.01 or > 168) throw new InvalidOperationException($"Maillage:HeadAgeAlerts:IntervalHours = {hours} : de 0,01 à 168 heures.");
        return new HeadAgeAlertOptions(age, lead, s.GetValue("WorkerEnabled", true), TimeSpan.FromHours(hours));
    }
}

/// <summary>
/// One head of a centre who reaches the age limit before the end of his or her mandate, with the day.
/// <see cref="AlertDue"/>: the lead time has begun (the alert is, or is about to be, raised); <see cref="Reached"/>:
/// the day has passed.
/// </summary>
public sealed record HeadAgeAlert(
    int MandateId, string CentreId, string CentreName, IReadOnlyList<string> Filieres, string PersonId, string PersonName, HeadStatus HeadStatus,
    DateOnly MandateFrom, DateOnly MandateEnd, bool MandateEndIsPeriodEnd, int Age, DateOnly ReachesOn, DateOnly AlertFrom, bool AlertDue, bool Reached);

/// <summary>
/// The heads of centres who reach the age limit (68) during their mandate, flagged to the ministry and to the filière
/// ahead of the date (<see cref="HeadAgeLimit"/>; docs/procedures.md, « Limite d'âge du responsable »). Read by the
/// national administrator (every centre) and by a filière coordinator (the centres of the filière: its networks' sites
/// and the centres attached to them); refused to everyone else. <see cref="RaiseDueAsync"/> puts one notification per
/// audience in the outbox once the lead time has begun, and never twice (a dedup key, unique in the database, so two
/// nodes cannot both raise it).
/// </summary>
public sealed class HeadAgeAlerts(MaillageDbContext db, TimeProvider clock, HeadAgeAlertOptions options)
{
    public const string Reason = "head_age_limit";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public HeadAgeAlertOptions Options => options;

    public static bool CanRead(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAuthenticated && (caller.Role == UserRole.NationalAdmin
            || (caller.Role == UserRole.FiliereCoordinator && !string.IsNullOrEmpty(caller.ScopeId)));
    }

    /// <summary>The heads reaching the age before their mandate's end, soonest first, as the caller may see them.</summary>
    public async Task<IReadOnlyList<HeadAgeAlert>> ListAsync(Caller caller, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!CanRead(caller))
            throw new AccessRefusedException(caller, "La liste des responsables atteignant la limite d'âge est réservée au ministère et au coordonnateur de la filière.");
        var all = await ComputeAsync(ct);
        return caller.Role == UserRole.NationalAdmin ? all : all.Where(a => a.Filieres.Contains(caller.ScopeId!, StringComparer.Ordinal)).ToList();
    }

    private async Task<List<HeadAgeAlert>> ComputeAsync(CancellationToken ct)
    {
        var today = Today;
        var periodEnd = await db.LabellingPeriods.AsNoTracking()
            .Where(p => p.Scope == PeriodScope.Centres && p.Start <= today && p.End >= today).Select(p => (DateOnly?)p.End).FirstOrDefaultAsync(ct);
        // The national registry holds thousands of heads and a few reach the limit: the dates alone first (no entity
        // tracked, no person loaded), then the people and centres of the mandates that reach it (issue 14).
        var dates = await db.Mandates.AsNoTracking()
            .Where(m => m.Role == MandateRole.CentreHead && m.CentreId != null && (m.To == null || m.To >= today) && m.Person!.BirthDate != null)
            .Select(m => new { m.Id, m.From, m.To, BirthDate = m.Person!.BirthDate!.Value }).ToListAsync(ct);
        var reaching = new Dictionary<int, (DateOnly End, bool UsePeriod, DateOnly Reaches)>();
        foreach (var m in dates)
        {
            // A mandate without an end lasts the labelling period in force (or five years when it starts after it).
            var usePeriod = m.To is null && periodEnd is { } pe && m.From <= pe;
            var end = HeadAgeLimit.MandateEnd(m.From, m.To, usePeriod ? periodEnd : null);
            if (HeadAgeLimit.ReachedBy(m.BirthDate, end, options.Age) is { } reaches) reaching[m.Id] = (end, usePeriod, reaches);
        }
        var ids = reaching.Keys.ToList();
        var mandates = ids.Count == 0 ? [] : await db.Mandates.AsNoTracking().Include(m => m.Person).Where(m => ids.Contains(m.Id)).ToListAsync(ct);
        var centreIds = mandates.Select(m => m.CentreId!).Distinct().ToList();
        var centres = centreIds.Count == 0 ? [] : await db.Centres.AsNoTracking().Include(c => c.Attachments)
            .Where(c => centreIds.Contains(c.Id) && c.ClosedOn == null).ToDictionaryAsync(c => c.Id, ct);
        var networkFiliere = await db.Networks.AsNoTracking().ToDictionaryAsync(n => n.Id, n => n.FiliereAcronym, ct);
        var result = new List<HeadAgeAlert>();
        foreach (var m in mandates)
        {
            if (!centres.TryGetValue(m.CentreId!, out var centre)) continue;
            var (end, usePeriod, reaches) = reaching[m.Id];
            var filieres = new[] { centre.NetworkId }.Concat(centre.Attachments.Select(a => a.NetworkId))
                .Where(id => id is not null && networkFiliere.ContainsKey(id)).Select(id => networkFiliere[id!])
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var from = HeadAgeLimit.AlertFrom(reaches, options.LeadMonths);
            result.Add(new HeadAgeAlert(m.Id, centre.Id, centre.Name, filieres, m.PersonId, m.Person!.DisplayName, m.Person.Status, m.From, end, usePeriod,
                options.Age, reaches, from, today >= from, today >= reaches));
        }
        return result.OrderBy(a => a.ReachesOn).ThenBy(a => a.CentreId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Raises the alerts whose lead time has begun: one notification (per e-mail address of the audience's accounts, or
    /// one without e-mail) to the ministry and to the coordinator of each filière of the centre. An audience already told
    /// for this mandate and this day is skipped: calling it again raises nothing. Returns the notifications added.
    /// </summary>
    public async Task<int> RaiseDueAsync(CancellationToken ct = default)
    {
        var added = 0;
        foreach (var alert in (await ComputeAsync(ct)).Where(a => a.AlertDue))
        {
            var audiences = new List<(UserRole Role, string? Scope, string Label)> { (UserRole.NationalAdmin, null, "DGOS — Mission maladies rares") };
            audiences.AddRange(alert.Filieres.Select(f => (UserRole.FiliereCoordinator, (string?)f, $"Coordonnateur de la filière {f}")));
            foreach (var (role, scope, label) in audiences)
            {
                var prefix = KeyPrefix(alert, role, scope);
                if (await db.Set<Notification>().AsNoTracking().AnyAsync(n => n.DedupKey != null && n.DedupKey.StartsWith(prefix), ct)) continue;
                var emails = await db.Users.AsNoTracking().Where(u => u.Role == role && (scope == null ? u.ScopeId == null : u.ScopeId == scope) && u.Email != null)
                    .Select(u => u.Email!).ToListAsync(ct);
                var distinct = emails.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
                if (distinct.Count == 0) distinct.Add("");
                var now = clock.GetUtcNow();
                var rows = distinct.Select(email => new Notification
                {
                    Reason = Reason, AudienceRole = role, AudienceScopeId = scope, Email = email.Length == 0 ? null : email, RecipientLabel = label,
                    Subject = Subject(alert), Body = Body(alert), CreatedAt = now, DedupKey = prefix + Infrastructure.Mail.NotificationMail.AddressKey(email),
                }).ToList();
                db.Set<Notification>().AddRange(rows);
                try
                {
                    await db.SaveChangesAsync(ct);
                    added += rows.Count;
                }
                catch (DbUpdateException)
                {
                    // Another node raised the same alert between our check and our save (unique dedup key): it is raised once.
                    foreach (var r in rows) db.Entry(r).State = EntityState.Detached;
                }
            }
        }
        return added;
    }

    private static string KeyPrefix(HeadAgeAlert a, UserRole role, string? scope) =>
        string.Create(CultureInfo.InvariantCulture, $"age{a.Age}:{a.MandateId}:{a.ReachesOn:yyyyMMdd}:{(int)role}:{scope}:");

    private static string Fr(DateOnly d) => Maillage.Domain.French.Date(d);

    private static string Subject(HeadAgeAlert a) =>
        $"[Maillage] Limite d'âge : le responsable de {a.CentreName} atteint {a.Age} ans le {Fr(a.ReachesOn)}";

    private static string Body(HeadAgeAlert a) =>
        $"{a.PersonName}, responsable du centre {a.CentreName} ({a.CentreId}), {a.HeadStatus.Label()}, atteint {a.Age} ans le {Fr(a.ReachesOn)}, " +
        $"avant la fin de son mandat le {Fr(a.MandateEnd)}{(a.MandateEndIsPeriodEnd ? " (fin de la période de labellisation)" : "")}.\n" +
        $"« Pour les professeurs consultants après {a.Age} ans : pas de possibilité de poursuivre leur activité de coordonnateur » ; " +
        "« Le responsable doit préparer son éventuelle succession » (DGOS, présentation maladies rares du 7 avril 2022, Rappel des critères de labellisation).\n" +
        "La succession se prépare par la procédure de succession du responsable (Maillage, Procédures).";
}

/// <summary>Looks for due age-limit alerts every <see cref="HeadAgeAlertOptions.Interval"/> on every node (raising is idempotent).</summary>
public sealed class HeadAgeAlertWorker(IServiceScopeFactory scopes, HeadAgeAlertOptions options, TimeProvider clock, ILogger<HeadAgeAlertWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.WorkerEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Interval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var added = await scope.ServiceProvider.GetRequiredService<HeadAgeAlerts>().RaiseDueAsync(stoppingToken);
                if (added > 0) logger.LogInformation("Limite d'âge des responsables : {Added}.", Maillage.Domain.French.Count(added, "notification ajoutée", "notifications ajoutées"));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // A failed look (database unreachable) is tried again sooner than the regular interval.
                wait = TimeSpan.FromMinutes(Math.Min(5, options.Interval.TotalMinutes));
                logger.LogError(ex, "Limite d'âge des responsables : un tour a échoué ; nouvel essai dans {Interval}.", wait);
            }
            try { await Task.Delay(wait, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}

public static class HeadAgeAlertServiceCollectionExtensions
{
    /// <summary>The age-limit alerts' settings, service and background worker.</summary>
    public static IServiceCollection AddHeadAgeAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(HeadAgeAlertOptions.FromConfiguration(configuration));
        services.AddScoped<HeadAgeAlerts>();
        services.AddHostedService<HeadAgeAlertWorker>();
        return services;
    }
}
