// Go's time.Time as a template value (Alertmanager's `.StartsAt`/`.EndsAt`): prints as Go's String() does and has
// the methods templates call (`.Format "2006-01-02"`, `.Unix`, `.UTC`). Times are kept in UTC, as Alertmanager holds
// the times it received in RFC 3339 `Z` form. Written here because no npm library formats Go reference layouts.
import type { GoFunction } from './functions.js';
import { GoStruct, withMethods, type GoValue } from './values.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
// Go's layout elements, longest first where one is a prefix of another (nextStdChunk's order).
const LAYOUT_ELEMENT =
  /January|Jan|Monday|Mon|MST|2006|002|_2|01|02|03|04|05|06|15|1|2|3|4|5|PM|pm|Z07:00:00|Z0700|Z07:00|Z07|-07:00:00|-0700|-07:00|-07|[.,](?:0+|9+)(?!\d)/g;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function element(token: string, date: Date, nanos: number): string {
  const hour = date.getUTCHours();
  switch (token) {
    case 'January':
      return MONTHS[date.getUTCMonth()] ?? '';
    case 'Jan':
      return (MONTHS[date.getUTCMonth()] ?? '').slice(0, 3);
    case 'Monday':
      return DAYS[date.getUTCDay()] ?? '';
    case 'Mon':
      return (DAYS[date.getUTCDay()] ?? '').slice(0, 3);
    case 'MST':
      return 'UTC';
    case '2006':
      return pad(date.getUTCFullYear(), 4);
    case '06':
      return pad(date.getUTCFullYear() % 100, 2);
    case '01':
      return pad(date.getUTCMonth() + 1, 2);
    case '1':
      return String(date.getUTCMonth() + 1);
    case '02':
      return pad(date.getUTCDate(), 2);
    case '_2':
      return String(date.getUTCDate()).padStart(2, ' ');
    case '2':
      return String(date.getUTCDate());
    case '002': {
      const start = Date.UTC(date.getUTCFullYear(), 0, 1);
      const dayStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
      return pad((dayStart - start) / 86_400_000 + 1, 3);
    }
    case '15':
      return pad(hour, 2);
    case '03':
      return pad(hour % 12 || 12, 2);
    case '3':
      return String(hour % 12 || 12);
    case '04':
      return pad(date.getUTCMinutes(), 2);
    case '4':
      return String(date.getUTCMinutes());
    case '05':
      return pad(date.getUTCSeconds(), 2);
    case '5':
      return String(date.getUTCSeconds());
    case 'PM':
      return hour >= 12 ? 'PM' : 'AM';
    case 'pm':
      return hour >= 12 ? 'pm' : 'am';
    case 'Z07:00:00':
    case 'Z0700':
    case 'Z07:00':
    case 'Z07':
      return 'Z';
    case '-07:00:00':
      return '+00:00:00';
    case '-0700':
      return '+0000';
    case '-07:00':
      return '+00:00';
    case '-07':
      return '+00';
  }
  // Fractional seconds: `.000` keeps its width, `.999` drops trailing zeros (and the separator when none are left).
  const digits = token.length - 1;
  const fraction = pad(nanos, 9).slice(0, digits);
  if (token[1] === '0') return token[0] + fraction;
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? token[0] + trimmed : '';
}

/** time.Time.Format with a Go reference layout, in UTC. */
export function goTimeFormat(ms: number, layout: string): string {
  const date = new Date(ms);
  const nanos = (((ms % 1000) + 1000) % 1000) * 1_000_000;
  return layout.replace(LAYOUT_ELEMENT, (token) => element(token, date, nanos));
}

const method = (params: GoFunction['params'], call: GoFunction['call']): GoFunction => ({ params, call });

/** A time.Time value at `ms` (UTC); the zero time is year 1. */
export function goTime(ms: number): GoStruct {
  const time: GoStruct = withMethods(
    new GoStruct('time.Time', new Map()),
    new Map<string, GoFunction>([
      ['String', method([], () => goTimeFormat(ms, '2006-01-02 15:04:05.999999999 -0700 MST'))],
      ['Format', method(['string'], ([layout]) => goTimeFormat(ms, typeof layout === 'string' ? layout : ''))],
      ['Unix', method([], () => BigInt(Math.floor(ms / 1000)))],
      ['UnixMilli', method([], () => BigInt(ms))],
      ['UnixNano', method([], () => BigInt(ms) * 1_000_000n)],
      ['IsZero', method([], () => ms === GO_ZERO_TIME_MS)],
      ['UTC', method([], (): GoValue => time)],
      ['Local', method([], (): GoValue => time)],
    ]),
  );
  return time;
}

/** 0001-01-01T00:00:00Z, Go's zero time. */
export const GO_ZERO_TIME_MS = Date.parse('0001-01-01T00:00:00Z');
