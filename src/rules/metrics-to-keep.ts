import { metricNamesRead, type Expr, type MetricNameFilter } from '../promql/index.js';

/** Metrics whose history the store keeps even when no rule reads them: the agent's own health. */
const ALWAYS_KEPT = ['pg_up', 'pg_scrape_collector_success'];

/**
 * Which metric names the store must keep: those the rules and other queries read ('any' when a selector does not
 * name its metric). A large database has tens of thousands of per-table series that no rule reads; keeping their
 * history would cost most of the agent's memory for nothing.
 */
export function metricsToKeep(exprs: readonly Expr[]): MetricNameFilter | 'any' {
  const keep: MetricNameFilter = { names: new Set(ALWAYS_KEPT), patterns: [] };
  for (const expr of exprs) {
    const read = metricNamesRead(expr);
    if (read === 'any') return 'any';
    read.names.forEach((n) => keep.names.add(n));
    keep.patterns.push(...read.patterns);
  }
  return keep;
}
