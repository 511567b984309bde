// The Query page's graph: the expression evaluated at evenly spaced instants over the history the store keeps, as
// uPlot's column arrays. Pure over the store; the series are capped so a broad selector cannot flood the browser.
import { evaluateInstant, parsePromql, type SampleStore } from '../promql/index.js';

export const GRAPH_STEPS = 120;
export const MAX_GRAPH_SERIES = 20;

export interface GraphData {
  /** Unix seconds, one per step. */
  readonly times: number[];
  readonly series: { name: string; values: (number | null)[] }[];
  /** Series left out by the cap. */
  readonly omitted: number;
}

const seriesName = (metric: Readonly<Record<string, string>>) => {
  const { __name__: name = '', ...rest } = metric;
  const labels = Object.entries(rest).map(([k, v]) => `${k}="${v}"`);
  return `${name}{${labels.join(', ')}}`;
};

export function graphData(store: SampleStore, expr: string, endMs: number, rangeMs: number): GraphData {
  const parsed = parsePromql(expr);
  const step = rangeMs / (GRAPH_STEPS - 1);
  const times: number[] = [];
  const byName = new Map<string, (number | null)[]>();
  const omitted = new Set<string>();
  for (let i = 0; i < GRAPH_STEPS; i += 1) {
    const t = Math.round(endMs - rangeMs + i * step);
    times.push(t / 1000);
    const value = evaluateInstant(parsed, store, t);
    const points =
      value.resultType === 'vector'
        ? value.result.map((s) => [seriesName(s.metric), s.value] as const)
        : value.resultType === 'scalar'
          ? [['scalar', value.result] as const]
          : [];
    for (const [name, v] of points) {
      let values = byName.get(name);
      if (!values) {
        if (byName.size >= MAX_GRAPH_SERIES) {
          omitted.add(name);
          continue;
        }
        values = new Array<number | null>(GRAPH_STEPS).fill(null);
        byName.set(name, values);
      }
      values[i] = Number.isFinite(v) ? v : null;
    }
  }
  return { times, series: [...byName].map(([name, values]) => ({ name, values })), omitted: omitted.size };
}
