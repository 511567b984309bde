// Prometheus's PromQL test-script format (promql/testdata/*.test: `load`, `clear`, `eval[_fail|_ordered] instant at`)
// read as data and run against our engine. Values agree within Prometheus's own tolerance (relative 1e-6).
import { parseDuration } from '../../src/config/duration.js';
import {
  evaluateInstant,
  expandSeriesNotation,
  parsePromql,
  parseSeriesLabels,
  SampleStore,
  type Labels,
} from '../../src/promql/index.js';
import { parseNumberLiteral } from '../../src/promql/lexical.js';

export interface ScriptCase {
  file: string;
  line: number;
  expr: string;
  evalMs: number;
  kind: 'eval' | 'eval_fail' | 'eval_ordered';
  /** Expected samples; a scalar result is one sample with labels null. */
  expected: { labels: Labels | null; value: number }[];
  store: SampleStore;
}

/** Splits `name{a="x y"} 1 2` into the series part and the values. */
export function splitSeriesLine(line: string): [string, string] {
  const brace = line.indexOf('{');
  const space = line.search(/\s/);
  if (brace < 0 || (space >= 0 && space < brace))
    return space < 0 ? [line, ''] : [line.slice(0, space), line.slice(space)];
  let quote: string | null = null;
  for (let i = brace; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '}') return [line.slice(0, i + 1), line.slice(i + 1)];
  }
  return [line, ''];
}

function duration(text: string, where: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`${where}: bad duration ${text}`);
  return ms;
}

/** Reads one script into cases, calling `onCase` for each while the store holds what was loaded up to it. */
export function readScript(file: string, text: string, onCase: (c: ScriptCase) => void): void {
  const lines = text.split('\n');
  let store = new SampleStore({ retentionMs: 100 * 365 * 24 * 3600_000 });
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    const where = `${file}:${i + 1}`;
    if (line === '' || line.startsWith('#')) continue;
    if (line === 'clear') {
      store = new SampleStore({ retentionMs: 100 * 365 * 24 * 3600_000 });
      continue;
    }
    const load = /^load\s+(\S+)$/.exec(line);
    if (load) {
      const interval = duration(load[1] as string, where);
      for (; i + 1 < lines.length && /^\s+\S/.test(lines[i + 1] as string); i++) {
        const [series, values] = splitSeriesLine((lines[i + 1] as string).trim());
        const labels = parseSeriesLabels(series);
        expandSeriesNotation(values).forEach((v, k) => {
          if (v === 'stale') store.appendStale(labels, k * interval);
          else if (v !== null) store.append(labels, k * interval, v);
        });
      }
      continue;
    }
    const evalLine = /^(eval|eval_fail|eval_ordered)\s+instant\s+at\s+(\S+)\s+(.+)$/.exec(line);
    if (!evalLine) throw new Error(`${where}: unknown command ${line}`);
    const expected: ScriptCase['expected'] = [];
    for (; i + 1 < lines.length && /^\s+\S/.test(lines[i + 1] as string); i++) {
      const def = (lines[i + 1] as string).trim();
      const scalar = parseNumberLiteral(def);
      if (scalar !== null) {
        expected.push({ labels: null, value: scalar });
        continue;
      }
      const [series, value] = splitSeriesLine(def);
      const [v] = expandSeriesNotation(value);
      expected.push({ labels: parseSeriesLabels(series), value: typeof v === 'number' ? v : NaN });
    }
    onCase({
      file,
      line: i + 1,
      expr: evalLine[3] as string,
      evalMs: duration(evalLine[2] as string, where),
      kind: evalLine[1] as ScriptCase['kind'],
      expected,
      store,
    });
  }
}

/** Prometheus's almostEqual (promql/test.go): NaN equals NaN, otherwise relative error below 1e-6. */
export function almostEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const diff = Math.abs(a - b);
  const minNormal = 2.2250738585072014e-308;
  if (a === 0 || b === 0 || diff < minNormal) return diff < 1e-6 * minNormal;
  return diff / (Math.abs(a) + Math.abs(b)) < 1e-6;
}

function key(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Runs one case; returns null when it agrees, else what differs. */
export function runCase(c: ScriptCase): string | null {
  let result;
  try {
    result = evaluateInstant(parsePromql(c.expr), c.store, c.evalMs);
  } catch (e) {
    return c.kind === 'eval_fail' ? null : `error: ${(e as Error).message}`;
  }
  if (c.kind === 'eval_fail') return 'expected an error, got a result';
  if (result.resultType === 'scalar') {
    const exp = c.expected[0];
    if (c.expected.length !== 1 || exp?.labels !== null) return `got scalar ${result.result}`;
    return almostEqual(exp.value, result.result) ? null : `expected ${exp.value}, got ${result.result}`;
  }
  if (result.resultType !== 'vector') return `got ${result.resultType}`;
  const got = result.result;
  if (got.length !== c.expected.length) {
    return `expected ${c.expected.length} samples, got ${got.length}: ${JSON.stringify(got.map((s) => [s.metric, s.value]))}`;
  }
  const byKey = new Map(got.map((s, i) => [key(s.metric), { s, i }]));
  for (const [i, exp] of c.expected.entries()) {
    const found = exp.labels && byKey.get(key(exp.labels));
    if (!found) return `missing ${JSON.stringify(exp.labels)}; got ${JSON.stringify(got.map((s) => s.metric))}`;
    if (!almostEqual(exp.value, found.s.value))
      return `${JSON.stringify(exp.labels)}: expected ${exp.value}, got ${found.s.value}`;
    if (c.kind === 'eval_ordered' && found.i !== i)
      return `${JSON.stringify(exp.labels)} at position ${found.i}, expected ${i}`;
  }
  return null;
}
