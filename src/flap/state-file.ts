// `<state_dir>/flap.json`: each tracked alert's state changes within its window and, while it flaps, what the notifier
// holds, so a restart neither forgets that an alert flaps nor notifies its changes again. Written crash-safely;
// bounded by the filter (MAX_CHANGES per alert, MAX_TRACKED alerts).
import { z } from 'zod';
import { readStateFile } from '../durable-file.js';
import type { NotifiableAlert } from '../notify/types.js';
import { MAX_CHANGES } from './decision.js';
import { MAX_TRACKED, type FlapEntry } from './filter.js';

export const FLAP_STATE_FILE = 'flap.json';

const labels = z.record(z.string(), z.string());
const alert = z.object({
  labels,
  annotations: labels,
  startsAt: z.number(),
  endsAt: z.number(),
  generatorURL: z.string(),
  status: z.enum(['firing', 'resolved']),
  fingerprint: z.string(),
  // JSON writes NaN as null.
  value: z.number().nullable().optional(),
});
const entry = z.object({
  history: z.object({
    changes: z.array(z.number()).max(MAX_CHANGES),
    status: z.enum(['firing', 'resolved']).optional(),
    flapping: z.boolean(),
  }),
  latest: alert,
  frozen: alert.optional(),
  flapAlert: alert.optional(),
});
const stateFile = z.object({
  version: z.literal(1),
  entries: z.array(z.tuple([z.string(), entry])).max(MAX_TRACKED),
});

type StoredAlert = z.output<typeof alert>;

function restoredAlert(stored: StoredAlert): NotifiableAlert {
  const { value, ...rest } = stored;
  return value === null || value === undefined ? rest : { ...rest, value };
}

function validFlapState(value: unknown): Map<string, FlapEntry> {
  const parsed = stateFile.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a flap state file: ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`);
  }
  return new Map(
    parsed.data.entries.map(([fingerprint, e]) => [
      fingerprint,
      {
        history: { changes: e.history.changes, status: e.history.status, flapping: e.history.flapping },
        latest: restoredAlert(e.latest),
        frozen: e.frozen && restoredAlert(e.frozen),
        flapAlert: e.flapAlert && restoredAlert(e.flapAlert),
      },
    ]),
  );
}

/** What the file holds (written as JSON). */
export function flapStateValue(entries: ReadonlyMap<string, FlapEntry>) {
  return { version: 1 as const, entries: [...entries] };
}

/** The saved entries (none when there is no file); a file that is unusable is set aside and reported. */
export function readFlapState(path: string) {
  return readStateFile(path, validFlapState);
}
