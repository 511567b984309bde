// `backups[].restore_test`: restore drills of a backup directory's dumps into a scratch server.
import { z } from 'zod';
import { duration } from '../../../config/schema.js';
import { parseByteSize } from './byte-size.js';
import { parseSchedule, type Schedule } from './schedule.js';

const byteSize = z.union([z.number().int().min(0), z.string()]).transform((value, ctx) => {
  const bytes = typeof value === 'number' ? value : parseByteSize(value);
  if (bytes === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a size "${String(value)}" (use bytes or 500MiB, 10GB, ...)` });
    return z.NEVER;
  }
  return bytes;
});

const schedule = z.string().transform((text, ctx) => {
  const parsed = parseSchedule(text);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

const check = z
  .strictObject({
    /** A query answering one number (e.g. `SELECT count(*) FROM orders`), run in the restored database. */
    sql: z.string().min(1).optional(),
    /** A table (`schema.table` or `table`) whose rows are counted. */
    table: z.string().min(1).optional(),
    /** The least value the query or count must reach. */
    min: z.number().min(0).default(1),
  })
  .refine((c) => (c.sql === undefined) !== (c.table === undefined), { message: 'give exactly one of sql and table' });

export const restoreTestSchema = z
  .strictObject({
    /** The scratch server's DSN (its database is the maintenance database, e.g. postgres). */
    server: z.string().min(1).optional(),
    /** A file holding that DSN (a secret: it may hold a password). */
    server_file: z.string().min(1).optional(),
    /** A file holding the password, for a DSN without one. */
    password_file: z.string().min(1).optional(),
    /** Where psql and pg_restore are (default: PATH, then /usr/lib/postgresql/<major>/bin, newest first). */
    pg_bin_dir: z.string().min(1).optional(),
    /** An interval (7d, 12h), `daily`/`weekly`, or a cron expression (`0 3 * * 0`). */
    schedule: schedule.default(parseSchedule('weekly') as Schedule),
    /** Only these databases (default: every database with dumps in the directory). */
    databases: z.array(z.string().min(1)).optional(),
    /** These dump files (names in the directory) instead of the newest good dump per (database, type). */
    files: z.array(z.string().min(1)).optional(),
    checks: z.array(check).default([]),
    /** A drill running longer is cancelled: its tool and session ended, its database dropped. */
    time_limit: duration.default(30 * 60_000),
    /** Dumps larger than this are not drilled; a restore growing past it is cancelled (too_large). */
    size_limit: byteSize.default(10 * 1024 ** 3),
    /** statement_timeout of every statement the drill runs (default: the time limit). */
    statement_timeout: duration.optional(),
    /** The scratch server may be a monitored target (the drill still only touches its own database). */
    allow_monitored_target: z.boolean().default(false),
    /** How many drill logs state_dir keeps. */
    keep_runs: z.number().int().min(1).max(1000).default(20),
  })
  .refine((r) => (r.server === undefined) !== (r.server_file === undefined), {
    message: 'give exactly one of server and server_file',
  });

export type RestoreTestConfig = z.output<typeof restoreTestSchema>;
export type RestoreCheck = RestoreTestConfig['checks'][number];
