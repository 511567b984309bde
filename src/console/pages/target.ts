// Target (`/targets/NAME`): each collector's last run, the databases seen, and the settings `pgwarden doctor` checks.
import type { Sampler } from '../../collect/sampler.js';
import { assessCollector, type ServerFacts } from '../../collect/readiness.js';
import { sqlForVersion } from '../../collect/definition.js';
import type { ConsoleContext } from '../context.js';
import { formatAge, formatSeconds } from '../format.js';
import { html, type Html } from '../html.js';
import { href, page, status, table } from '../layout.js';
import { collectorStatuses, databasesSeen, formatServerVersion, valueOf } from '../snapshot-read.js';

const MAX_DATABASES_SHOWN = 200;

function collectorRows(sampler: Sampler): Html[] {
  const snapshot = sampler.latest?.snapshot;
  return collectorStatuses(snapshot).map((c) => {
    const error = c.success ? undefined : sampler.lastError(c.collector);
    return html`<tr class="${c.success ? '' : 'problem'}">
      <td>${c.collector}</td>
      <td>${c.success ? status('ok', 'ok') : status('bad', 'failing')}</td>
      <td class="num">${formatSeconds(c.durationSeconds)}</td>
      <td class="num">${sampler.sampleCounts.get(c.collector) ?? '—'}</td>
      <td class="num">${c.droppedSeries ? status('warn', c.droppedSeries) : (c.droppedSeries ?? '—')}</td>
      <td>${error ? html`<pre>${error}</pre>` : ''}</td>
    </tr>`;
  });
}

const yesNo = (ok: boolean, yes: string, no: string) => (ok ? status('ok', yes) : status('warn', no));

function settings(sampler: Sampler, facts: ServerFacts | undefined): Html {
  if (!facts)
    return html`<p class="empty">
      The server could not be asked (it is down, or the role may not read the settings).
    </p>`;
  const preload = facts.sharedPreloadLibraries;
  const rows = [
    html`<tr>
      <th scope="row">track_io_timing</th>
      <td>${yesNo(facts.trackIoTiming, 'on', 'off')}</td>
    </tr>`,
    html`<tr>
      <th scope="row">pg_stat_statements</th>
      <td>
        ${yesNo(
          facts.installedExtensions.includes('pg_stat_statements'),
          'created in the connected database',
          'not created in the connected database',
        )}
      </td>
    </tr>`,
    html`<tr>
      <th scope="row">shared_preload_libraries</th>
      <td><code>${preload === null ? '(not readable by this role)' : preload.join(', ') || '(empty)'}</code></td>
    </tr>`,
    html`<tr>
      <th scope="row">Role</th>
      <td>
        ${facts.role}${facts.superuser ? ' (superuser)' : ''}${
          facts.pgMonitor ? ' · member of pg_monitor' : status('warn', ' · not a member of pg_monitor')
        }
      </td>
    </tr>`,
  ];
  // The doctor's notes per collector, with the agent's last run standing in for the doctor's trial run.
  const statuses = new Map(collectorStatuses(sampler.latest?.snapshot).map((c) => [c.collector, c] as const));
  const notes = sampler.sqlCollectors.flatMap((collector) => {
    const def = collector.definition;
    const last = statuses.get(def.name);
    const report = assessCollector(
      {
        name: def.name,
        enabled: true,
        scope: def.scope,
        requiresExtension: def.requires_extension,
        supported: sqlForVersion(def.queries, facts.major) !== undefined,
      },
      facts,
      last && !last.success ? { ok: false, message: sampler.lastError(def.name) } : undefined,
    );
    return report.status === 'ok'
      ? []
      : [
          html`<li>
            <b>${report.collector}</b> ${status(report.status === 'failing' ? 'bad' : 'warn', report.status)}:
            ${report.notes.join('; ')}
          </li>`,
        ];
  });
  return html`<div class="scroll">
      <table>
        <caption>
          Settings that matter
        </caption>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>
    <h3>What <code>pgwarden doctor</code> would say</h3>
    ${
      notes.length
        ? html`<ul>
            ${notes}
          </ul>`
        : html`<p>${status('ok', 'Every collector can run fully.')}</p>`
    }`;
}

export function targetPage(ctx: ConsoleContext, sampler: Sampler, facts: ServerFacts | undefined): Html {
  const now = ctx.now();
  const snapshot = sampler.latest?.snapshot;
  const up = valueOf(snapshot, 'pg_up') === 1;
  const databases = databasesSeen(snapshot);
  const name = sampler.target.name;
  return page(ctx, {
    title: `Target ${name}`,
    active: '',
    body: html`<h1>Target ${name} ${up ? status('ok', 'up') : status('bad', 'DOWN')}</h1>
      <p class="summary">
        <span>Server ${formatServerVersion(sampler.target.serverVersionNum) ?? '—'}</span>
        <span>Connection <code>${sampler.target.config.display}</code></span>
        <span>Last collection ${snapshot ? formatAge(snapshot.timestamp, now) : '—'}</span>
        <span><a href="${href(ctx, `/alerts?target=${encodeURIComponent(name)}`)}">Alerts of this target</a></span>
      </p>
      <h2>Collectors</h2>
      ${table('Collectors in the last collection', ['Collector', 'State', 'Duration', 'Rows', 'Dropped series', 'Last error'], collectorRows(sampler), 'No collection has finished yet.')}
      <h2>Databases seen</h2>
      ${databases.length ? html`<p>${databases.slice(0, MAX_DATABASES_SHOWN).join(', ')}${databases.length > MAX_DATABASES_SHOWN ? ` and ${databases.length - MAX_DATABASES_SHOWN} more` : ''}</p>` : html`<p class="empty">None yet.</p>`}
      <h2>Server settings</h2>
      ${settings(sampler, facts)}`,
  });
}
