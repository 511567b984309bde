// Backups (`/backups`): per target and (database, type): the newest backup and the newest good one with their ages,
// the size of the kept files, problems and verification, off-site copies; WAL archive freshness; free space;
// pgBackRest stanzas.
// Everything comes from the backup families of the target's last snapshot (the same numbers the alerts read).
import type { Snapshot } from '../../collect/model.js';
import type { Sampler } from '../../collect/sampler.js';
import type { ConsoleContext } from '../context.js';
import { formatAge, formatBytes, formatPercent } from '../format.js';
import { html, type Html } from '../html.js';
import { page, status, table } from '../layout.js';
import { samplesOf, valueOf } from '../snapshot-read.js';

const seconds = (v: number | undefined) => (v === undefined ? undefined : v * 1000);

const OFFSITE_SHOWN = ['missing', 'size_mismatch', 'checksum_mismatch'];

/** The off-site cell of one (database, type): the newest copy's age and the copies that are missing or differ. */
export function offsiteCell(snapshot: Snapshot | undefined, key: Record<string, string>, now: number): Html {
  const copies = valueOf(snapshot, 'pg_backup_offsite_files', key);
  if (copies === undefined) return html`—`;
  const newest = seconds(valueOf(snapshot, 'pg_backup_offsite_last_timestamp_seconds', key));
  const problems = samplesOf(snapshot, 'pg_backup_offsite_problems').filter(
    (p) =>
      p.value > 0 &&
      OFFSITE_SHOWN.includes(p.labels.problem ?? '') &&
      p.labels.database === key.database &&
      p.labels.type === key.type,
  );
  return html`${newest ? formatAge(newest, now) : status('bad', 'no copy')}
  ${problems.map((p) => html`<br />${status('bad', p.labels.problem)} ${p.value}`)}`;
}

function groupRows(snapshot: Snapshot | undefined, now: number): Html[] {
  return samplesOf(snapshot, 'pg_backup_files').map((s) => {
    const key = { database: s.labels.database ?? '', type: s.labels.type ?? '' };
    const newest = seconds(valueOf(snapshot, 'pg_backup_last_timestamp_seconds', key));
    const good = seconds(valueOf(snapshot, 'pg_backup_last_success_timestamp_seconds', key));
    const problems = samplesOf(snapshot, 'pg_backup_problems').filter(
      (p) => p.value > 0 && p.labels.database === key.database && p.labels.type === key.type,
    );
    const pending = valueOf(snapshot, 'pg_backup_verification_pending', key);
    const stale = good === undefined || newest === undefined || good < newest;
    return html`<tr class="${problems.length || stale ? 'problem' : ''}">
      <td>${key.database}</td>
      <td>${key.type}</td>
      <td>${formatAge(newest, now)}</td>
      <td>
        ${good === undefined ? status('bad', 'none') : stale ? status('warn', formatAge(good, now)) : formatAge(good, now)}
      </td>
      <td class="num">${s.value}</td>
      <td class="num">${formatBytes(valueOf(snapshot, 'pg_backup_total_size_bytes', key))}</td>
      <td>
        ${problems.length ? problems.map((p) => html`${status('bad', p.labels.problem)} ${p.value}<br />`) : status('ok', 'none')}
      </td>
      <td>${pending ? status('warn', `${pending} waiting`) : 'done'}</td>
      <td>${offsiteCell(snapshot, key, now)}</td>
    </tr>`;
  });
}

function pathRows(snapshot: Snapshot | undefined, now: number): Html[] {
  return samplesOf(snapshot, 'pg_backup_directory_up').map((d) => {
    const path = { path: d.labels.path ?? '' };
    const avail = valueOf(snapshot, 'pg_backup_filesystem_avail_bytes', path);
    const size = valueOf(snapshot, 'pg_backup_filesystem_size_bytes', path);
    const walLast = seconds(valueOf(snapshot, 'pg_wal_archive_last_timestamp_seconds', path));
    return html`<tr>
      <td><code>${path.path}</code></td>
      <td>${d.value === 1 ? status('ok', 'readable') : status('bad', 'unreadable')}</td>
      <td>
        ${formatBytes(avail)} of ${formatBytes(size)}
        (${formatPercent(avail !== undefined && size ? avail / size : undefined)} free)
      </td>
      <td>${walLast === undefined ? '—' : formatAge(walLast, now)}</td>
    </tr>`;
  });
}

function targetSection(sampler: Sampler, now: number): Html {
  const snapshot = sampler.latest?.snapshot;
  const stanzas = samplesOf(snapshot, 'pg_backrest_stanza_status').map(
    (s) =>
      html`<tr>
        <td>${s.labels.stanza}</td>
        <td>${s.value === 0 ? status('ok', 'ok') : status('bad', `${s.value}`)}</td>
        <td>${s.labels.status_message}</td>
      </tr>`,
  );
  const offsite = samplesOf(snapshot, 'pg_backup_offsite_up').map(
    (l) =>
      html`<tr>
        <td><code>${l.labels.location}</code></td>
        <td>${l.value === 1 ? status('ok', 'listed') : status('bad', 'cannot be listed')}</td>
      </tr>`,
  );
  return html`<h2>${sampler.target.name}</h2>
    ${table('Backups by database and type', ['Database', 'Type', 'Newest', 'Newest good', 'Files', 'Size kept', 'Problems', 'Verification', 'Off-site'], groupRows(snapshot, now), 'No backup directory is configured for this target, or it holds no backup.')}
    ${table('Directories and WAL archives', ['Path', 'State', 'Free space', 'Newest WAL file'], pathRows(snapshot, now), '')}
    ${offsite.length ? table('Off-site locations', ['Location', 'State'], offsite, '') : ''}
    ${stanzas.length ? table('pgBackRest stanzas', ['Stanza', 'Status', 'Message'], stanzas, '') : ''}`;
}

export function backupsPage(ctx: ConsoleContext): Html {
  const now = ctx.now();
  return page(ctx, {
    title: 'Backups',
    active: '/backups',
    body: html`<h1>Backups</h1>
      ${ctx.samplers().map((s) => targetSection(s, now))}`,
  });
}
