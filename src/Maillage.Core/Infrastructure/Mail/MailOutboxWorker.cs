using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Maillage.Core.Infrastructure.Mail;

/// <summary>
/// Drains the mail outbox on this node (<c>Maillage:Mail:WorkerEnabled</c>, on by default; every node may run it):
/// a round as soon as the previous one found work, otherwise one every <c>PollInterval</c>. A database or network
/// failure is logged and retried at the next poll; it never stops the host.
/// </summary>
public sealed class MailOutboxWorker(IServiceScopeFactory scopes, MailOptions options, IMailTransport transport, TimeProvider clock, ILogger<MailOutboxWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.WorkerEnabled)
        {
            logger.LogInformation("Courrier électronique : le worker de l'outbox est désactivé sur ce nœud (Maillage:Mail:WorkerEnabled).");
            return;
        }
        if (!transport.IsConfigured)
            logger.LogWarning("Courrier électronique : aucun serveur SMTP configuré (Maillage:Mail:Host) ; les notifications restent dans l'outbox, en attente.");
        else
            logger.LogInformation("Courrier électronique : outbox drainée par le nœud {Node} via {Host}:{Port}.", options.NodeId, options.Host, options.Port);
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var round = await scope.ServiceProvider.GetRequiredService<MailOutbox>().RunOnceAsync(null, stoppingToken);
                busy = round.Claimed >= options.EffectiveBatchSize;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Courrier électronique : un tour de l'outbox a échoué ; nouvel essai dans {Interval}.", options.EffectivePollInterval);
            }
            if (busy) continue;
            try { await Task.Delay(options.EffectivePollInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}

public static class MailServiceCollectionExtensions
{
    /// <summary>The mail settings, the SMTP transport, the outbox, the test-message service and the outbox worker.</summary>
    public static IServiceCollection AddMailOutbox(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddSingleton(MailOptions.Read(configuration));
        services.AddSingleton<IMailTransport, SmtpMailTransport>();
        services.AddScoped<MailOutbox>();
        services.AddScoped<MailTestService>();
        services.AddHostedService<MailOutboxWorker>();
        return services;
    }
}
