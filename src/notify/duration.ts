// Durations in Alertmanager configs use Prometheus's syntax (`30s`, `5m`, `1h30m`), as everywhere in the config.
import { parseDuration } from '../config/duration.js';

/** Milliseconds; throws on anything that is not a Prometheus duration. */
export function parseDurationMs(text: string): number {
  const ms = parseDuration(text.trim());
  if (ms === undefined) throw new Error(`invalid duration "${text}" (expected e.g. 30s, 5m, 1h30m)`);
  return ms;
}
