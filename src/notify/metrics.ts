// Notification metrics on a dedicated prom-client Registry (histograms need prom-client's types; MetricFamily has
// none). The HTTP layer merges it: `Registry.merge([main, notifier.registry])` or `await notifier.registry.metrics()`.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class NotifyMetrics {
  readonly registry = new Registry();
  readonly sent: Counter<'receiver' | 'integration'>;
  readonly failed: Counter<'receiver' | 'integration' | 'reason'>;
  readonly latency: Histogram<'receiver' | 'integration'>;

  constructor(pending: () => number, deadLetters: () => number = () => 0) {
    const registers = [this.registry];
    this.sent = new Counter({
      name: 'pgwarden_notifications_total',
      help: 'Notifications accepted by a receiver.',
      labelNames: ['receiver', 'integration'],
      registers,
    });
    this.failed = new Counter({
      name: 'pgwarden_notifications_failed_total',
      help: 'Failed notification attempts, by reason (each retry counts; permanent failures end in the dead-letter list).',
      labelNames: ['receiver', 'integration', 'reason'],
      registers,
    });
    this.latency = new Histogram({
      name: 'pgwarden_notification_latency_seconds',
      help: 'Time from a notification becoming due to a receiver accepting it.',
      labelNames: ['receiver', 'integration'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    });
    new Gauge({
      name: 'pgwarden_outbox_pending',
      help: 'Notifications due but not yet accepted by their receiver.',
      registers,
      collect() {
        this.set(pending());
      },
    });
    new Gauge({
      name: 'pgwarden_notifications_dead_letters',
      help: 'Notifications that failed for good and wait in the dead-letter list (retry or drop them).',
      registers,
      collect() {
        this.set(deadLetters());
      },
    });
  }
}
