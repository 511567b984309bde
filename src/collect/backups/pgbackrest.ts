// `pgbackrest info --output=json`: an array of stanzas, each with `name`, `status: {code, message}` and `backup: [...]`
// where a backup has `type` (full|diff|incr), `timestamp: {start, stop}` (epoch seconds), `info: {size, delta,
// repository: {size, delta}}` and, since 2.36, `error` (true when the backup had page checksum errors).
// Stanza = database, so dashboards and rules treat both sources alike.
import type { StanzaStatus } from './families.js';
import { type BackupGroupSummary, zeroProblems } from './model.js';

export interface PgBackRestInfo {
  readonly stanzas: StanzaStatus[];
  readonly groups: BackupGroupSummary[];
}

interface BackRestBackup {
  readonly type: string;
  readonly start?: number;
  readonly stop: number;
  readonly repoSize?: number;
  readonly repoDelta?: number;
  readonly error: boolean;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function readBackup(value: unknown): BackRestBackup | undefined {
  const b = record(value);
  const timestamp = record(b?.timestamp);
  const stop = num(timestamp?.stop);
  if (!b || typeof b.type !== 'string' || stop === undefined) return undefined;
  const repository = record(record(b.info)?.repository);
  return {
    type: b.type,
    start: num(timestamp?.start),
    stop,
    repoSize: num(repository?.size),
    repoDelta: num(repository?.delta),
    error: b.error === true,
  };
}

function summariseType(stanza: string, type: string, backups: BackRestBackup[]): BackupGroupSummary {
  backups.sort((a, b) => b.stop - a.stop);
  const newest = backups[0]!;
  const problems = zeroProblems();
  problems.failed = backups.filter((b) => b.error).length;
  const good = backups.find((b) => !b.error);
  return {
    database: stanza,
    type,
    files: backups.length,
    // `delta` is what each backup added to the repository; diff and incr backups reference older files.
    totalSizeBytes: backups.reduce((sum, b) => sum + (b.repoDelta ?? b.repoSize ?? 0), 0),
    oldestTimestamp: backups.at(-1)!.stop,
    lastTimestamp: newest.stop,
    lastSizeBytes: newest.repoDelta ?? newest.repoSize ?? 0,
    lastDurationSeconds:
      newest.start !== undefined && newest.stop >= newest.start ? newest.stop - newest.start : undefined,
    lastSuccessTimestamp: good?.stop ?? 0,
    verificationPending: 0,
    problems,
    examples: {},
  };
}

/** Stanza statuses and per (stanza, backup type) facts; throws when the document is not pgBackRest info output. */
export function parsePgBackRestInfo(document: unknown, onlyStanza?: string): PgBackRestInfo {
  if (!Array.isArray(document)) throw new Error('pgBackRest info JSON must be an array of stanzas');
  const stanzas: StanzaStatus[] = [];
  const groups: BackupGroupSummary[] = [];
  for (const value of document) {
    const stanza = record(value);
    if (!stanza || typeof stanza.name !== 'string') throw new Error('pgBackRest info JSON: stanza without a name');
    if (onlyStanza !== undefined && stanza.name !== onlyStanza) continue;
    const status = record(stanza.status);
    stanzas.push({
      stanza: stanza.name,
      code: num(status?.code) ?? 99,
      message: typeof status?.message === 'string' ? status.message : 'unknown',
    });
    const byType = new Map<string, BackRestBackup[]>();
    for (const raw of Array.isArray(stanza.backup) ? stanza.backup : []) {
      const backup = readBackup(raw);
      if (!backup) continue;
      byType.set(backup.type, [...(byType.get(backup.type) ?? []), backup]);
    }
    for (const [type, backups] of byType) groups.push(summariseType(stanza.name, type, backups));
  }
  return { stanzas, groups };
}
