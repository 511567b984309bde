// A target's maintenance window (POST /api/v1/targets/{name}/maintenance): an ordinary silence on the target's
// `instance` label (the label every alert about a target carries), recognisable by its creator prefix and comment,
// so it shows in /api/v2/silences, amtool and the console like any other silence. Pure.
import { z } from 'zod';
import { parseDuration } from '../config/duration.js';
import type { GettableSilence, PostableSilence } from './silence.js';

/** The longest maintenance one request may start: a forgotten window must not mute a target for good. */
export const MAX_MAINTENANCE_MS = 7 * 86_400_000;
/** The comment of every maintenance silence starts with this; DELETE ends only silences that carry it. */
export const MAINTENANCE_COMMENT_PREFIX = 'maintenance of target ';

const requestSchema = z
  .object({
    duration: z.string().min(1),
    comment: z.string().max(1000).optional(),
    createdBy: z.string().min(1).max(200).optional(),
  })
  .strict();

export type MaintenanceRequest = z.input<typeof requestSchema>;

/** The silence a maintenance request creates; throws an Error with a client-facing message on bad input. */
export function maintenanceSilence(target: string, body: unknown, now: number): PostableSilence {
  const parsed = requestSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid maintenance request: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  const { duration, comment, createdBy } = parsed.data;
  const ms = parseDuration(duration.trim());
  if (ms === undefined) throw new Error(`invalid maintenance request: duration: "${duration}" is not e.g. 30m, 2h`);
  if (ms <= 0 || ms > MAX_MAINTENANCE_MS) {
    throw new Error(`invalid maintenance request: duration: must be more than 0 and at most 7d (${duration})`);
  }
  return {
    matchers: [{ name: 'instance', value: target, isRegex: false, isEqual: true }],
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + ms).toISOString(),
    createdBy: createdBy ?? 'pgwarden maintenance API',
    comment: `${MAINTENANCE_COMMENT_PREFIX}${target}${comment ? `: ${comment}` : ''}`,
  };
}

/** The target's maintenance silences that have not ended yet (pending or active). */
export function openMaintenance(silences: readonly GettableSilence[], target: string): GettableSilence[] {
  const prefix = `${MAINTENANCE_COMMENT_PREFIX}${target}`;
  return silences.filter(
    (s) =>
      s.status.state !== 'expired' &&
      (s.comment === prefix || s.comment.startsWith(`${prefix}: `)) &&
      s.matchers.length === 1 &&
      s.matchers[0]?.name === 'instance' &&
      s.matchers[0].value === target &&
      s.matchers[0].isEqual &&
      !s.matchers[0].isRegex,
  );
}
