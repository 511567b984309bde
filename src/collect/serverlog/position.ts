// Where the reader stands, saved in state_dir after every read so a restart resumes there.
import { DurableJsonFile, readJsonIfExists } from '../../durable-file.js';
import type { Fingerprint } from './fingerprint.js';

export interface FilePosition {
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
  /** Bytes of this file already counted (always at a record boundary). */
  readonly offset: number;
  readonly fingerprint: Fingerprint;
  /** Last modification (ms, fractional): files modified since then and not yet read are newer log files. */
  readonly mtimeMs: number;
}

export interface SavedPosition {
  readonly version: 1;
  readonly current: FilePosition | undefined;
  /** Fingerprints of files read to their end (their copies and renamed selves are not read again). */
  readonly finished: readonly Fingerprint[];
}

export class PositionStore {
  private state: SavedPosition = { version: 1, current: undefined, finished: [] };
  private readonly file: DurableJsonFile<SavedPosition>;

  constructor(readonly path: string) {
    this.file = new DurableJsonFile(path, () => this.state);
  }

  async load(): Promise<SavedPosition> {
    const saved = await readJsonIfExists<SavedPosition>(this.path);
    if (saved?.version === 1) this.state = saved;
    return this.state;
  }

  get value(): SavedPosition {
    return this.state;
  }

  async save(state: SavedPosition): Promise<void> {
    this.state = state;
    await this.file.save();
  }
}
