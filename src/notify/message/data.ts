// The data a message is built from, shaped like Alertmanager's template data so user templates read familiar fields.
import type { Labels } from '../../collect/model.js';
import type { Notification } from '../types.js';

export interface AlertData {
  Status: 'firing' | 'resolved';
  Labels: Labels;
  Annotations: Labels;
  StartsAt: string;
  EndsAt: string;
  GeneratorURL: string;
  Fingerprint: string;
  Value?: number;
  /** pgwarden addition: the agent's page for this alert. */
  AlertURL: string;
}

export interface MessageData {
  Receiver: string;
  Status: 'firing' | 'resolved';
  Alerts: AlertData[];
  GroupLabels: Labels;
  CommonLabels: Labels;
  CommonAnnotations: Labels;
  ExternalURL: string;
  GroupKey: string;
}

/** The link to one alert on the agent's own pages. The one place that knows the URL layout. */
export function alertPageUrl(externalUrl: string, fingerprint: string): string {
  return `${externalUrl.replace(/\/+$/, '')}/alerts?fingerprint=${encodeURIComponent(fingerprint)}`;
}

function common(maps: readonly Labels[]): Labels {
  const [first, ...rest] = maps;
  if (!first) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(first)) if (rest.every((m) => m[name] === value)) out[name] = value;
  return out;
}

const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : '0001-01-01T00:00:00Z');

export function messageData(notification: Notification, externalUrl: string): MessageData {
  const alerts: AlertData[] = notification.alerts.map((alert) => ({
    Status: alert.status,
    Labels: alert.labels,
    Annotations: alert.annotations,
    StartsAt: iso(alert.startsAt),
    EndsAt: iso(alert.status === 'resolved' ? alert.endsAt : 0),
    GeneratorURL: alert.generatorURL,
    Fingerprint: alert.fingerprint,
    // A persisted NaN or ±Inf comes back from JSON as null: no value then.
    ...(typeof alert.value === 'number' ? { Value: alert.value } : {}),
    AlertURL: alertPageUrl(externalUrl, alert.fingerprint),
  }));
  return {
    Receiver: notification.receiver,
    Status: alerts.some((a) => a.Status === 'firing') ? 'firing' : 'resolved',
    Alerts: alerts,
    GroupLabels: notification.groupLabels,
    CommonLabels: common(alerts.map((a) => a.Labels)),
    CommonAnnotations: common(alerts.map((a) => a.Annotations)),
    ExternalURL: externalUrl,
    GroupKey: notification.groupKey,
  };
}
