using Maillage.Core.Infrastructure.Mail;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Web.Api.Mail;

/// <summary>The body of <c>POST /api/v1/mail/test</c>.</summary>
public sealed record MailTestBody(string? To);

/// <summary>The answer: the test message is in the outbox; <c>smtp_configured</c> false means it will wait there.</summary>
public sealed record MailTestQueuedDto(int NotificationId, string To, string Status, bool SmtpConfigured, string Detail);

/// <summary>Operations on the mail chain (docs/operations.md, "Courrier électronique").</summary>
public static class MailEndpoints
{
    public static void MapMailApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Routes.Api.Prefix).WithTags("Exploitation");
        api.MapPost("/mail/test", SendTestAsync)
            .WithName("SendTestMail")
            .WithSummary("Mettre un message de test dans l'outbox des courriels (administration nationale) ; il part avec les notifications")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    public static async Task<Results<Accepted<MailTestQueuedDto>, ProblemHttpResult>> SendTestAsync(
        MailTestService mail, HttpContext http, MailTestBody? body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var caller = Caller.From(http?.User);
        var r = await mail.EnqueueAsync(caller, body?.To, ct);
        return r.Status switch
        {
            MailTestStatus.Queued => TypedResults.Accepted((string?)null, new MailTestQueuedDto(r.NotificationId!.Value, body!.To!.Trim(), "queued", r.TransportConfigured,
                r.TransportConfigured
                    ? "Message de test mis dans l'outbox : un nœud l'enverra sous peu (voir EmailSentAt / EmailError de la notification)."
                    : "Message de test mis dans l'outbox, mais aucun serveur SMTP n'est configuré (Maillage:Mail:Host) : il y attendra.")),
            MailTestStatus.Forbidden when !caller.IsAuthenticated => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Authentification requise", detail: "Connectez-vous ou fournissez un jeton d'API (Authorization: Bearer …)."),
            MailTestStatus.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: "Accès refusé", detail: "Seule l'administration nationale peut envoyer un message de test."),
            MailTestStatus.Invalid => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Requête invalide", detail: r.Error),
            _ => throw new InvalidOperationException(r.Status.ToString()),
        };
    }
}
