// Wall-clock times written by backup jobs (file names, ISO strings without offset) are in a configured IANA zone.
// Intl gives the zone's offset at an instant; two passes resolve the wall clock to an instant without a tz library.

export interface WallClock {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond?: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;
const offsetCache = new Map<string, number>();

/**
 * Milliseconds the zone's wall clock is ahead of UTC at the given instant. Offsets change only on quarter-hour
 * boundaries (all zones since the 1970s), so one Intl call per zone and quarter hour is enough: cached.
 */
function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const bucket = Math.floor(epochMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const key = `${timeZone} ${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(bucket))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wallAsUtc = Date.UTC(
    fields.year!,
    fields.month! - 1,
    fields.day!,
    fields.hour!,
    fields.minute!,
    fields.second!,
  );
  const offset = wallAsUtc - bucket;
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** True when the fields name a real calendar date and time of day. */
export function isValidWallClock(w: WallClock): boolean {
  const date = new Date(Date.UTC(w.year, w.month - 1, w.day));
  return (
    date.getUTCFullYear() === w.year &&
    date.getUTCMonth() === w.month - 1 &&
    date.getUTCDate() === w.day &&
    w.hour >= 0 &&
    w.hour < 24 &&
    w.minute >= 0 &&
    w.minute < 60 &&
    w.second >= 0 &&
    w.second < 60
  );
}

/**
 * The instant (ms since epoch) a wall-clock time denotes in `timeZone` (undefined: the agent's local zone). As with
 * JavaScript's Date: a time repeated by a DST change is its earlier instant; a skipped time moves forward by the jump.
 */
export function wallClockToEpochMs(w: WallClock, timeZone?: string): number {
  const ms = w.millisecond ?? 0;
  if (timeZone === undefined) {
    return new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, ms).getTime();
  }
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, ms);
  // A zone changes offset at most once within a day, so the offsets a day before and after cover both sides.
  const candidates = [-86_400_000, 0, 86_400_000].map((shift) => asUtc - zoneOffsetMs(timeZone, asUtc + shift));
  const matching = candidates.filter((t) => t + zoneOffsetMs(timeZone, t) === asUtc);
  return matching.length > 0 ? Math.min(...matching) : Math.max(...candidates);
}
