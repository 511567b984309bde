// Alertmanager's time intervals (its timeinterval package): parsing the `time_intervals` syntax and deciding whether an
// instant lies inside one. Written here rather than taken from a library because the semantics (exclusive end minute,
// negative days of month clamped to the month, the first range that matches wins) are Alertmanager's own. Pure.
import { formatterFor, isValidTimeZone } from '../collect/backups/timezone.js';

export interface Range {
  readonly begin: number;
  readonly end: number;
}

/** One entry of a named time interval: every field given must match (an absent field matches everything). */
export interface TimeInterval {
  /** Minutes of the day, begin inclusive, end exclusive (`00:00`..`24:00`). */
  readonly times?: readonly Range[] | undefined;
  /** 0 = Sunday .. 6 = Saturday. */
  readonly weekdays?: readonly Range[] | undefined;
  /** 1..31, or -1 (last day) .. -31, counted from the month's end. */
  readonly daysOfMonth?: readonly Range[] | undefined;
  readonly months?: readonly Range[] | undefined;
  readonly years?: readonly Range[] | undefined;
  /** IANA zone name; UTC when absent. */
  readonly location?: string | undefined;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function integer(text: string, what: string): number {
  if (!/^-?\d+$/.test(text)) throw new Error(`${text} is not a valid ${what}`);
  return Number(text);
}

/** `a` or `a:b`, members read by `member` (names are case-insensitive, as in Alertmanager). */
function parseRange(text: string, member: (part: string) => number): Range {
  const parts = text.toLowerCase().trim().split(':');
  if (parts.length > 2 || parts.some((p) => p === '')) throw new Error(`invalid range "${text}"`);
  const begin = member(parts[0]!);
  return { begin, end: parts.length === 2 ? member(parts[1]!) : begin };
}

export function parseWeekdayRange(text: string): Range {
  const range = parseRange(text, (part) => {
    const index = WEEKDAYS.indexOf(part);
    if (index < 0) throw new Error(`${part} is not a valid weekday`);
    return index;
  });
  if (range.begin > range.end) throw new Error('start day cannot be before end day');
  return range;
}

export function parseMonthRange(text: string): Range {
  const range = parseRange(text, (part) => {
    const index = MONTHS.indexOf(part);
    const month = index >= 0 ? index + 1 : integer(part, 'month');
    if (month < 1 || month > 12) throw new Error(`${part} is not a valid month`);
    return month;
  });
  if (range.begin > range.end) throw new Error(`end month ${range.end} is before start month ${range.begin}`);
  return range;
}

export function parseYearRange(text: string): Range {
  const range = parseRange(text, (part) => integer(part, 'year'));
  if (range.begin > range.end) throw new Error(`end year ${range.end} is before start year ${range.begin}`);
  return range;
}

export function parseDayOfMonthRange(text: string): Range {
  const { begin, end } = parseRange(text, (part) => integer(part, 'day of the month'));
  for (const day of [begin, end])
    if (day === 0 || day < -31 || day > 31) throw new Error(`${day} is not a valid day of the month: out of range`);
  if (begin < 0 && end > 0) throw new Error('end day must be negative if start day is negative');
  // Alertmanager rejects what is wrong in every month, taking 28 days as the shortest.
  if ((begin < 0 ? 28 + begin : begin) > (end < 0 ? 28 + end : end))
    throw new Error(`end day ${end} is always before start day ${begin}`);
  return { begin, end };
}

function parseClock(text: string): number {
  const match = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/.exec(text);
  if (!match) throw new Error(`couldn't parse timestamp ${text}, invalid format`);
  return match[3] ? 1440 : Number(match[1]) * 60 + Number(match[2]);
}

export function parseTimeRange(times: { start_time?: string | undefined; end_time?: string | undefined }): Range {
  if (!times.start_time || !times.end_time) throw new Error('both start and end times must be provided');
  const begin = parseClock(times.start_time);
  const end = parseClock(times.end_time);
  if (begin >= end) throw new Error('start time cannot be equal or greater than end time');
  return { begin, end };
}

export function checkLocation(zone: string): string {
  if (!isValidTimeZone(zone)) throw new Error(`unknown time zone "${zone}"`);
  return zone;
}

interface Civil {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minute: number;
}

/** The wall-clock date and time at `date` in `zone`, as Go's `t.In(loc)` gives it. */
function civil(date: Date, zone: string): Civil {
  const parts = Object.fromEntries(
    formatterFor(zone)
      .formatToParts(date)
      .map((p) => [p.type, Number(p.value)]),
  );
  const [year, month, day] = [parts.year!, parts.month!, parts.day!];
  return {
    year,
    month,
    day,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
    minute: parts.hour! * 60 + parts.minute!,
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dayOfMonthMatches(range: Range, at: Civil): boolean {
  const days = daysInMonth(at.year, at.month);
  const begin = range.begin < 0 ? days + range.begin + 1 : range.begin;
  const end = range.end < 0 ? days + range.end + 1 : range.end;
  if (begin > days) return false;
  // Clamped to the month so a range never runs into the next one (Alertmanager's clamp).
  const clamp = (n: number) => Math.min(Math.max(n, -days), days);
  return at.day >= clamp(begin) && at.day <= clamp(end);
}

const within = (value: number) => (range: Range) => value >= range.begin && value <= range.end;

/** Whether `date` lies inside the interval (Alertmanager's TimeInterval.ContainsTime). */
export function inInterval(interval: TimeInterval, date: Date): boolean {
  const at = civil(date, interval.location ?? 'UTC');
  if (interval.times && !interval.times.some((r) => at.minute >= r.begin && at.minute < r.end)) return false;
  if (interval.daysOfMonth && !interval.daysOfMonth.some((r) => dayOfMonthMatches(r, at))) return false;
  if (interval.months && !interval.months.some(within(at.month))) return false;
  if (interval.weekdays && !interval.weekdays.some(within(at.weekday))) return false;
  if (interval.years && !interval.years.some(within(at.year))) return false;
  return true;
}

/** Whether `date` lies inside any of the entries of a named interval. */
export function inAnyInterval(intervals: readonly TimeInterval[], date: Date): boolean {
  return intervals.some((interval) => inInterval(interval, date));
}
