import type { ApiAlert } from '../rules/index.js';
import { fingerprint } from '../rules/index.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

function labelList(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `<code>${escapeHtml(k)}="${escapeHtml(v)}"</code>`)
    .join(' ');
}

type ExternalLabels = Readonly<Record<string, string>>;

/** Notifications carry the fingerprint of the labels sent, which include the external labels. */
const notifiedFingerprint = (alert: ApiAlert, external: ExternalLabels) =>
  fingerprint({ ...alert.labels, ...external });

function row(alert: ApiAlert, highlighted: string | undefined, external: ExternalLabels): string {
  const id = notifiedFingerprint(alert, external);
  const style = id === highlighted ? ' style="background:#fff3bf"' : '';
  const notes = ['summary', 'description', 'runbook']
    .filter((k) => alert.annotations[k])
    .map((k) => `<p><b>${k}</b>: ${escapeHtml(alert.annotations[k] as string)}</p>`)
    .join('');
  return `<tr id="${id}"${style}><td>${escapeHtml(alert.labels.alertname ?? '')}</td><td>${escapeHtml(alert.state)}</td>
<td>${escapeHtml(alert.labels.severity ?? '')}</td><td>${escapeHtml(alert.activeAt)}</td><td>${escapeHtml(alert.value)}</td>
<td>${labelList(alert.labels)}${notes}</td></tr>`;
}

/**
 * The page notification links point to (`/alerts?fingerprint=…`): every pending and firing alert with its labels and
 * annotations, the linked one highlighted. The JSON is at /api/v1/alerts.
 */
export function alertsPage(alerts: readonly ApiAlert[], highlighted?: string, external: ExternalLabels = {}): string {
  const rows = alerts.map((a) => row(a, highlighted, external)).join('\n');
  const gone = highlighted !== undefined && !alerts.some((a) => notifiedFingerprint(a, external) === highlighted);
  const body = alerts.length
    ? `<table border="1" cellpadding="4" cellspacing="0">
<tr><th>alert</th><th>state</th><th>severity</th><th>active since</th><th>value</th><th>labels and annotations</th></tr>
${rows}
</table>`
    : '<p>No alert is pending or firing.</p>';
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>pgwarden alerts</title></head>
<body>
<h1>Alerts</h1>
${gone ? '<p>The linked alert is no longer active.</p>' : ''}
${body}
<p><a href="/">pgwarden</a> · <a href="/api/v1/alerts">JSON</a></p>
</body></html>
`;
}
