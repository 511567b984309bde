// Report sections about backups from the store: per (database, type) the newest good backup, every problem with
// the file that has it (when the run knows the files), the WAL archive and the backup filesystems.
import type { Built } from './activity.js';
import { formatBytes, formatCount, formatPercent, formatSeconds } from './format.js';
import { byLabels, keyOf, largest, prefix, query, type StoreView } from './store.js';

const GROUP = ['instance', 'database', 'type'];

function byName(view: StoreView, expr: string, names: readonly string[]) {
  return query(view, expr).sort((a, b) => (keyOf(a.metric, names) < keyOf(b.metric, names) ? -1 : 1));
}

export function backups(view: StoreView): Built {
  const groups = byName(view, 'pg_backup_files', GROUP);
  const success = byLabels(query(view, 'pg_backup_last_success_timestamp_seconds'), GROUP);
  const newest = byLabels(query(view, 'pg_backup_last_timestamp_seconds'), GROUP);
  const size = byLabels(query(view, 'pg_backup_last_size_bytes'), GROUP);
  const nowSeconds = view.timeMs / 1000;
  const rows = groups.map((g) => {
    const key = keyOf(g.metric, GROUP);
    const good = success.get(key);
    return {
      instance: g.metric.instance ?? null,
      database: g.metric.database ?? '',
      type: g.metric.type ?? '',
      files: g.value,
      last_success: good !== undefined && good > 0 ? new Date(good * 1000).toISOString() : null,
      last_success_age_seconds: good !== undefined && good > 0 ? Math.max(0, nowSeconds - good) : null,
      verification_pending: good === undefined,
      newest_age_seconds: newest.has(key) ? Math.max(0, nowSeconds - (newest.get(key) as number)) : null,
      newest_bytes: size.get(key) ?? null,
    };
  });
  const lines = rows.map((r, i) => {
    const good = r.verification_pending
      ? 'newest backups still being verified'
      : r.last_success_age_seconds === null
        ? 'no good backup'
        : `last good ${formatSeconds(r.last_success_age_seconds)} ago`;
    const latest =
      r.newest_age_seconds === null
        ? ''
        : `, newest ${formatSeconds(r.newest_age_seconds)} ago` +
          (r.newest_bytes === null ? '' : ` (${formatBytes(r.newest_bytes)})`);
    return `${prefix(view, groups[i]!.metric)}${r.database} ${r.type}: ${good}${latest}, ${formatCount(r.files)} files`;
  });
  return { rows, lines };
}

/** Every (database, type, problem) with a count and, when known, one file that has it. */
export function backupProblems(view: StoreView): Built {
  const problems = byName(view, 'pg_backup_problems > 0', [...GROUP, 'problem']);
  const rows = problems.map((p) => {
    const example = view.backupExamples?.get(
      [p.metric.database ?? '', p.metric.type ?? '', p.metric.problem ?? ''].join('\u0000'),
    );
    return {
      instance: p.metric.instance ?? null,
      database: p.metric.database ?? '',
      type: p.metric.type ?? '',
      problem: p.metric.problem ?? '',
      files: p.value,
      example: example ?? null,
    };
  });
  const lines = rows.map(
    (r, i) =>
      `${prefix(view, problems[i]!.metric)}${r.database} ${r.type}: ${r.problem.replace(/_/g, ' ')} in ` +
      (r.example === null
        ? `${formatCount(r.files)} backup${r.files === 1 ? '' : 's'}`
        : `${r.example}${r.files > 1 ? ` and ${formatCount(r.files - 1)} more` : ''}`),
  );
  return { rows, lines };
}

export function walArchive(view: StoreView): Built {
  const archives = byName(view, 'pg_wal_archive_files', ['instance', 'path']);
  const last = byLabels(query(view, 'pg_wal_archive_last_timestamp_seconds'), ['instance', 'path']);
  const bytes = byLabels(query(view, 'pg_wal_archive_size_bytes'), ['instance', 'path']);
  const nowSeconds = view.timeMs / 1000;
  const rows = archives.map((a) => {
    const key = keyOf(a.metric, ['instance', 'path']);
    const newest = last.get(key);
    return {
      instance: a.metric.instance ?? null,
      path: a.metric.path ?? '',
      files: a.value,
      bytes: bytes.get(key) ?? null,
      newest_age_seconds: newest !== undefined && newest > 0 ? Math.max(0, nowSeconds - newest) : null,
    };
  });
  const lines = rows.map(
    (r, i) =>
      `${prefix(view, archives[i]!.metric)}${r.path}: ` +
      (r.newest_age_seconds === null ? 'no WAL file' : `newest ${formatSeconds(r.newest_age_seconds)} ago`) +
      `, ${formatCount(r.files)} files${r.bytes === null ? '' : `, ${formatBytes(r.bytes)}`}`,
  );
  return { rows, lines };
}

export function backupFilesystems(view: StoreView): Built {
  const sizes = largest(query(view, 'pg_backup_filesystem_size_bytes > 0'), Number.MAX_SAFE_INTEGER);
  const avail = byLabels(query(view, 'pg_backup_filesystem_avail_bytes'), ['instance', 'path']);
  const rows = sizes.map((s) => {
    const free = avail.get(keyOf(s.metric, ['instance', 'path'])) ?? null;
    return { instance: s.metric.instance ?? null, path: s.metric.path ?? '', size_bytes: s.value, avail_bytes: free };
  });
  const lines = rows.map(
    (r, i) =>
      `${prefix(view, sizes[i]!.metric)}${r.path}: ` +
      (r.avail_bytes === null
        ? `${formatBytes(r.size_bytes)}`
        : `${formatBytes(r.avail_bytes)} free of ${formatBytes(r.size_bytes)} (${formatPercent(r.avail_bytes / r.size_bytes)})`),
  );
  return { rows, lines };
}
