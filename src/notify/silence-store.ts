// Silences persisted in `<state_dir>/notify/silences.json`, with Alertmanager's API v2 operations.
import { randomUUID } from 'node:crypto';
import { DurableJsonFile, readJsonIfExists } from '../durable-file.js';
import { isSilenced, parsePostableSilence, toGettable, type GettableSilence, type Silence } from './silence.js';
import type { Labels } from '../collect/model.js';

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

  static async open(path: string, now: () => number): Promise<SilenceStore> {
    const store = new SilenceStore(path, now);
    for (const silence of (await readJsonIfExists<Silence[]>(path)) ?? []) store.silences.set(silence.id, silence);
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
    this.silences.set(id, silence);
    this.gc();
    await this.file.save();
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
      await this.file.save();
    }
    return true;
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
