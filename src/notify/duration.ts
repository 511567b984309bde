// Durations in Alertmanager configs use Prometheus's syntax (`30s`, `5m`, `1h30m`); the parser is PromQL's.
import { parseDurationMs as parseOrNull } from '../promql/lexical.js';

/** Milliseconds; throws on anything that is not a Prometheus duration. */
export function parseDurationMs(text: string): number {
  const ms = parseOrNull(text.trim());
  if (ms === null) throw new Error(`invalid duration "${text}" (expected e.g. 30s, 5m, 1h30m)`);
  return ms;
}
