using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Notifier.Options;

namespace Platform.Notifier.Delivery;

/// <summary>Plain-text e-mail over SMTP (System.Net.Mail), only when <c>Notifier:Smtp:Host</c> is set.</summary>
public sealed class EmailSender(IOptionsMonitor<NotifierOptions> options, ILogger<EmailSender> logger) : INotificationSender
{
    public NotificationKind Kind => NotificationKind.Email;

    public async Task<DeliveryResult> SendAsync(RunFinished run, NotificationTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(target);

        var smtp = options.CurrentValue.Smtp;
        if (!smtp.IsConfigured)
        {
            logger.LogWarning(
                "E-mail to {Recipient} for run {RunId} ({Status}) not sent: e-mail is not configured (set Notifier:Smtp:Host)",
                target.Destination,
                run.RunId,
                run.Status);
            return DeliveryResult.Skipped("e-mail is not configured (Notifier:Smtp:Host)");
        }

        using var message = new MailMessage(smtp.From, target.Destination)
        {
            Subject = $"[platform] {run.PipelineId} {run.Status} (run {run.RunId:D})",
            Body = FormatBody(run),
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
        };
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            Timeout = (int)smtp.Timeout.TotalMilliseconds,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
        }

        await client.SendMailAsync(message, cancellationToken);
        return DeliveryResult.Sent;
    }

    private static string FormatBody(RunFinished run)
    {
        var summary = RunSummary.Of(run);
        var body = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        body.AppendLine(culture, $"Run {run.RunId:D} of pipeline {run.PipelineId} {run.Status}.");
        body.AppendLine(culture, $"Started:  {WebhookPayload.FormatTime(run.StartedAt)}");
        body.AppendLine(culture, $"Finished: {WebhookPayload.FormatTime(run.FinishedAt)}");
        body.AppendLine(summary.Describe());
        foreach (var step in summary.FailedSteps)
        {
            var exit = step.ExitCode is { } code ? string.Create(culture, $", exit {code}") : string.Empty;
            body.AppendLine(culture, $"  - {step.Id}: {step.Status}{exit}{(step.Reason is null ? string.Empty : ": " + step.Reason)}");
        }

        return body.ToString();
    }
}
