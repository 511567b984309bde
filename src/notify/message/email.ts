// Email content: subject with status, name, count and instance; a plain-text and an HTML part listing each alert;
// threading headers derived from the group key so every update of one group lands in one thread.
import { createHash } from 'node:crypto';
import type { Labels } from '../../collect/model.js';
import { defaultTitle, type AlertData, type MessageData } from './data.js';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

const ANNOTATION_ORDER = ['summary', 'description', 'runbook_url', 'runbook'];

function orderedAnnotations(annotations: Labels): [string, string][] {
  const entries = Object.entries(annotations);
  const rank = (name: string) => (ANNOTATION_ORDER.includes(name) ? ANNOTATION_ORDER.indexOf(name) : 99);
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function alertText(alert: AlertData): string {
  const lines = [`[${alert.Status.toUpperCase()}] ${alert.Labels['alertname'] ?? ''}`];
  for (const [name, value] of orderedAnnotations(alert.Annotations)) lines.push(`  ${name}: ${value}`);
  if (alert.Value !== undefined) lines.push(`  value: ${alert.Value}`);
  lines.push(`  started: ${alert.StartsAt}`);
  if (alert.Status === 'resolved') lines.push(`  resolved: ${alert.EndsAt}`);
  lines.push('  labels:');
  for (const [name, value] of Object.entries(alert.Labels).sort()) lines.push(`    ${name} = ${value}`);
  lines.push(`  details: ${alert.AlertURL}`);
  if (alert.GeneratorURL) lines.push(`  source: ${alert.GeneratorURL}`);
  return lines.join('\n');
}

function alertHtml(alert: AlertData): string {
  const color = alert.Status === 'resolved' ? '#2eb886' : '#d00000';
  const rows = [
    ...orderedAnnotations(alert.Annotations).map(([name, value]) =>
      name.startsWith('runbook') && /^https?:\/\//.test(value)
        ? [name, `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>`]
        : [name, escapeHtml(value)],
    ),
    ...(alert.Value !== undefined ? [['value', escapeHtml(String(alert.Value))]] : []),
    ['started', escapeHtml(alert.StartsAt)],
    ...(alert.Status === 'resolved' ? [['resolved', escapeHtml(alert.EndsAt)]] : []),
    [
      'labels',
      Object.entries(alert.Labels)
        .sort()
        .map(([n, v]) => `${escapeHtml(n)}=${escapeHtml(v)}`)
        .join('<br>'),
    ],
  ];
  const table = rows.map(([n, v]) => `<tr><th align="left" valign="top">${escapeHtml(n ?? '')}</th><td>${v}</td></tr>`);
  return (
    `<div style="border-left:4px solid ${color};padding-left:8px;margin-bottom:16px">` +
    `<h3>[${alert.Status.toUpperCase()}] ${escapeHtml(alert.Labels['alertname'] ?? '')}</h3>` +
    `<table>${table.join('')}</table>` +
    `<p><a href="${escapeHtml(alert.AlertURL)}">View in pgwarden</a></p></div>`
  );
}

/** Message-ID root for a group thread; the domain comes from the sender so it is ours. */
export function threadId(groupKey: string, receiver: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'pgwarden.local';
  const hash = createHash('sha256').update(`${receiver}\u0000${groupKey}`).digest('hex').slice(0, 32);
  return `<${hash}@${domain}>`;
}

export function buildEmail(data: MessageData, opts: { from: string; notificationId: string }): EmailContent {
  const root = threadId(data.GroupKey, data.Receiver, opts.from);
  const alerts = [...data.Alerts].sort((a, b) => (a.Status === b.Status ? 0 : a.Status === 'firing' ? -1 : 1));
  const subject = defaultTitle(data);
  return {
    subject,
    text: `${subject}\n\n${alerts.map(alertText).join('\n\n')}\n`,
    html: `<html><body><h2>${escapeHtml(subject)}</h2>${alerts.map(alertHtml).join('')}</body></html>`,
    headers: {
      'Message-ID': root.replace('<', `<${opts.notificationId}.`),
      'In-Reply-To': root,
      References: root,
    },
  };
}
