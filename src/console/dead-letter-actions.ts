// Retry and drop of dead letters: thin calls to the notifier's dead-letter API (the same one
// /api/v1/notifications/dead-letters uses), so the console and the API cannot disagree.
import type { Notifier } from '../notify/index.js';

export type DeadLetterAction = 'retry' | 'drop';

/** 'done', 'unknown' (no such dead letter) or 'unsupported' (no notifier: `alerting:` is not configured). */
export async function applyDeadLetterAction(
  notifier: Notifier | undefined,
  action: DeadLetterAction,
  id: string,
): Promise<'done' | 'unknown' | 'unsupported'> {
  if (!notifier) return 'unsupported';
  const done = action === 'retry' ? await notifier.retryDeadLetter(id) : await notifier.dropDeadLetter(id);
  return done ? 'done' : 'unknown';
}
