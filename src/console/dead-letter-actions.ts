// Retry and drop of dead letters: thin calls to the notifier. The notifier's dead-letter API is being added at the
// same time (another branch); until it is there these answer "not supported", and wiring it is this one file.
import type { Notifier } from '../notify/index.js';

export type DeadLetterAction = 'retry' | 'drop';

interface DeadLetterApi {
  retryDeadLetter?(id: string): Promise<boolean> | boolean;
  dropDeadLetter?(id: string): Promise<boolean> | boolean;
}

export function deadLetterActionsSupported(notifier: Notifier | undefined): boolean {
  const api = notifier as (Notifier & DeadLetterApi) | undefined;
  return typeof api?.retryDeadLetter === 'function' && typeof api.dropDeadLetter === 'function';
}

/** 'done', 'unknown' (no such dead letter) or 'unsupported' (this notifier has no dead-letter API). */
export async function applyDeadLetterAction(
  notifier: Notifier | undefined,
  action: DeadLetterAction,
  id: string,
): Promise<'done' | 'unknown' | 'unsupported'> {
  const api = notifier as (Notifier & DeadLetterApi) | undefined;
  const call = action === 'retry' ? api?.retryDeadLetter : api?.dropDeadLetter;
  if (!api || typeof call !== 'function') return 'unsupported';
  return (await call.call(api, id)) ? 'done' : 'unknown';
}
