// Overview (`/`): every target at a glance, the alerts by severity, the newest good backups and the outbox.
import type { Sampler } from '../../collect/sampler.js';
import { alertCounts } from '../alert-view.js';
import type { ConsoleContext } from '../context.js';
import { formatAge, formatBytes, formatDuration, formatPercent, formatSeconds } from '../format.js';
import { html, type Html } from '../html.js';
import { href, page, status, table } from '../layout.js';
import { currentAlerts } from '../live.js';
import {
  cacheHitRatio,
  collectorStatuses,
  databaseSizes,
  formatServerVersion,
  samplesOf,
  sumOf,
  valueOf,
} from '../snapshot-read.js';

const MAX_DATABASES_SHOWN = 5;

function targetCard(ctx: ConsoleContext, sampler: Sampler, now: number): Html {
  const snapshot = sampler.latest?.snapshot;
  const name = sampler.target.name;
  const up = valueOf(snapshot, 'pg_up') === 1;
  const since = ctx.upSince.since(name);
  const failing = collectorStatuses(snapshot).filter((c) => !c.success);
  const replica = valueOf(snapshot, 'pg_replication_is_replica');
  const started = valueOf(snapshot, 'pg_postmaster_start_time_seconds');
  const used = sumOf(snapshot, 'pg_stat_activity_count');
  const max = valueOf(snapshot, 'pg_settings_max_connections');
  const sizes = databaseSizes(snapshot);
  const collectedAt = valueOf(snapshot, 'pgwarden_collection_timestamp_seconds');
  const state =
    snapshot === undefined ? status('warn', 'not collected yet') : up ? status('ok', 'up') : status('bad', 'DOWN');
  return html`<section class="card${!up || failing.length ? ' down' : ''}" aria-labelledby="t-${name}">
    <h2 id="t-${name}"><a href="${href(ctx, `/targets/${encodeURIComponent(name)}`)}">${name}</a> ${state}</h2>
    <dl>
      <dt>${up ? 'Up' : 'Down'} since</dt>
      <dd>${since === undefined ? '—' : formatAge(since, now)}</dd>
      <dt>Server</dt>
      <dd>
        ${formatServerVersion(sampler.target.serverVersionNum) ?? '—'}${
          replica === undefined ? '' : replica === 1 ? ' · replica' : ' · primary'
        }
      </dd>
      <dt>Uptime</dt>
      <dd>${started === undefined ? '—' : formatDuration(now / 1000 - started)}</dd>
      <dt>Connections</dt>
      <dd>${used ?? '—'} of ${max ?? '—'}</dd>
      <dt>Cache hit ratio</dt>
      <dd>${formatPercent(cacheHitRatio(snapshot))}</dd>
      <dt>Databases</dt>
      <dd>
        ${
          sizes.length
            ? [
                sizes.slice(0, MAX_DATABASES_SHOWN).map((d) => html`${d.database} ${formatBytes(d.bytes)}<br />`),
                sizes.length > MAX_DATABASES_SHOWN ? html`and ${sizes.length - MAX_DATABASES_SHOWN} more` : '',
              ]
            : '—'
        }
      </dd>
      <dt>Last collection</dt>
      <dd>
        ${collectedAt === undefined ? '—' : formatAge(collectedAt * 1000, now)}, took
        ${formatSeconds(valueOf(snapshot, 'pgwarden_collection_duration_seconds'))}
      </dd>
      <dt>Collectors failing</dt>
      <dd>${failing.length ? status('bad', failing.map((c) => c.collector).join(', ')) : status('ok', 'none')}</dd>
      <dt>Target</dt>
      <dd><code>${sampler.target.config.display}</code></dd>
    </dl>
  </section>`;
}

function alertSummary(ctx: ConsoleContext): Html {
  const counts = [...alertCounts(currentAlerts(ctx))];
  if (counts.length === 0) return html`<p>${status('ok', 'No alert is firing or pending.')}</p>`;
  const rows = counts.map(
    ([severity, c]) =>
      html`<tr>
        <td><a href="${href(ctx, `/alerts?severity=${encodeURIComponent(severity)}`)}">${severity}</a></td>
        <td class="num">${c.firing ? status('bad', c.firing) : 0}</td>
        <td class="num">${c.pending}</td>
      </tr>`,
  );
  return table('Alerts by severity', ['Severity', 'Firing', 'Pending'], rows, '');
}

function backupSummary(ctx: ConsoleContext, now: number): Html {
  const rows = ctx.samplers().flatMap((sampler) =>
    samplesOf(sampler.latest?.snapshot, 'pg_backup_last_success_timestamp_seconds').map(
      (s) =>
        html`<tr>
          <td>${sampler.target.name}</td>
          <td>${s.labels.database}</td>
          <td>${s.labels.type}</td>
          <td>${formatAge(s.value * 1000, now)}</td>
        </tr>`,
    ),
  );
  return table(
    'Newest good backup',
    ['Target', 'Database', 'Type', 'Age'],
    rows,
    'No backup directory is configured, or it holds no good backup.',
  );
}

function outboxSummary(ctx: ConsoleContext): Html {
  const notifier = ctx.engine.notifier;
  if (!notifier) return html`<p class="empty">No receiver is configured (alerting: in the configuration).</p>`;
  const dead = notifier.deadLetters().length;
  return html`<p>
    <a href="${href(ctx, '/notifications')}">Outbox</a>: ${notifier.pending().length} pending,
    ${dead ? status('bad', `${dead} dead letters`) : '0 dead letters'}
  </p>`;
}

export function overviewPage(ctx: ConsoleContext): Html {
  const now = ctx.now();
  const samplers = ctx.samplers();
  return page(ctx, {
    title: 'Overview',
    active: '/',
    body: html`<h1>Overview</h1>
      <div class="cards">${samplers.map((s) => targetCard(ctx, s, now))}</div>
      <h2>Alerts</h2>
      ${alertSummary(ctx)}
      <h2>Backups</h2>
      ${backupSummary(ctx, now)}
      <h2>Notifications</h2>
      ${outboxSummary(ctx)}`,
  });
}
