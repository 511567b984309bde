// Drill verdicts as metric families, per (database, type), from the history in state_dir (so a restart answers at
// once). `pg_backup_restore_test_schedule_seconds` lets a rule say "no success within twice the schedule".
import { familyOf, type MetricFamily, type Sample } from '../../model.js';
import type { GroupVerdict } from './history.js';
import { RESTORE_PROBLEMS } from './model.js';

export interface DrilledGroup {
  readonly database: string;
  readonly type: string;
  readonly scheduleSeconds: number;
  readonly verdict?: GroupVerdict;
}

type Value = (g: DrilledGroup & { verdict: GroupVerdict }) => number | undefined;

const GAUGES: ReadonlyArray<[string, string, Value]> = [
  [
    'pg_backup_restore_test_last_success_timestamp_seconds',
    'When the newest successful restore drill finished (0: none succeeded).',
    (g) => (g.verdict.lastSuccessAt ?? 0) / 1000,
  ],
  [
    'pg_backup_restore_test_last_run_timestamp_seconds',
    'When the newest restore drill finished.',
    (g) => g.verdict.last.finishedAt / 1000,
  ],
  [
    'pg_backup_restore_test_duration_seconds',
    'How long the newest restore drill took.',
    (g) => (g.verdict.last.finishedAt - g.verdict.last.startedAt) / 1000,
  ],
  [
    'pg_backup_restore_test_success',
    '1 when the newest restore drill succeeded.',
    (g) => (g.verdict.last.success ? 1 : 0),
  ],
  ['pg_backup_restore_test_tables', 'Tables the newest restore drill restored.', (g) => g.verdict.last.tables],
  [
    'pg_backup_restore_test_rows',
    'Rows the newest restore drill restored (after ANALYZE; exact up to 30,000 rows per table).',
    (g) => g.verdict.last.rows,
  ],
];

export function restoreFamilies(groups: readonly DrilledGroup[], running: number): MetricFamily[] {
  const labelsOf = (g: DrilledGroup) => ({ database: g.database, type: g.type });
  const judged = groups.filter((g): g is DrilledGroup & { verdict: GroupVerdict } => g.verdict !== undefined);
  const families = GAUGES.map(([name, help, value]) => {
    const samples: Sample[] = [];
    for (const g of judged) {
      const v = value(g);
      if (v !== undefined) samples.push({ labels: labelsOf(g), value: v });
    }
    return familyOf(name, 'gauge', help, samples);
  });
  const problems: Sample[] = judged.flatMap((g) =>
    RESTORE_PROBLEMS.map((problem) => ({
      labels: { ...labelsOf(g), problem },
      value: g.verdict.last.problems.includes(problem) ? 1 : 0,
    })),
  );
  families.push(
    familyOf('pg_backup_restore_test_problems', 'gauge', 'Problems of the newest restore drill (1: found).', problems),
    familyOf(
      'pg_backup_restore_test_schedule_seconds',
      'gauge',
      'How often restore drills are scheduled.',
      groups.map((g) => ({ labels: labelsOf(g), value: g.scheduleSeconds })),
    ),
    familyOf('pg_backup_restore_test_running', 'gauge', 'Restore drills running now.', [
      { labels: {}, value: running },
    ]),
  );
  return families;
}
