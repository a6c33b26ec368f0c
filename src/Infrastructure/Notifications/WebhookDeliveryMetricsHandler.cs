using System.Globalization;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Infrastructure.Notifications;

/// <summary>Counts each outcome webhook POST to the Zeeg main app: "delivered", the refusing status ("status_500"),
/// "timeout" or "unreachable".</summary>
public sealed class WebhookDeliveryMetricsHandler(ZeegWebexMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.WebhookDelivery(response.IsSuccessStatusCode
                ? "delivered"
                : "status_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            return response;
        }
        catch (OperationCanceledException)
        {
            metrics.WebhookDelivery("timeout");
            throw;
        }
        catch (HttpRequestException)
        {
            metrics.WebhookDelivery("unreachable");
            throw;
        }
    }
}
