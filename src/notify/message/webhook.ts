// Alertmanager's webhook payload (version 4), so existing webhook consumers work unchanged.
import type { MessageData } from './data.js';

export function buildWebhookPayload(data: MessageData, maxAlerts: number): Record<string, unknown> {
  const alerts = maxAlerts > 0 ? data.Alerts.slice(0, maxAlerts) : data.Alerts;
  return {
    version: '4',
    groupKey: data.GroupKey,
    truncatedAlerts: data.Alerts.length - alerts.length,
    status: data.Status,
    receiver: data.Receiver,
    groupLabels: data.GroupLabels,
    commonLabels: data.CommonLabels,
    commonAnnotations: data.CommonAnnotations,
    externalURL: data.ExternalURL,
    alerts: alerts.map((a) => ({
      status: a.Status,
      labels: a.Labels,
      annotations: a.Annotations,
      startsAt: a.StartsAt,
      endsAt: a.EndsAt,
      generatorURL: a.GeneratorURL,
      fingerprint: a.Fingerprint,
    })),
  };
}
