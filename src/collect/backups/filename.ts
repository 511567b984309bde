import { isValidWallClock, wallClockToEpochMs } from './timezone.js';

export interface BackupFileName {
  readonly database: string;
  readonly type: string;
  /** The file name's timestamp, as seconds since the epoch. */
  readonly timestamp: number;
}

// The database name may itself contain underscores, so the greedy `(.+)` leaves type and timestamp to the right end.
const BACKUP_NAME = /^(.+)_([a-z]+)_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})\.sql\.gz$/;

/** `<dbname>_<type>_<YYYYMMDD>_<HHMMSS>.sql.gz` with the time in `timeZone`; null for any other name. */
export function parseBackupFileName(name: string, timeZone?: string): BackupFileName | null {
  const match = BACKUP_NAME.exec(name);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(3, 9).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = { year, month, day, hour, minute, second };
  if (!isValidWallClock(wall)) return null;
  return { database: match[1]!, type: match[2]!, timestamp: wallClockToEpochMs(wall, timeZone) / 1000 };
}

const DUMP_LIKE_NAME = /^.+_[a-z]+_\d{8}_\d{6}\.sql\.gz$/;

/** A name shaped like a dump's whose date or time cannot exist (20241340_250000): reported, never guessed at. */
export function hasImpossibleDate(name: string, timeZone?: string): boolean {
  return DUMP_LIKE_NAME.test(name) && parseBackupFileName(name, timeZone) === null;
}
