import type { CollectorOutcome } from './collect-target.js';
import { governorFamilies } from './governor.js';
import type { MetricFamily } from './model.js';

/** How the last collection kept its schedule. */
export interface ScheduleFigures {
  /** From its scheduled tick to its start: waiting for a slot of the budget, or for the event loop. */
  readonly lagSeconds: number;
  /** Ticks skipped since the agent started because a collection still ran at its next tick. */
  readonly missedTicks: number;
}

/** The sampler's own families for one collection (exported so dashboards and tests can list the names). */
export function outcomeFamilies(
  up: boolean,
  outcomes: readonly CollectorOutcome[],
  startedMs: number,
  elapsedSeconds: number,
  collections: number,
  schedule: ScheduleFigures = { lagSeconds: 0, missedTicks: 0 },
): MetricFamily[] {
  const reported = outcomes.filter((o) => !o.skipped || !o.success);
  return [
    {
      name: 'pg_up',
      type: 'gauge',
      help: 'Whether the last connection to the database succeeded (1) or not (0).',
      samples: [{ labels: {}, value: up ? 1 : 0 }],
    },
    {
      name: 'pg_scrape_collector_success',
      type: 'gauge',
      help: 'Whether a collector succeeded (1) or failed (0) in the last collection.',
      samples: reported.map((o) => ({ labels: { collector: o.collector }, value: o.success ? 1 : 0 })),
    },
    {
      name: 'pg_scrape_collector_duration_seconds',
      type: 'gauge',
      help: 'How long a collector took in the last collection.',
      samples: reported.map((o) => ({ labels: { collector: o.collector }, value: o.durationSeconds })),
    },
    ...governorFamilies(outcomes),
    {
      name: 'pgwarden_collection_duration_seconds',
      type: 'gauge',
      help: 'How long the last whole collection of this target took.',
      samples: [{ labels: {}, value: elapsedSeconds }],
    },
    {
      name: 'pgwarden_collection_timestamp_seconds',
      type: 'gauge',
      help: 'When the collection behind these metrics started (Unix time); if it stops advancing, collection is stuck.',
      samples: [{ labels: {}, value: startedMs / 1000 }],
    },
    {
      name: 'pgwarden_collections_total',
      type: 'counter',
      help: 'Collections of this target since the agent started.',
      samples: [{ labels: {}, value: collections }],
    },
    {
      name: 'pgwarden_collection_lag_seconds',
      type: 'gauge',
      help: 'How late the last collection started after its scheduled time (waiting for a slot of collection_concurrency).',
      samples: [{ labels: {}, value: schedule.lagSeconds }],
    },
    {
      name: 'pgwarden_collection_ticks_missed_total',
      type: 'counter',
      help: 'Scheduled collections skipped because the previous collection of this target was still running.',
      samples: [{ labels: {}, value: schedule.missedTicks }],
    },
  ];
}
