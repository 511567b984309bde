// The silence form of the Silences page → the body POST /api/v2/silences takes. Pure; the notifier validates the
// result exactly as it validates the API's (one set of rules for the page, amtool and the API).
import { parseMatchers } from '../notify/matcher.js';
import { parseDurationMs } from '../notify/duration.js';
import type { PostableSilence } from '../notify/index.js';

export interface SilenceForm {
  readonly matchers: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly duration: string;
  readonly createdBy: string;
  readonly comment: string;
}

export const DEFAULT_DURATION = '2h';

export function readSilenceForm(source: Readonly<Record<string, unknown>>): SilenceForm {
  const text = (name: keyof SilenceForm) => (typeof source[name] === 'string' ? (source[name] as string) : '');
  return {
    matchers: text('matchers'),
    startsAt: text('startsAt'),
    endsAt: text('endsAt'),
    duration: text('duration'),
    createdBy: text('createdBy'),
    comment: text('comment'),
  };
}

function parseTime(text: string, field: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`${field}: "${text}" is not a time (expected e.g. 2026-01-31T14:00:00Z)`);
  return ms;
}

/** The API body for the form; throws an Error naming the field for input the form itself cannot read. */
export function silenceBody(form: SilenceForm, now: number): PostableSilence {
  if (!form.matchers.trim())
    throw new Error('matchers: at least one matcher is required, e.g. alertname="PostgresDown"');
  let matchers;
  try {
    matchers = parseMatchers([form.matchers]);
  } catch (error) {
    throw new Error(`matchers: ${(error as Error).message}`);
  }
  const startsAt = form.startsAt.trim() ? parseTime(form.startsAt.trim(), 'start') : now;
  const endsAt = form.endsAt.trim()
    ? parseTime(form.endsAt.trim(), 'end')
    : startsAt + parseDurationMs(form.duration.trim() || DEFAULT_DURATION);
  return {
    matchers: matchers.map((m) => ({
      name: m.name,
      value: m.value,
      isRegex: m.type === '=~' || m.type === '!~',
      isEqual: m.type === '=' || m.type === '=~',
    })),
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    createdBy: form.createdBy.trim(),
    comment: form.comment.trim(),
  };
}
