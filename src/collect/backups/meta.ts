import { isValidWallClock, wallClockToEpochMs } from './timezone.js';

/** What a `.meta` file says about its dump; every field is optional because the file may say little. */
export interface BackupMeta {
  database?: string;
  type?: string;
  /** Seconds since the epoch. */
  startedAt?: number;
  /** Seconds since the epoch. */
  finishedAt?: number;
  durationSeconds?: number;
  sizeBytes?: number;
  status?: 'success' | 'failed';
  verified?: boolean;
  pgVersion?: string;
  host?: string;
  /** Number of tables in the dump, for restore drills. */
  tables?: number;
  /** Rows per table (`schema.table` or `table`), for restore drills: `rows.<table>=N` lines or a JSON `rows` object. */
  rows?: Record<string, number>;
}

function readRows(meta: BackupMeta, value: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  const rows: Record<string, number> = {};
  for (const [table, count] of Object.entries(parsed)) {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return false;
    rows[table] = count;
  }
  meta.rows = { ...meta.rows, ...rows };
  return true;
}

function readRowLine(meta: BackupMeta, table: string, value: string): boolean {
  const count = parseNonNegative(value);
  if (count === undefined || !Number.isInteger(count) || table === '') return false;
  meta.rows = { ...meta.rows, [table]: count };
  return true;
}

export interface ParsedMeta {
  readonly meta: BackupMeta;
  /** Why (part of) the file could not be used; non-empty means the `meta_invalid` problem. */
  readonly problems: readonly string[];
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const EPOCH_SECONDS = /^\d+(?:\.\d+)?$/;

/** Seconds since the epoch from ISO 8601 (no offset: wall clock in `timeZone`) or epoch seconds; else undefined. */
export function parseMetaTimestamp(value: string, timeZone?: string): number | undefined {
  const text = value.trim();
  if (EPOCH_SECONDS.test(text)) return Number(text);
  const m = ISO_8601.exec(text);
  if (!m) return undefined;
  const wall = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    millisecond: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
  };
  if (!isValidWallClock(wall)) return undefined;
  const zone = m[8];
  if (zone === undefined) return wallClockToEpochMs(wall, timeZone) / 1000;
  const utcMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (zone.toUpperCase() === 'Z') return utcMs / 1000;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return (utcMs - (zone.startsWith('-') ? -1 : 1) * offsetMinutes * 60_000) / 1000;
}

function parseNonNegative(value: string): number | undefined {
  const text = value.trim();
  if (!/^\d+(?:\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

type FieldReader = (meta: BackupMeta, value: string, timeZone: string | undefined) => boolean;

// Each reader stores a valid value and answers false for an invalid one; keys not listed here are ignored.
const FIELDS: Readonly<Record<string, FieldReader>> = {
  database: (meta, v) => ((meta.database = v), v !== ''),
  type: (meta, v) => ((meta.type = v), v !== ''),
  pg_version: (meta, v) => ((meta.pgVersion = v), true),
  host: (meta, v) => ((meta.host = v), true),
  started_at: (meta, v, tz) => (meta.startedAt = parseMetaTimestamp(v, tz)) !== undefined,
  finished_at: (meta, v, tz) => (meta.finishedAt = parseMetaTimestamp(v, tz)) !== undefined,
  duration_seconds: (meta, v) => (meta.durationSeconds = parseNonNegative(v)) !== undefined,
  size_bytes: (meta, v) => (meta.sizeBytes = parseNonNegative(v)) !== undefined,
  status: (meta, v) => {
    const status = v.toLowerCase();
    if (status !== 'success' && status !== 'failed') return false;
    meta.status = status;
    return true;
  },
  tables: (meta, v) => Number.isInteger((meta.tables = parseNonNegative(v))),
  rows: readRows,
  verified: (meta, v) => {
    const verified = v.toLowerCase();
    if (verified !== 'true' && verified !== 'false') return false;
    meta.verified = verified === 'true';
    return true;
  },
};

function unquote(value: string): string {
  const v = value.trim();
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0] ? v.slice(1, -1) : v;
}

function keyValuePairs(text: string): Array<[string, string]> | string {
  const pairs: Array<[string, string]> = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return `line ${index + 1} is not key=value`;
    pairs.push([line.slice(0, eq).trim().toLowerCase(), unquote(line.slice(eq + 1))]);
  }
  return pairs;
}

function jsonPairs(text: string): Array<[string, string]> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'JSON is not an object';
  const pairs: Array<[string, string]> = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    pairs.push([key.toLowerCase(), typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  }
  return pairs;
}

/** Reads a `.meta` file: `key=value` lines or one JSON object. Never throws: what cannot be used is a problem. */
export function parseBackupMeta(text: string, timeZone?: string): ParsedMeta {
  if (text.trim() === '') return { meta: {}, problems: ['empty'] };
  // U+FFFD stands for bytes that were not UTF-8; NUL never occurs in a text file.
  if (text.includes('\u0000') || text.includes('\uFFFD')) return { meta: {}, problems: ['binary content'] };
  const pairs = text.trimStart().startsWith('{') ? jsonPairs(text) : keyValuePairs(text);
  if (typeof pairs === 'string') return { meta: {}, problems: [pairs] };
  const meta: BackupMeta = {};
  const problems: string[] = [];
  for (const [key, value] of pairs) {
    const read: FieldReader | undefined = key.startsWith('rows.')
      ? (m, v) => readRowLine(m, key.slice('rows.'.length), v)
      : FIELDS[key];
    if (read && !read(meta, value.trim(), timeZone)) problems.push(`invalid ${key}: ${JSON.stringify(value)}`);
  }
  for (const key of Object.keys(meta) as Array<keyof BackupMeta>) if (meta[key] === undefined) delete meta[key];
  return { meta, problems };
}
