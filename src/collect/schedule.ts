import { createHash } from 'node:crypto';

/**
 * Where in the interval a target's collections start: a stable offset from its name, so that a hundred targets spread
 * over the interval instead of all starting together (Prometheus spreads its scrapes the same way). Pure.
 */
export function phaseOf(name: string, intervalMs: number): number {
  const hash = createHash('sha1').update(name).digest().readUInt32BE(0);
  return intervalMs > 0 ? hash % intervalMs : 0;
}

/** The scheduled start (ms since the epoch) of tick number `index` of a target with `phaseMs`. Pure. */
export const tickAt = (index: number, phaseMs: number, intervalMs: number) => index * intervalMs + phaseMs;

/** The index of the last tick at or before `atMs`. Pure. */
export const tickIndexAt = (atMs: number, phaseMs: number, intervalMs: number) =>
  Math.floor((atMs - phaseMs) / intervalMs);

export interface NextTick {
  /** When the next collection is due (ms since the epoch). */
  readonly at: number;
  /** Ticks that passed while the last collection still ran (or waited for a slot): they are skipped, not queued. */
  readonly missed: number;
}

/**
 * The next collection after one that started at `lastStartMs` (or, for its first, 0) and ended at `nowMs`: the first
 * tick after both `nowMs` and half an interval past the last start, so two collections are never closer than half an
 * interval (the first one runs at once, the second at the target's phase), and a collection that overran its
 * interval skips the ticks it covered instead of running them back to back. Pure.
 */
export function nextTick(lastStartMs: number, nowMs: number, phaseMs: number, intervalMs: number): NextTick {
  const earliest = Math.max(nowMs, lastStartMs + intervalMs / 2);
  const index = tickIndexAt(earliest, phaseMs, intervalMs) + 1;
  const dueAfterLast = tickIndexAt(lastStartMs + intervalMs / 2, phaseMs, intervalMs) + 1;
  return { at: tickAt(index, phaseMs, intervalMs), missed: lastStartMs > 0 ? Math.max(0, index - dueAfterLast) : 0 };
}
