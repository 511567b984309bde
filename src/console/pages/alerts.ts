// Alerts (`/alerts`): firing and pending alerts, filtered by Alertmanager matchers, target and severity. Notification
// messages link here with `?fingerprint=…`; that alert is highlighted.
import { formatMatcher, parseMatchers, type Matcher } from '../../notify/matcher.js';
import { filterAlerts, sortAlerts, type AlertView } from '../alert-view.js';
import type { ConsoleContext } from '../context.js';
import { formatAge } from '../format.js';
import { html, type Html } from '../html.js';
import { href, labelChips, page, status, table } from '../layout.js';
import { currentAlerts } from '../live.js';
import { flappingSection } from '../flapping-section.js';

export interface AlertsQuery {
  readonly fingerprint?: string | undefined;
  readonly filter?: string | undefined;
  readonly target?: string | undefined;
  readonly severity?: string | undefined;
}

/** `{a="b", c="d"}`: the matchers a silence of exactly these labels needs. */
export function labelsAsMatchers(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels)
    .map(([name, value]) => formatMatcher({ name, type: '=', value }))
    .join(', ')}}`;
}

function alertRow(ctx: ConsoleContext, view: AlertView, highlighted: string | undefined, now: number): Html {
  const { alert } = view;
  const notes = (['summary', 'description'] as const)
    .filter((k) => alert.annotations[k])
    .map((k) => html`<p><b>${k}</b>: ${alert.annotations[k]}</p>`);
  const runbook = alert.annotations.runbook_url ?? alert.annotations.runbook;
  const severity = alert.labels.severity ?? '';
  const silence = ctx.readOnly
    ? ''
    : html`<a href="${href(ctx, `/silences?matchers=${encodeURIComponent(labelsAsMatchers(alert.labels))}#new`)}"
        >Silence…</a
      >`;
  const state = view.silencedBy.length
    ? status('info', 'silenced')
    : view.inhibited
      ? status('info', 'inhibited')
      : alert.state === 'firing'
        ? status('bad', 'firing')
        : status('warn', 'pending');
  return html`<tr
    id="${view.fingerprint}"
    ${view.fingerprint === highlighted ? html` class="highlight" aria-current="true"` : ''}
  >
    <td><b>${alert.labels.alertname}</b></td>
    <td>${state}${view.flapping ? html` ${status('warn', 'flapping')}` : ''}</td>
    <td>${severity === 'critical' ? status('bad', severity) : severity}</td>
    <td>${alert.labels.instance}</td>
    <td>${formatAge(Date.parse(alert.activeAt), now)}</td>
    <td class="num">${alert.value}</td>
    <td>
      ${labelChips(alert.labels)}${notes}${
        runbook && /^https?:\/\//.test(runbook) ? html`<p><a href="${runbook}" rel="noreferrer">Runbook</a></p>` : ''
      }${view.silencedBy.length ? html`<p>Muted by silence ${view.silencedBy.map((id) => html`<a href="${href(ctx, `/silences#${id}`)}"><code>${id.slice(0, 8)}</code></a> `)}</p>` : ''}
    </td>
    <td>${silence}</td>
  </tr>`;
}

function filterForm(
  ctx: ConsoleContext,
  query: AlertsQuery,
  targets: readonly string[],
  error: string | undefined,
): Html {
  const option = (value: string, current: string | undefined, text = value) =>
    html`<option value="${value}" ${value === (current ?? '') ? html` selected` : ''}>${text}</option>`;
  return html`<form class="panel" method="get" action="${href(ctx, '/alerts')}" role="search">
    <div class="row">
      <label
        >Matchers (Alertmanager syntax)<input
          class="wide"
          name="filter"
          value="${query.filter ?? ''}"
          placeholder='alertname=~"Postgres.*", env="prod"'
      /></label>
      <label
        >Target<select name="target">
          ${option('', query.target, 'all')}${targets.map((t) => option(t, query.target))}
        </select></label
      >
      <label
        >Severity<select name="severity">
          ${['', 'critical', 'warning', 'info'].map((s) => option(s, query.severity, s || 'all'))}
        </select></label
      >
      <button type="submit">Filter</button>
    </div>
    ${error ? html`<p class="message error" role="alert">${error}</p>` : ''}
  </form>`;
}

export function alertsPage(ctx: ConsoleContext, query: AlertsQuery): Html {
  const now = ctx.now();
  let matchers: Matcher[] = [];
  let error: string | undefined;
  try {
    matchers = query.filter ? parseMatchers([query.filter]) : [];
  } catch (e) {
    error = (e as Error).message;
  }
  const all = currentAlerts(ctx);
  const shown = sortAlerts(
    filterAlerts(all, { matchers, target: query.target || undefined, severity: query.severity || undefined }),
  );
  const gone = query.fingerprint !== undefined && !all.some((v) => v.fingerprint === query.fingerprint);
  const targets = ctx.samplers().map((s) => s.target.name);
  return page(ctx, {
    title: 'Alerts',
    active: '/alerts',
    body: html`<h1>Alerts</h1>
      ${gone ? html`<p class="message" role="status">The linked alert is no longer active.</p>` : ''}
      ${filterForm(ctx, query, targets, error)}
      <p>${shown.length} of ${all.length} alerts shown.</p>
      ${table(
        'Firing and pending alerts',
        ['Alert', 'State', 'Severity', 'Target', 'Active since', 'Value', 'Labels and annotations', 'Action'],
        shown.map((v) => alertRow(ctx, v, query.fingerprint, now)),
        all.length ? 'No alert matches the filter.' : 'No alert is pending or firing.',
      )}
      ${flappingSection(ctx.engine.flaps.flapping(), ctx.engine.externalLabels)}`,
  });
}
