// When drills run: an interval since the last drill, or a cron expression (croner parses and steps it).
import { Cron } from 'croner';
import { parseDuration } from '../../../config/duration.js';

export type Schedule =
  | { readonly kind: 'interval'; readonly text: string; readonly ms: number }
  | { readonly kind: 'cron'; readonly text: string; readonly expression: string };

const ALIASES: Readonly<Record<string, number>> = { hourly: 3600_000, daily: 86_400_000, weekly: 7 * 86_400_000 };

/** A schedule, or a message saying why the text is none. */
export function parseSchedule(text: string): Schedule | string {
  const trimmed = text.trim();
  const ms = ALIASES[trimmed.toLowerCase()] ?? parseDuration(trimmed);
  if (ms !== undefined) {
    return ms >= 60_000 ? { kind: 'interval', text: trimmed, ms } : 'a drill schedule must be at least 1m apart';
  }
  try {
    new Cron(trimmed, { paused: true });
  } catch (error) {
    return `not an interval (7d, 12h, weekly) or cron expression "${trimmed}": ${(error as Error).message}`;
  }
  return { kind: 'cron', text: trimmed, expression: trimmed };
}

/** When the next drill is due, given the last one (ms; undefined: never ran, so due now). */
export function nextDrillAt(schedule: Schedule, lastRunMs: number | undefined): number {
  if (lastRunMs === undefined) return 0;
  if (schedule.kind === 'interval') return lastRunMs + schedule.ms;
  const next = new Cron(schedule.expression, { paused: true }).nextRun(new Date(lastRunMs));
  return next ? next.getTime() : Infinity;
}

/** The schedule's period in seconds (for cron: the gap between its next two runs), for "no success within 2x". */
export function schedulePeriodSeconds(schedule: Schedule, nowMs: number): number {
  if (schedule.kind === 'interval') return schedule.ms / 1000;
  const [a, b] = new Cron(schedule.expression, { paused: true }).nextRuns(2, new Date(nowMs));
  return a && b ? (b.getTime() - a.getTime()) / 1000 : 0;
}
