// Drill results in state_dir: the newest verdict per (database, type) with its last success (what the metrics show,
// at once after a restart), and the last N drills with their masked logs (what an operator reads).
import path from 'node:path';
import { readJsonIfExists, writeFileDurably } from '../../../durable-file.js';
import { SecretRegistry } from '../../../config/secrets.js';
import type { DrillResult } from './model.js';

const LOG_KEEP = 16 * 1024;

export interface GroupVerdict {
  readonly last: DrillResult;
  /** finishedAt (ms) of the newest successful drill; undefined when none succeeded. */
  readonly lastSuccessAt?: number;
}

export interface DrillLogEntry extends DrillResult {
  readonly log: string;
}

interface HistoryFile {
  verdicts: Record<string, GroupVerdict>;
  runs: DrillLogEntry[];
}

export function groupKey(database: string, type: string): string {
  return `${database}\u0000${type}`;
}

/**
 * Pure: whether a verdict read from history.json has what the metrics and the schedule read (a hand-edited or
 * half-written file may hold anything; a bad entry is dropped, and its group is drilled again when due).
 */
export function isGroupVerdict(value: unknown): value is GroupVerdict {
  const last = (value as { last?: Partial<Record<keyof DrillResult, unknown>> } | null)?.last;
  return (
    typeof last === 'object' &&
    last !== null &&
    ['database', 'type', 'file'].every((key) => typeof last[key as keyof DrillResult] === 'string') &&
    typeof last.startedAt === 'number' &&
    typeof last.finishedAt === 'number' &&
    typeof last.success === 'boolean' &&
    Array.isArray(last.problems)
  );
}

/** The tool output as the drill log keeps it: secrets masked, head and tail of at most 16 KiB. */
export function maskedLog(log: string, secrets: readonly string[]): string {
  const registry = new SecretRegistry();
  for (const secret of secrets) registry.add(secret);
  const masked = registry.scrub(log);
  return masked.length <= LOG_KEEP ? masked : `${masked.slice(0, LOG_KEEP / 2)}\n[...]\n${masked.slice(-LOG_KEEP / 2)}`;
}

export class DrillHistory {
  private readonly file: string;
  private data: HistoryFile | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(stateDir: string) {
    this.file = path.join(stateDir, 'restore-drills', 'history.json');
  }

  async load(): Promise<void> {
    if (this.data) return;
    const read = await readJsonIfExists<Partial<Record<keyof HistoryFile, unknown>>>(this.file).catch(() => undefined);
    const verdicts = typeof read?.verdicts === 'object' && read.verdicts !== null ? read.verdicts : {};
    this.data = {
      verdicts: Object.fromEntries(Object.entries(verdicts).filter(([, verdict]) => isGroupVerdict(verdict))),
      runs: Array.isArray(read?.runs) ? (read.runs as DrillLogEntry[]) : [],
    };
  }

  verdicts(): ReadonlyMap<string, GroupVerdict> {
    return new Map(Object.entries(this.data?.verdicts ?? {}));
  }

  runs(): readonly DrillLogEntry[] {
    return this.data?.runs ?? [];
  }

  /** Records a drill: its group's verdict and the log entry, keeping the newest `keep` entries. Reads first. */
  async record(result: DrillResult, log: string, keep: number): Promise<void> {
    this.writes = this.writes.then(async () => {
      this.data = undefined; // another process (the CLI, the agent) may have recorded since
      await this.load();
      const key = groupKey(result.database, result.type);
      const previous = this.data!.verdicts[key];
      const lastSuccessAt = result.success ? result.finishedAt : previous?.lastSuccessAt;
      this.data!.verdicts[key] = { last: result, ...(lastSuccessAt !== undefined ? { lastSuccessAt } : {}) };
      this.data!.runs = [{ ...result, log }, ...this.data!.runs].slice(0, keep);
      await writeFileDurably(this.file, JSON.stringify(this.data));
    });
    return this.writes;
  }
}
