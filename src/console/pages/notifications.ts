// Notifications (`/notifications`): the outbox (pending deliveries with attempts and next retry), deliveries per
// receiver (counts, and the last attempts from the notifier's in-memory ring), and dead letters with their reason and retry/drop actions. Receiver URLs and credentials never appear:
// only receiver names, integration kinds and reason codes.
import { timeIntervalsSection } from '../time-intervals-section.js';
import type { Notification } from '../../notify/index.js';
import { RECENT_PER_RECEIVER, type DeliveryAttempt } from '../../notify/recent-deliveries.js';
import type { ConsoleContext } from '../context.js';
import { formatAge, formatTime } from '../format.js';
import { html, type Html } from '../html.js';
import { notice, href, withoutNotifier, labelChips, page, status, table } from '../layout.js';

const MAX_ROWS = 100;

function alertNames(n: Notification): string {
  const names = [...new Set(n.alerts.map((a) => a.labels.alertname ?? ''))];
  return `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''} (${n.alerts.length})`;
}

/** The notifier's words for a failure, where it records them (a secret-free sentence, never a URL). */
const detailOf = (letter: object): string | undefined => (letter as { detail?: string }).detail;

interface ReceiverCounts {
  sent: number;
  failed: Map<string, number>;
}

/** Deliveries and failures per receiver and integration, from the notifier's own counters. */
async function perReceiver(ctx: ConsoleContext): Promise<Map<string, ReceiverCounts>> {
  const out = new Map<string, ReceiverCounts>();
  const metrics = (await ctx.engine.notifier?.registry.getMetricsAsJSON()) ?? [];
  for (const metric of metrics) {
    if (metric.name !== 'pgwarden_notifications_total' && metric.name !== 'pgwarden_notifications_failed_total')
      continue;
    for (const v of metric.values) {
      const key = `${v.labels.receiver} · ${v.labels.integration}`;
      const counts = out.get(key) ?? { sent: 0, failed: new Map() };
      if (metric.name === 'pgwarden_notifications_total') counts.sent += v.value;
      else counts.failed.set(String(v.labels.reason), (counts.failed.get(String(v.labels.reason)) ?? 0) + v.value);
      out.set(key, counts);
    }
  }
  return out;
}

const OUTCOME_KIND = { delivered: 'ok', failed: 'warn', 'dead-lettered': 'bad' } as const;

/** One attempt: receiver names, group labels, alert names and reason codes only (never a URL or credential). */
function recentRow(a: DeliveryAttempt): Html {
  const names = a.alertnames.slice(0, 5).join(', ') + (a.alertnames.length > 5 ? ', …' : '');
  return html`<tr class="${a.outcome === 'delivered' ? '' : 'problem'}">
    <td>${formatTime(a.at)}</td>
    <td>${a.receiver} · ${a.integration}</td>
    <td>${labelChips(a.groupLabels)}</td>
    <td>${names} (${a.alerts})</td>
    <td>${status(OUTCOME_KIND[a.outcome], a.outcome)}</td>
    <td class="num">${a.attempts}</td>
    <td>${a.reason ?? '—'}${a.detail ? html`<br />${a.detail}` : ''}</td>
  </tr>`;
}

export async function notificationsPage(
  ctx: ConsoleContext,
  message?: { text: string; error: boolean },
): Promise<Html> {
  const notifier = ctx.engine.notifier;
  if (!notifier) return withoutNotifier(ctx, 'Notifications', '/notifications');
  const now = ctx.now();
  const pending = notifier
    .pending()
    .slice(0, MAX_ROWS)
    .map(
      (n) =>
        html`<tr>
          <td>${n.receiver}</td>
          <td>${n.integration}</td>
          <td>${alertNames(n)}</td>
          <td>${labelChips(n.groupLabels)}</td>
          <td class="num">${n.attempts}</td>
          <td>${n.lastError ? status('warn', n.lastError) : '—'}</td>
          <td>${n.nextAttemptAt > now ? `in ${formatAge(now, n.nextAttemptAt).replace(/ ago$/, '')}` : 'now'}</td>
          <td>${formatTime(n.createdAt)}</td>
        </tr>`,
    );
  const actions = !ctx.readOnly;
  const dead = [...notifier.deadLetters()]
    .reverse()
    .slice(0, MAX_ROWS)
    .map((d) => {
      const id = d.notification.id;
      const buttons = actions
        ? html`<form
              class="inline"
              method="post"
              action="${href(ctx, `/notifications/dead-letters/${encodeURIComponent(id)}/retry`)}"
            >
              <button type="submit" aria-label="Retry dead letter ${id}">Retry</button>
            </form>
            <form
              class="inline"
              method="post"
              action="${href(ctx, `/notifications/dead-letters/${encodeURIComponent(id)}/drop`)}"
            >
              <button class="danger" type="submit" aria-label="Drop dead letter ${id}">Drop</button>
            </form>`
        : '';
      return html`<tr class="problem" id="${id}">
        <td>${d.notification.receiver}</td>
        <td>${d.notification.integration}</td>
        <td>${alertNames(d.notification)}</td>
        <td>${status('bad', d.reason)}${detailOf(d) ? html`<br />${detailOf(d)}` : ''}</td>
        <td class="num">${d.notification.attempts}</td>
        <td>${formatTime(d.failedAt)}</td>
        <td>${buttons}</td>
      </tr>`;
    });
  const recent = notifier.recentDeliveries().flatMap(({ attempts }) => attempts.map(recentRow));
  const receivers = [...(await perReceiver(ctx))].map(
    ([key, c]) =>
      html`<tr>
        <td>${key}</td>
        <td class="num">${c.sent}</td>
        <td>${c.failed.size ? [...c.failed].map(([reason, n]) => html`${status('bad', reason)} ${n}<br />`) : '0'}</td>
      </tr>`,
  );
  return page(ctx, {
    title: 'Notifications',
    active: '/notifications',
    body: html`<h1>Notifications</h1>
      ${notice(message)} ${timeIntervalsSection(notifier.timeIntervalStatus())}
      <h2>Pending deliveries (${notifier.pending().length})</h2>
      ${table('The outbox: written to disk before the first attempt', ['Receiver', 'Integration', 'Alerts', 'Group', 'Attempts', 'Last failure', 'Next attempt', 'Created'], pending, 'Nothing is waiting to be delivered.')}
      <h2>Deliveries per receiver (since the agent started)</h2>
      ${table('Accepted and failed attempts', ['Receiver · integration', 'Delivered', 'Failed attempts by reason'], receivers, 'Nothing was sent yet.')}
      <h2>Recent deliveries per receiver</h2>
      ${table(`The last ${RECENT_PER_RECEIVER} attempts of each receiver, newest first`, ['Time', 'Receiver · integration', 'Group', 'Alerts', 'Status', 'Attempts', 'Error'], recent, 'No delivery attempt yet.')}
      <h2>Dead letters (${notifier.deadLetters().length})</h2>
      ${table('Notifications that failed permanently, newest first', ['Receiver', 'Integration', 'Alerts', 'Reason', 'Attempts', 'Failed at', 'Action'], dead, 'No dead letter.')} `,
  });
}
