// Silences in Alertmanager's API v2 shape; the pure part (validation, state, matching). Persistence is silence-store.ts.
import { z } from 'zod';
import type { Labels } from '../collect/model.js';
import { makeMatcher, matches, matchesAll, type Matcher } from './matcher.js';

export const silenceMatcherSchema = z.object({
  name: z.string().min(1),
  value: z.string(),
  isRegex: z.boolean(),
  isEqual: z.boolean().default(true),
});

/** The body of `POST /api/v2/silences` (PostableSilence). An `id` updates an existing silence. */
export const postableSilenceSchema = z.object({
  id: z.string().optional(),
  matchers: z.array(silenceMatcherSchema).min(1),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  createdBy: z.string().min(1),
  comment: z.string().min(1),
});

export type PostableSilence = z.input<typeof postableSilenceSchema>;
export type SilenceMatcher = z.output<typeof silenceMatcherSchema>;

export interface Silence {
  readonly id: string;
  readonly matchers: readonly SilenceMatcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly updatedAt: number;
  readonly createdBy: string;
  readonly comment: string;
}

export type SilenceState = 'pending' | 'active' | 'expired';

/** GettableSilence, as Alertmanager's API returns it. */
export interface GettableSilence {
  id: string;
  status: { state: SilenceState };
  updatedAt: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export function silenceState(silence: Silence, now: number): SilenceState {
  if (silence.endsAt <= now) return 'expired';
  return silence.startsAt > now ? 'pending' : 'active';
}

export function toMatcher(m: SilenceMatcher): Matcher {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  return makeMatcher(m.name, op, m.value);
}

/** Whether an active silence mutes these labels. */
export function isSilenced(silences: readonly Silence[], labels: Labels, now: number): boolean {
  return silences.some((s) => silenceState(s, now) === 'active' && matchesAll(s.matchers.map(toMatcher), labels));
}

export function toGettable(silence: Silence, now: number): GettableSilence {
  return {
    id: silence.id,
    status: { state: silenceState(silence, now) },
    updatedAt: new Date(silence.updatedAt).toISOString(),
    matchers: silence.matchers.map((m) => ({ ...m })),
    startsAt: new Date(silence.startsAt).toISOString(),
    endsAt: new Date(silence.endsAt).toISOString(),
    createdBy: silence.createdBy,
    comment: silence.comment,
  };
}

/** Validates a POST body into a Silence; throws an Error with a client-facing message when it is invalid. */
export function parsePostableSilence(body: unknown, id: string, now: number): Silence {
  const parsed = postableSilenceSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid silence: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  const { matchers, createdBy, comment } = parsed.data;
  matchers.forEach(toMatcher); // rejects invalid regexes
  const startsAt = Date.parse(parsed.data.startsAt);
  const endsAt = Date.parse(parsed.data.endsAt);
  if (endsAt <= startsAt) throw new Error('invalid silence: endsAt must be after startsAt');
  if (endsAt <= now) throw new Error('invalid silence: endsAt is in the past');
  if (matchers.every((m) => matches(toMatcher(m), {}))) {
    throw new Error('invalid silence: at least one matcher must not match the empty string');
  }
  return { id, matchers, startsAt: Math.max(startsAt, now), endsAt, updatedAt: now, createdBy, comment };
}
