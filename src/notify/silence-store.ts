// Silences persisted in `<state_dir>/notify/silences.json`, with Alertmanager's API v2 operations.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DurableJsonFile, readStateFile } from '../durable-file.js';
import type { Logger } from '../log.js';
import {
  isSilenced,
  parsePostableSilence,
  silenceMatcherSchema,
  silenceState,
  toGettable,
  toMatcher,
  type GettableSilence,
  type Silence,
} from './silence.js';
import type { Labels } from '../collect/model.js';

/**
 * Limits as Alertmanager's --silences.max-silences and --silences.max-silence-size-bytes (which are off by default
 * there; here a default, so an open API cannot fill the disk and memory with silences): active and pending silences,
 * and the size of one silence as JSON.
 */
export const MAX_SILENCES = 1000;
export const MAX_SILENCE_SIZE_BYTES = 16 * 1024;

/** A silence the agent cannot keep (limits) or could not persist: the API answers 4xx/5xx and nothing changed. */
export class SilenceRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const storedSilences = z.array(
  z.object({
    id: z.string().min(1),
    matchers: z.array(silenceMatcherSchema).min(1),
    startsAt: z.number(),
    endsAt: z.number(),
    updatedAt: z.number(),
    createdBy: z.string(),
    comment: z.string(),
  }),
);

/** The silences of a silences.json; throws with the first problem (a file of the wrong shape is set aside). */
function validSilences(value: unknown): Silence[] {
  const parsed = storedSilences.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a list of silences: ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`);
  }
  for (const silence of parsed.data) silence.matchers.forEach(toMatcher); // a regex that does not compile
  return parsed.data;
}

// Alertmanager keeps expired silences for 5 days (--data.retention) so they can be looked up and re-created.
const RETENTION_MS = 120 * 3600_000;

export class SilenceStore {
  private silences = new Map<string, Silence>();
  private readonly file: DurableJsonFile<Silence[]>;

  private constructor(
    path: string,
    private readonly now: () => number,
  ) {
    this.file = new DurableJsonFile(path, () => [...this.silences.values()]);
  }

  static async open(path: string, now: () => number, logger?: Logger): Promise<SilenceStore> {
    const store = new SilenceStore(path, now);
    const read = await readStateFile(path, validSilences);
    if (read.problem !== undefined) {
      logger?.error(
        { file: path, problem: read.problem, kept_as: read.keptAs },
        'silences file unusable: starting with none',
      );
    }
    for (const silence of read.value ?? []) store.silences.set(silence.id, silence);
    store.gc();
    return store;
  }

  private gc(): void {
    for (const [id, silence] of this.silences) if (silence.endsAt < this.now() - RETENTION_MS) this.silences.delete(id);
  }

  /** POST /api/v2/silences: creates, or updates the silence named by `id`. Throws Error on invalid input. */
  async upsert(body: unknown): Promise<{ silenceID: string }> {
    const requestedId = (body as { id?: unknown } | null)?.id;
    if (typeof requestedId === 'string' && requestedId !== '' && !this.silences.has(requestedId)) {
      throw new Error(`silence ${requestedId} not found`);
    }
    const id = typeof requestedId === 'string' && requestedId !== '' ? requestedId : randomUUID();
    const silence = parsePostableSilence(body, id, this.now());
    const size = Buffer.byteLength(JSON.stringify(silence));
    if (size > MAX_SILENCE_SIZE_BYTES) {
      throw new SilenceRefused(`silence too large: ${size} bytes, at most ${MAX_SILENCE_SIZE_BYTES}`, 400);
    }
    const previous = this.silences.get(id);
    if (!previous && this.countLive() >= MAX_SILENCES) {
      throw new SilenceRefused(`too many silences: at most ${MAX_SILENCES} active or pending`, 400);
    }
    this.silences.set(id, silence);
    await this.saveOrUndo(id, previous);
    this.gc();
    return { silenceID: id };
  }

  list(): GettableSilence[] {
    return [...this.silences.values()].map((s) => toGettable(s, this.now()));
  }

  get(id: string): GettableSilence | undefined {
    const silence = this.silences.get(id);
    return silence && toGettable(silence, this.now());
  }

  /** DELETE /api/v2/silence/{id}: expires it now; false if unknown. */
  async expire(id: string): Promise<boolean> {
    const silence = this.silences.get(id);
    if (!silence) return false;
    const now = this.now();
    if (silence.endsAt > now) {
      this.silences.set(id, { ...silence, startsAt: Math.min(silence.startsAt, now), endsAt: now, updatedAt: now });
      await this.saveOrUndo(id, silence);
    }
    return true;
  }

  private countLive(): number {
    const now = this.now();
    return [...this.silences.values()].filter((s) => silenceState(s, now) !== 'expired').length;
  }

  /** Persists a change, or takes it back when the write fails: the API must not report what a restart would lose. */
  private async saveOrUndo(id: string, previous: Silence | undefined): Promise<void> {
    try {
      await this.file.save();
    } catch (error) {
      if (previous) this.silences.set(id, previous);
      else this.silences.delete(id);
      throw new SilenceRefused(
        `cannot save the silence: ${(error as NodeJS.ErrnoException).code ?? 'write failed'}`,
        500,
      );
    }
  }

  mutes(labels: Labels): boolean {
    return isSilenced([...this.silences.values()], labels, this.now());
  }

  /** The ids of the active silences that mute these labels (Alertmanager's `silencedBy`). */
  silencedBy(labels: Labels): string[] {
    return [...this.silences.values()]
      .filter((silence) => isSilenced([silence], labels, this.now()))
      .map((silence) => silence.id);
  }
}
