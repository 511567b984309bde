// The remote-write queues' own metrics: what went in, out, failed, was dropped, what waits, and how far behind.
import { familyOf, type MetricFamily } from '../collect/model.js';
import type { RemoteWriter } from './writer.js';

type Pick = (w: RemoteWriter) => number;

const COUNTERS: ReadonlyArray<[string, string, Pick]> = [
  ['samples_total', 'Samples queued for sending.', (w) => w.stats.samplesIn],
  ['samples_sent_total', 'Samples the receiver accepted.', (w) => w.stats.samplesSent],
  ['samples_failed_total', 'Samples the receiver rejected for good (4xx); dropped.', (w) => w.stats.samplesFailed],
  ['samples_retried_total', 'Samples in requests that failed and were retried.', (w) => w.stats.samplesRetried],
  ['samples_dropped_total', 'Samples dropped because the disk queue was full.', (w) => w.droppedSamples],
  ['requests_failed_total', 'Requests that failed (retried or rejected).', (w) => w.stats.requestsFailed],
];

const GAUGES: ReadonlyArray<[string, string, Pick]> = [
  ['samples_pending', 'Samples in the disk queue, not yet accepted.', (w) => w.pendingSamples],
  ['queue_bytes', 'Size of the disk queue in bytes.', (w) => w.queueBytes],
  ['highest_timestamp_seconds', 'Newest sample timestamp queued.', (w) => w.stats.highestQueuedMs / 1000],
  ['highest_sent_timestamp_seconds', 'Newest sample timestamp accepted.', (w) => w.stats.highestSentMs / 1000],
  [
    'lag_seconds',
    'Age of the oldest sample still waiting to be accepted (0 when nothing waits).',
    (w) => w.lagSeconds(Date.now()),
  ],
];

export function remoteWriteFamilies(writers: readonly RemoteWriter[]): MetricFamily[] {
  if (writers.length === 0) return [];
  const family = (suffix: string, type: 'counter' | 'gauge', help: string, pick: Pick) =>
    familyOf(
      `pgwarden_remote_write_${suffix}`,
      type,
      help,
      writers.map((w) => ({ labels: { remote_name: w.name }, value: pick(w) })),
    );
  return [
    ...COUNTERS.map(([s, h, p]) => family(s, 'counter', h, p)),
    ...GAUGES.map(([s, h, p]) => family(s, 'gauge', h, p)),
  ];
}
