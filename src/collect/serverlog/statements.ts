// The slowest normalized statements by total time, in bounded memory. Up to `tracked` statements are kept with their
// counts; when full, the one with the least total time makes room (a new statement starts from that total, the
// Space-Saving rule, so a frequent statement cannot be starved out by a stream of new ones). The top `exported` are
// shown, labelled by a short hash and the normalized text (never literal values).
import { createHash } from 'node:crypto';
import type { MetricFamily } from '../model.js';
import { normalizeStatement } from './normalize.js';

interface Tracked {
  readonly query: string;
  readonly queryHash: string;
  calls: number;
  seconds: number;
}

const LABEL_TEXT = 200;

export class TopStatements {
  private readonly byQuery = new Map<string, Tracked>();

  constructor(
    private readonly exported: number,
    private readonly tracked = Math.max(exported * 10, 100),
  ) {}

  add(statement: string, seconds: number): void {
    const query = normalizeStatement(statement);
    if (query === '') return;
    let t = this.byQuery.get(query);
    if (!t) {
      let floor = 0;
      if (this.byQuery.size >= this.tracked) {
        const least = [...this.byQuery.values()].reduce((a, b) => (b.seconds < a.seconds ? b : a));
        this.byQuery.delete(least.query);
        floor = least.seconds;
      }
      const queryHash = createHash('sha256').update(query).digest('hex').slice(0, 16);
      t = { query, queryHash, calls: 0, seconds: floor };
      this.byQuery.set(query, t);
    }
    t.calls += 1;
    t.seconds += seconds;
  }

  top(): Tracked[] {
    return [...this.byQuery.values()].sort((a, b) => b.seconds - a.seconds).slice(0, this.exported);
  }

  families(): MetricFamily[] {
    const top = this.top();
    const labels = (t: Tracked) => ({ queryid: t.queryHash, query: t.query.slice(0, LABEL_TEXT) });
    return [
      {
        name: 'pg_log_statement_seconds_total',
        type: 'counter',
        help: 'Total duration of the slowest normalized statements in duration: lines (top N by total time).',
        samples: top.map((t) => ({ labels: labels(t), value: t.seconds })),
      },
      {
        name: 'pg_log_statement_calls_total',
        type: 'counter',
        help: 'duration: lines of the slowest normalized statements (top N by total time).',
        samples: top.map((t) => ({ labels: labels(t), value: t.calls })),
      },
    ];
  }
}
